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
        _series = [.. Outcomes, .. ByRoute, .. BySource, .. BySourceCountry, .. ByTransitCountry, .. InterdictedByEdge, .. Billed, .. Received, SaturatedShare];
        _buffer = new double[_series.Length * BufferTrials];
        _column = new double[BufferTrials];
    }

    // Trials are buffered, one row of every statistic per trial, and added 64 at a time (see
    // OutcomeAccumulator.AddBlock); 64 rows of a few hundred statistics stay in the core's cache.
    private const int BufferTrials = 64;
    private readonly OutcomeAccumulator[] _series;
    private readonly double[] _buffer;
    private readonly double[] _column;
    private int _buffered;

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
    public long Count => SaturatedShare.Moments.Count + _buffered;

    /// <summary>Adds the tallies of the trial just run.</summary>
    public void Add(TrialState s)
    {
        if (_buffered == BufferTrials)
        {
            Flush();
        }

        int at = _buffered * _series.Length;
        Buffer(s.Outcomes, ref at);
        Buffer(s.LeakedByRoute, ref at);
        Buffer(s.LeakedBySource, ref at);
        Buffer(s.LeakedBySourceCountry, ref at);
        Buffer(s.LeakedByTransitCountry, ref at);
        Buffer(s.InterdictedByEdge, ref at);
        Buffer(s.Billed, ref at);
        Buffer(s.Received, ref at);
        _buffer[at] = s.SaturatedShare;
        _buffered++;
        if (s.Outcomes[(int)Outcome.Unmet] > 0)
        {
            UnmetTrials++;
        }
    }

    /// <summary>Adds the buffered trials to the statistics; done before a merge and when the buffer is full.</summary>
    public void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        int width = _series.Length;
        double[] column = _column;
        for (int i = 0; i < width; i++)
        {
            for (int t = 0; t < _buffered; t++)
            {
                column[t] = _buffer[(t * width) + i];
            }

            _series[i].AddBlock(column.AsSpan(0, _buffered));
        }

        _buffered = 0;
    }

    /// <summary>Merges <paramref name="other"/> (the next block in order) into this.</summary>
    public void Merge(RunAccumulator other)
    {
        Flush();
        other.Flush();
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
        _buffered = 0;
    }

    private void Buffer(double[] values, ref int at)
    {
        values.AsSpan().CopyTo(_buffer.AsSpan(at));
        at += values.Length;
    }

    private static void MergeAll(OutcomeAccumulator[] into, OutcomeAccumulator[] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i].Merge(from[i]);
        }
    }
}
