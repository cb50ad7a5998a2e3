using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Analysis;

/// <summary>One run of a comparison: the reference (index 0) or a compared policy or file.</summary>
/// <param name="Label">Name shown in reports: the policy's name, or for files the scenario's name (its file name when two scenarios share a name).</param>
/// <param name="File">Path of the scenario file, as given.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Sha256">SHA-256 of the scenario file, lower-case hex.</param>
/// <param name="Policy">The policy applied, or "baseline".</param>
/// <param name="Leaked">Leakage over the run's trials, quantity units per trial.</param>
/// <param name="LeakedQuantiles">
/// Leakage quantiles at <see cref="Comparison.QuantileLevels"/>, from the run's quantile sketch (relative
/// accuracy 0.5 %); NaN when no trial completed.
/// </param>
public sealed record ComparedRun(
    string Label,
    string File,
    string Scenario,
    string Sha256,
    string Policy,
    OutcomeSummary Leaked,
    IReadOnlyList<double> LeakedQuantiles);
