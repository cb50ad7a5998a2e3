using System.Globalization;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>The statistic a precision run judges: the mean, a percentile or an exceedance probability of one outcome.</summary>
/// <param name="Kind">Mean, percentile or exceedance.</param>
/// <param name="Level">For a percentile the level p (0.95 for p95, strictly between 0 and 1); for an exceedance the threshold X (finite); 0 for the mean.</param>
/// <param name="Outcome">The outcome it is a statistic of.</param>
/// <param name="Name">How the user names it: <c>mean</c>, <c>p95</c>, <c>exceed:50000</c>.</param>
internal sealed record PrecisionStatistic(PrecisionStatisticKind Kind, double Level, Outcome Outcome, string Name)
{
    /// <summary>A phrase for messages: "the mean of leaked", "p95 of leaked", "P(leaked > 50000)".</summary>
    public string Describe(string outcomeKey) => Kind switch
    {
        PrecisionStatisticKind.Mean => $"the mean of {outcomeKey}",
        PrecisionStatisticKind.Percentile => $"{Name} of {outcomeKey}",
        _ => $"P({outcomeKey} > {Level.ToString("R", CultureInfo.InvariantCulture)})",
    };

    /// <summary>The statistic's estimate and 95 % interval over the trials <paramref name="accumulator"/> holds (at least one).</summary>
    public ConfidenceInterval Evaluate(OutcomeAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        switch (Kind)
        {
            case PrecisionStatisticKind.Mean:
                return PrecisionIntervals.Mean(accumulator.Moments.Mean, accumulator.Moments.StandardError);
            case PrecisionStatisticKind.Percentile:
                return PrecisionIntervals.Percentile(accumulator.Sketch, Level);
            default:
                OutcomeSummary summary = accumulator.Summarise();
                Exceedance exceedance = summary.Exceedances.First(e => e.Threshold.Equals(Level));

                // The probability is count/n rounded once, so count = round(probability·n) exactly.
                long count = (long)Math.Round(exceedance.Probability * summary.Count);
                return PrecisionIntervals.Wilson(count, summary.Count);
        }
    }

    /// <summary>The mean paired difference (compared − reference) with its 95 % interval; for <see cref="PrecisionStatisticKind.Mean"/> in a comparison.</summary>
    public static ConfidenceInterval EvaluateDifference(PairedAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        PairedSummary s = accumulator.Summarise();
        return new ConfidenceInterval(s.MeanDifference, s.DifferenceLow, s.DifferenceHigh);
    }
}
