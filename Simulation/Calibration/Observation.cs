using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Calibration;

/// <summary>One public observation of an evidence file.</summary>
/// <param name="Id">Its identifier, unique in the file.</param>
/// <param name="Target">What it observes.</param>
/// <param name="From">First period of the window it sums over (1-based).</param>
/// <param name="Until">Last period of the window; null for the horizon's last period.</param>
/// <param name="Observed">The observed value; NaN for a <c>between</c> observation that gives none.</param>
/// <param name="Error">Its error model.</param>
/// <param name="Source">Where the figure comes from.</param>
/// <param name="Location">Where the observation starts in the file.</param>
/// <param name="TargetLocation">Where its <c>outcome</c> is written.</param>
/// <param name="PeriodsLocation">Where its <c>periods</c> are written (the observation's start when absent).</param>
/// <param name="DenominatorWindow">
/// For a ratio, the window its denominator is summed over when it differs from the numerator's
/// (<c>denominatorPeriods</c>: a growth rate such as this quarter over the same quarter a year before); null when both
/// are summed over <paramref name="From"/>–<paramref name="Until"/>.
/// </param>
internal sealed record Observation(
    string Id,
    ObservationTarget Target,
    int From,
    int? Until,
    double Observed,
    ErrorModel Error,
    string Source,
    SourceLocation Location,
    SourceLocation TargetLocation,
    SourceLocation PeriodsLocation,
    (int From, int Until)? DenominatorWindow = null);
