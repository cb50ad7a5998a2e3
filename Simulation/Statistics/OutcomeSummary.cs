namespace ExportFlow.Simulation.Statistics;

/// <summary>Everything the report needs about one scalar outcome over a run's trials.</summary>
/// <param name="Count">Number of trials. Range: ≥ 0.</param>
/// <param name="Mean">Mean over trials, in the outcome's unit; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="StdDev">Sample standard deviation (n − 1 denominator); 0 when fewer than two trials.</param>
/// <param name="StandardError">Standard error of the mean, StdDev/√Count; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Min">Smallest value; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Max">Largest value; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="P05">5th percentile from the quantile sketch (see <see cref="QuantileSketch"/> for rank convention and error bound).</param>
/// <param name="P25">25th percentile from the quantile sketch.</param>
/// <param name="P50">Median from the quantile sketch.</param>
/// <param name="P75">75th percentile from the quantile sketch.</param>
/// <param name="P95">95th percentile from the quantile sketch.</param>
/// <param name="Exceedances">P(value &gt; threshold) for each threshold, in the order the thresholds were given.</param>
public sealed record OutcomeSummary(
    long Count,
    double Mean,
    double StdDev,
    double StandardError,
    double Min,
    double Max,
    double P05,
    double P25,
    double P50,
    double P75,
    double P95,
    IReadOnlyList<Exceedance> Exceedances);
