using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Calibration;

/// <summary>The outcome of loading an evidence file: the evidence when it is valid, and every diagnostic.</summary>
/// <param name="Evidence">The evidence, or null when there were errors.</param>
/// <param name="Diagnostics">Every problem found, sorted by position.</param>
internal sealed record EvidenceLoadResult(EvidenceFile? Evidence, IReadOnlyList<Diagnostic> Diagnostics);
