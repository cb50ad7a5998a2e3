using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Checks, once per run, that the statistics over the trials are finite numbers. Every trial's tallies
/// are finite (the runner checks them), but trials of 10³⁰⁰ each can still overflow the mean or the
/// variance; such a run stops here rather than write NaN (null) or infinity into its results.
/// </summary>
internal static class TotalsCheck
{
    /// <summary>Trials replayed at most to find the one that holds the largest value.</summary>
    private const long SearchLimit = 20_000;

    /// <summary>Throws <see cref="SimulationException"/> naming the first statistic that is not finite.</summary>
    public static void ThrowIfNotFinite(MonteCarloResult result)
    {
        for (int j = 0; j < result.Plans.Count; j++)
        {
            FlowPlan plan = result.Plans[j];
            foreach (var (name, accumulator, read) in Series(plan, result.Accumulators[j]))
            {
                MomentAccumulator m = accumulator.Moments;
                if (m.Count > 0 && !(double.IsFinite(m.Mean) && double.IsFinite(m.Variance) && double.IsFinite(m.StandardError)))
                {
                    throw new SimulationException(Message(result, j, name, m, read));
                }
            }
        }

        for (int j = 0; j < result.Paired.Count; j++)
        {
            PairedAccumulator[] set = result.Paired[j];
            for (int o = 0; o < set.Length; o++)
            {
                PairedSummary p = set[o].Summarise();
                if (p.Count > 0 && !(double.IsFinite(p.MeanDifference) && double.IsFinite(p.StdDevDifference)))
                {
                    throw new SimulationException(
                        $"the difference in {Name((Outcome)o)} between '{result.Plans[j + 1].PolicyName}' and '{result.Plans[0].PolicyName}' over {p.Count:N0} trials "
                        + "overflows (it is not a finite number): the trials' values are too large to average. Check for huge literals and for distributions with enormous tails.");
                }
            }
        }
    }

    private static string Message(MonteCarloResult result, int j, string name, MomentAccumulator m, Func<TrialState, double> read)
    {
        FlowPlan plan = result.Plans[j];
        string policy = plan.PolicyName == "baseline" ? "the baseline" : $"policy '{plan.PolicyName}'";
        string text = $"the statistics of {name} for {policy} over {m.Count:N0} trials overflow: single trials reach "
            + $"{m.Max.ToString("G6", CultureInfo.InvariantCulture)}, and their mean or variance is not a finite number (the largest number the engine holds is about 1.8e308).";

        // The trial that holds the largest value, found by replaying the first trials again.
        var state = new TrialState(plan);
        long limit = Math.Min(result.TrialsCompleted, SearchLimit);
        for (long trial = 0; trial < limit; trial++)
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(result.Options.Seed, trial));
            if (read(state) == m.Max)
            {
                return text + $" Trial {trial} is the largest. {FaultLocator.Culprit(plan, state.Values, state.DrawValues)} "
                    + "Check for huge literals and for distributions with enormous tails (lognormal takes mu and sigma of the logarithm).";
            }
        }

        return text + " Check for huge literals and for distributions with enormous tails (lognormal takes mu and sigma of the logarithm).";
    }

    /// <summary>Every series of a plan's statistics: its name, its accumulator and how to read it from a trial.</summary>
    private static IEnumerable<(string Name, OutcomeAccumulator Accumulator, Func<TrialState, double> Read)> Series(FlowPlan plan, RunAccumulator acc)
    {
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            yield return (Name(o), acc.Outcomes[(int)o], s => s.Outcomes[(int)o]);
        }

        for (int k = 0; k < plan.RouteCount; k++)
        {
            int i = k;
            yield return ($"leaked on route {plan.RouteKeys[k]}", acc.ByRoute[k], s => s.LeakedByRoute[i]);
        }

        for (int k = 0; k < plan.SourceCount; k++)
        {
            int i = k;
            yield return ($"leaked from source '{plan.NodeIds[plan.SourcePosition[k]]}'", acc.BySource[k], s => s.LeakedBySource[i]);
        }

        for (int c = 0; c < plan.Countries.Length; c++)
        {
            int i = c;
            string country = plan.Countries[c];
            yield return ($"leaked from country {country}", acc.BySourceCountry[c], s => s.LeakedBySourceCountry[i]);
            yield return ($"leaked through country {country}", acc.ByTransitCountry[c], s => s.LeakedByTransitCountry[i]);
            yield return ($"billed to {country}", acc.Billed[c], s => s.Billed[i]);
            yield return ($"received by {country}", acc.Received[c], s => s.Received[i]);
        }

        for (int e = 0; e < plan.IllicitEdgeCount; e++)
        {
            int i = e;
            yield return ($"interdicted on edge '{plan.IllicitEdgeIds[e]}'", acc.InterdictedByEdge[e], s => s.InterdictedByEdge[i]);
        }
    }

    private static string Name(Outcome o)
    {
        string name = o.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
