namespace ExportFlow.Simulation.Statistics;

/// <summary>The estimated probability that an outcome exceeds a threshold.</summary>
/// <param name="Threshold">The threshold, in the outcome's unit (e.g. chips over the horizon).</param>
/// <param name="Probability">
/// P(value &gt; threshold), strictly greater, as the share of trials above the threshold.
/// Range: 0 ≤ p ≤ 1; <see cref="double.NaN"/> when there were no trials.
/// </param>
public sealed record Exceedance(double Threshold, double Probability);
