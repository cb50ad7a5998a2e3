namespace ExportFlow.Simulation.Model;

/// <summary>One action of a policy rule.</summary>
public abstract record PolicyAction(SourceLocation Location);

/// <summary>Sets, scales or adds to an attribute of the selected nodes or edges.</summary>
public sealed record AttributeAction(RuleOperation Operation, AttributeId Attribute, Quantity Operand, SourceLocation Location)
    : PolicyAction(Location);

/// <summary>Requires a licence (approval probability, lot) on legit import edges into the selected nodes.</summary>
public sealed record LicenceAction(Quantity Approval, Quantity Lot, SourceLocation Location) : PolicyAction(Location);

/// <summary>Changes detection on illicit edges leaving, entering or touching the selected nodes.</summary>
public sealed record InspectionAction(InspectionSide Side, RuleOperation Operation, Quantity Operand, SourceLocation Location)
    : PolicyAction(Location);

/// <summary>Adds a cap on the selected nodes.</summary>
public sealed record CapAction(Cap Cap, SourceLocation Location) : PolicyAction(Location);
