namespace ExportFlow.Simulation.Model;

/// <summary>Requires a licence (approval probability, lot) on legit import edges into the selected nodes.</summary>
public sealed record LicenceAction(Quantity Approval, Quantity Lot, SourceLocation Location) : PolicyAction(Location);
