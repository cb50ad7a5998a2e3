using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Cli;

/// <summary>A checked <c>--precision</c> request: the target, the statistic and the trial bounds.</summary>
/// <param name="Target">The target half-width of the 95 % interval.</param>
/// <param name="Statistic">The statistic judged.</param>
/// <param name="MinTrials">Trials before the first check (<c>--trials</c>, default <see cref="PrecisionSettings.DefaultMinTrials"/> or --max-trials if smaller).</param>
/// <param name="MaxTrials">Trials at most (<c>--max-trials</c>).</param>
internal sealed record PrecisionRequest(PrecisionTarget Target, PrecisionStatistic Statistic, long MinTrials, long MaxTrials)
{
    /// <summary>The thresholds a run needs: the user's, plus the exceedance threshold if the statistic is one and it is not among them.</summary>
    public IReadOnlyList<double> Thresholds(IReadOnlyList<double> given) =>
        Statistic.Kind == PrecisionStatisticKind.Exceedance && !given.Contains(Statistic.Level) ? [.. given, Statistic.Level] : given;

    /// <summary>The outcome's key as summary.json spells it.</summary>
    public string OutcomeKey => Reporting.RunSummaryWriter.Key(Statistic.Outcome);

    /// <summary>Every outcome key, for messages.</summary>
    public static string OutcomeKeys => string.Join(", ", Enum.GetValues<Outcome>().Select(Reporting.RunSummaryWriter.Key));
}
