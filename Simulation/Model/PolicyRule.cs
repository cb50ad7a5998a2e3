namespace ExportFlow.Simulation.Model;

/// <summary>A selector and the actions applied, in file order, to what it selects.</summary>
public sealed record PolicyRule(NodeSelector? Nodes, EdgeSelector? Edges, IReadOnlyList<PolicyAction> Actions, SourceLocation Location);
