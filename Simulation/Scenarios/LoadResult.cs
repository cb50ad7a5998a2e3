using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>The outcome of loading a scenario file: the scenario when it is valid, and every diagnostic.</summary>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the scenario can be run (warnings allowed).</summary>
    public bool Succeeded => Scenario is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}
