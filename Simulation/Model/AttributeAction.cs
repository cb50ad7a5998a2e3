namespace ExportFlow.Simulation.Model;

/// <summary>Sets, scales or adds to an attribute of the selected nodes or edges.</summary>
public sealed record AttributeAction(RuleOperation Operation, AttributeId Attribute, Quantity Operand, SourceLocation Location)
    : PolicyAction(Location);
