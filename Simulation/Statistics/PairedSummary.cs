namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Paired comparison of a policy P with a baseline B over the same trials (common random numbers):
/// Δ = P − B trial by trial. Intervals are normal approximations at z = 1.96 (nominal 95 %).
/// Every statistic is NaN when <paramref name="Count"/> is 0.
/// </summary>
/// <param name="Count">Number of paired trials N. Range: ≥ 0.</param>
/// <param name="MeanBaseline">mean(B), in the outcome's unit.</param>
/// <param name="MeanPolicy">mean(P), in the outcome's unit.</param>
/// <param name="MeanDifference">mean(Δ), in the outcome's unit; negative when the policy lowers the outcome.</param>
/// <param name="StdDevDifference">Sample standard deviation s_Δ of Δ (n − 1 denominator); 0 when N &lt; 2.</param>
/// <param name="DifferenceLow">mean(Δ) − 1.96·s_Δ/√N.</param>
/// <param name="DifferenceHigh">mean(Δ) + 1.96·s_Δ/√N.</param>
/// <param name="RelativeReduction">R = 1 − mean(P)/mean(B), a share (0.3 = 30 % lower); NaN when mean(B) = 0.</param>
/// <param name="RelativeReductionLow">
/// R − 1.96·se(R), with the delta-method standard error
/// se(R) = √((s_P² − 2r·s_PB + r²·s_B²)/N)/|mean(B)|, r = mean(P)/mean(B), sample (co)variances with
/// n − 1 denominators; NaN when mean(B) = 0.
/// </param>
/// <param name="RelativeReductionHigh">R + 1.96·se(R); NaN when mean(B) = 0.</param>
/// <param name="ProbabilityLess">Share of trials with P &lt; B. Range: [0, 1].</param>
/// <param name="ProbabilityEqual">Share of trials with P = B exactly (bitwise equal values). Range: [0, 1].</param>
/// <param name="ProbabilityGreater">Share of trials with P &gt; B. The three shares sum to 1.</param>
/// <param name="PairedIntervalWidth">Width of the paired interval for mean(Δ): 2·1.96·s_Δ/√N. Range: ≥ 0.</param>
/// <param name="IndependentIntervalWidth">
/// Width independent seeds would have given, 2·1.96·√((s_B² + s_P²)/N), from the same trials. Range: ≥ 0.
/// </param>
/// <param name="DifferenceP05">5th percentile of Δ from a quantile sketch (see <see cref="QuantileSketch"/>).</param>
/// <param name="DifferenceP50">Median of Δ from a quantile sketch.</param>
/// <param name="DifferenceP95">95th percentile of Δ from a quantile sketch.</param>
public sealed record PairedSummary(
    long Count,
    double MeanBaseline,
    double MeanPolicy,
    double MeanDifference,
    double StdDevDifference,
    double DifferenceLow,
    double DifferenceHigh,
    double RelativeReduction,
    double RelativeReductionLow,
    double RelativeReductionHigh,
    double ProbabilityLess,
    double ProbabilityEqual,
    double ProbabilityGreater,
    double PairedIntervalWidth,
    double IndependentIntervalWidth,
    double DifferenceP05,
    double DifferenceP50,
    double DifferenceP95);
