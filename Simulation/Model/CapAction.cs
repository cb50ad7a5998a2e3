namespace ExportFlow.Simulation.Model;

/// <summary>Adds a cap on the selected nodes.</summary>
public sealed record CapAction(Cap Cap, SourceLocation Location) : PolicyAction(Location);
