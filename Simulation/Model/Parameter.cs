namespace ExportFlow.Simulation.Model;

/// <summary>A named uncertain input, drawn once per trial or once per period.</summary>
/// <param name="Name">Identifier used by quantities.</param>
/// <param name="Value">A literal or a distribution (never another parameter).</param>
/// <param name="PerPeriod">Redrawn every period when true.</param>
/// <param name="Description">Free text.</param>
/// <param name="Location">Where the parameter is declared.</param>
public sealed record Parameter(string Name, Quantity Value, bool PerPeriod, string Description, SourceLocation Location);
