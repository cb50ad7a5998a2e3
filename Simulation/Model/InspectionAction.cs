namespace ExportFlow.Simulation.Model;

/// <summary>Changes detection on illicit edges leaving, entering or touching the selected nodes.</summary>
public sealed record InspectionAction(InspectionSide Side, RuleOperation Operation, Quantity Operand, SourceLocation Location)
    : PolicyAction(Location);
