namespace ExportFlow.Simulation.Model;

/// <summary>An overlay on the baseline: rules applied in file order.</summary>
public sealed record Policy(string Name, string Description, IReadOnlyList<PolicyRule> Rules, SourceLocation Location);
