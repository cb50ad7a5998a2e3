namespace ExportFlow.Simulation.Model;

/// <summary>An inline distribution.</summary>
public sealed record DistributionQuantity(Distribution Distribution, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => Distribution.Mean;

    /// <inheritdoc/>
    public override string ToString() => Distribution.Text;
}
