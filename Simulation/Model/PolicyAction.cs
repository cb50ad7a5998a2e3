namespace ExportFlow.Simulation.Model;

/// <summary>One action of a policy rule.</summary>
public abstract record PolicyAction(SourceLocation Location);
