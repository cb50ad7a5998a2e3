using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Cli;

/// <summary>A valid scenario and the warnings found while loading it (listed again in summary.json).</summary>
internal sealed record LoadedScenario(Scenario Scenario, IReadOnlyList<Diagnostic> Warnings);
