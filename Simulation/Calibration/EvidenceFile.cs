namespace ExportFlow.Simulation.Calibration;

/// <summary>A parsed evidence file: the observations a calibration conditions on.</summary>
/// <param name="File">Its path as given.</param>
/// <param name="Sha256">SHA-256 of its bytes (lower-case hex).</param>
/// <param name="Scenario">The scenario name it says it is for, or null.</param>
/// <param name="Observations">Its observations, in file order.</param>
internal sealed record EvidenceFile(string File, string Sha256, string? Scenario, IReadOnlyList<Observation> Observations);
