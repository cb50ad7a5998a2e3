using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Every statistic of a run under one plan: the scalar outcomes, the breakdowns (route, source,
/// source country, transit country, interdiction by edge, billed and received by country) and the
/// binding regime. Built per block of trials and merged in block order, so the result does not
/// depend on the thread count. Memory does not grow with the number of trials.
/// </summary>
internal sealed class RunAccumulator
{
    public RunAccumulator(FlowPlan plan, IReadOnlyList<double> thresholds)
    {
        OutcomeAccumulator Make() => new(thresholds);
        OutcomeAccumulator[] Many(int count) => [.. Enumerable.Range(0, count).Select(_ => Make())];
        Outcomes = Many(TrialState.OutcomeCount);
        ByRoute = Many(plan.RouteCount);
        BySource = Many(plan.SourceCount);
        BySourceCountry = Many(plan.Countries.Length);
        ByTransitCountry = Many(plan.Countries.Length);
        InterdictedByEdge = Many(plan.IllicitEdgeCount);
        Billed = Many(plan.Countries.Length);
        Received = Many(plan.Countries.Length);
        SaturatedShare = Make();
    }

    public OutcomeAccumulator[] Outcomes { get; }
    public OutcomeAccumulator[] ByRoute { get; }
    public OutcomeAccumulator[] BySource { get; }
    public OutcomeAccumulator[] BySourceCountry { get; }
    public OutcomeAccumulator[] ByTransitCountry { get; }
    public OutcomeAccumulator[] InterdictedByEdge { get; }
    public OutcomeAccumulator[] Billed { get; }
    public OutcomeAccumulator[] Received { get; }
    public OutcomeAccumulator SaturatedShare { get; }

    /// <summary>Trials with unmet illicit demand.</summary>
    public long UnmetTrials { get; private set; }

    /// <summary>Trials added.</summary>
    public long Count => SaturatedShare.Moments.Count;

    /// <summary>Adds the tallies of the trial just run.</summary>
    public void Add(TrialState s)
    {
        AddAll(Outcomes, s.Outcomes);
        AddAll(ByRoute, s.LeakedByRoute);
        AddAll(BySource, s.LeakedBySource);
        AddAll(BySourceCountry, s.LeakedBySourceCountry);
        AddAll(ByTransitCountry, s.LeakedByTransitCountry);
        AddAll(InterdictedByEdge, s.InterdictedByEdge);
        AddAll(Billed, s.Billed);
        AddAll(Received, s.Received);
        SaturatedShare.Add(s.SaturatedShare);
        if (s.Outcomes[(int)Outcome.Unmet] > 0)
        {
            UnmetTrials++;
        }
    }

    /// <summary>Merges <paramref name="other"/> (the next block in order) into this.</summary>
    public void Merge(RunAccumulator other)
    {
        MergeAll(Outcomes, other.Outcomes);
        MergeAll(ByRoute, other.ByRoute);
        MergeAll(BySource, other.BySource);
        MergeAll(BySourceCountry, other.BySourceCountry);
        MergeAll(ByTransitCountry, other.ByTransitCountry);
        MergeAll(InterdictedByEdge, other.InterdictedByEdge);
        MergeAll(Billed, other.Billed);
        MergeAll(Received, other.Received);
        SaturatedShare.Merge(other.SaturatedShare);
        UnmetTrials += other.UnmetTrials;
    }

    /// <summary>Clears every statistic (to reuse a block accumulator).</summary>
    public void Reset()
    {
        foreach (var group in new[] { Outcomes, ByRoute, BySource, BySourceCountry, ByTransitCountry, InterdictedByEdge, Billed, Received })
        {
            foreach (OutcomeAccumulator a in group)
            {
                a.Reset();
            }
        }

        SaturatedShare.Reset();
        UnmetTrials = 0;
    }

    private static void AddAll(OutcomeAccumulator[] accumulators, double[] values)
    {
        for (int i = 0; i < accumulators.Length; i++)
        {
            accumulators[i].Add(values[i]);
        }
    }

    private static void MergeAll(OutcomeAccumulator[] into, OutcomeAccumulator[] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i].Merge(from[i]);
        }
    }
}
