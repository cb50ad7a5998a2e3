namespace ExportFlow.Simulation.Analysis;

/// <summary>
/// A comparison run: every run's leakage and every compared run against the reference (index 0 of
/// <paramref name="Runs"/>), trial by trial with common random numbers.
/// </summary>
/// <param name="Kind">Policies of one file, or several files.</param>
/// <param name="QuantityUnit">Unit of every quantity.</param>
/// <param name="Periods">Periods in the reference scenario's horizon.</param>
/// <param name="PeriodUnit">Name of one period.</param>
/// <param name="Trials">Trials completed (the same for every run).</param>
/// <param name="Seed">Seed of every run.</param>
/// <param name="Partial">True when the run was interrupted.</param>
/// <param name="QuantileLevels">Levels q of <see cref="ComparedRun.LeakedQuantiles"/>: 0.01, 0.02, …, 0.99.</param>
/// <param name="Runs">The reference run first, then the compared runs.</param>
/// <param name="Comparisons">Each compared run against the reference, in the order of <paramref name="Runs"/>[1..].</param>
public sealed record Comparison(
    ComparisonKind Kind,
    string QuantityUnit,
    int Periods,
    string PeriodUnit,
    long Trials,
    ulong Seed,
    bool Partial,
    IReadOnlyList<double> QuantileLevels,
    IReadOnlyList<ComparedRun> Runs,
    IReadOnlyList<PolicyComparison> Comparisons)
{
    /// <summary>The reference run's label.</summary>
    public string Reference => Runs[0].Label;

    /// <summary>The one-line verdict on <paramref name="comparison"/>.</summary>
    public string VerdictOf(PolicyComparison comparison) => Verdict.For(comparison, Kind, QuantityUnit);
}
