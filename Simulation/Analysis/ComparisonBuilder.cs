using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Analysis;

/// <summary>Turns a run of several plans (the reference first) into a <see cref="Comparison"/>.</summary>
internal static class ComparisonBuilder
{
    /// <summary>Normal quantile of the 95 % intervals, as the design fixes it.</summary>
    public const double Z = 1.96;

    /// <summary>Levels of the leakage quantiles kept for the CDF chart: 0.01, 0.02, …, 0.99.</summary>
    public static readonly IReadOnlyList<double> QuantileLevels = [.. Enumerable.Range(1, 99).Select(i => i / 100.0)];

    /// <summary>Builds the comparison of every plan of <paramref name="result"/> against its first plan.</summary>
    /// <param name="result">A run of at least two plans that share their structure (see <see cref="StructureCheck"/>).</param>
    /// <param name="kind">Policies of one file, or several files.</param>
    /// <param name="labels">One label per plan.</param>
    /// <param name="targeted">
    /// Per plan, the countries it targets; entry 0 is ignored. Null (or a null entry) means "the
    /// countries whose source leakage fell", as for files.
    /// </param>
    public static Comparison Build(MonteCarloResult result, ComparisonKind kind, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<string>?>? targeted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(result.Plans.Count, 2);
        FlowPlan reference = result.Plans[0];
        var runs = new ComparedRun[result.Plans.Count];
        for (int j = 0; j < runs.Length; j++)
        {
            FlowPlan plan = result.Plans[j];
            OutcomeAccumulator leaked = result.Accumulators[j].Outcomes[(int)Outcome.Leaked];
            double[] quantiles = [.. QuantileLevels.Select(leaked.Sketch.Quantile)];
            runs[j] = new ComparedRun(labels[j], plan.Scenario.File, plan.Scenario.Name, plan.Scenario.Sha256, plan.PolicyName, leaked.Summarise(), quantiles);
        }

        var comparisons = new PolicyComparison[result.Plans.Count - 1];
        for (int j = 1; j < result.Plans.Count; j++)
        {
            comparisons[j - 1] = Compare(result, j, labels, targeted?[j]);
        }

        return new Comparison(
            kind,
            reference.Scenario.QuantityUnit,
            reference.Periods,
            reference.Scenario.PeriodUnit,
            result.TrialsCompleted,
            result.Options.Seed,
            result.Partial,
            QuantileLevels,
            runs,
            comparisons);
    }

    private static PolicyComparison Compare(MonteCarloResult result, int j, IReadOnlyList<string> labels, IReadOnlyList<string>? targeted)
    {
        FlowPlan plan = result.Plans[j];
        RunAccumulator r = result.Accumulators[0], c = result.Accumulators[j];
        var paired = Enum.GetValues<Outcome>().ToDictionary(o => o, o => result.Paired[j - 1][(int)o].Summarise());
        string[] countries = plan.Countries;

        // Targeted countries: the policy's, or (for files) those whose source leakage fell.
        var sourceChanges = Enumerable.Range(0, countries.Length)
            .Select(i => Change(countries[i], r.BySourceCountry[i], c.BySourceCountry[i]))
            .ToArray();
        var targetedSet = (targeted ?? [.. sourceChanges.Where(x => x.Change < 0).Select(x => x.Name)])
            .ToHashSet(StringComparer.Ordinal);
        double fall = 0, fallVariance = 0;
        for (int i = 0; i < countries.Length; i++)
        {
            if (targetedSet.Contains(countries[i]))
            {
                fall -= sourceChanges[i].Change;
                fallVariance += Variance(r.BySourceCountry[i]) + Variance(c.BySourceCountry[i]);
            }
        }

        var bySource = sourceChanges.Select(x => targetedSet.Contains(x.Name)
            ? x with { Targeted = true }
            : x with { Displacement = fall > 0 ? x.Change / fall : null }).ToArray();
        var byTransit = Enumerable.Range(0, countries.Length)
            .Select(i => Change(countries[i], r.ByTransitCountry[i], c.ByTransitCountry[i]))
            .ToArray();
        var byRoute = Enumerable.Range(0, plan.RouteCount)
            .Select(k => Change(plan.RouteKeys[k], r.ByRoute[k], c.ByRoute[k]))
            .ToArray();

        return new PolicyComparison(
            labels[j],
            labels[0],
            c.Outcomes[(int)Outcome.Leaked].Summarise(),
            c.Outcomes[(int)Outcome.Deterred].Summarise(),
            c.Outcomes[(int)Outcome.Unmet].Summarise(),
            paired,
            [.. targetedSet.Order(StringComparer.Ordinal)],
            fall,
            Z * Math.Sqrt(fallVariance),
            bySource,
            byTransit,
            byRoute);
    }

    private static BreakdownChange Change(string name, OutcomeAccumulator reference, OutcomeAccumulator compared)
    {
        double r = reference.Moments.Mean, c = compared.Moments.Mean;
        double noise = Z * Math.Sqrt(Variance(reference) + Variance(compared));
        return new BreakdownChange(name, r, c, c - r, noise, false, null);
    }

    /// <summary>The squared standard error of the mean.</summary>
    private static double Variance(OutcomeAccumulator a)
    {
        double se = a.Moments.StandardError;
        return se * se;
    }
}
