namespace ExportFlow.Simulation.Model;

/// <summary>A reference to a named parameter.</summary>
public sealed record ParameterQuantity(string Name, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => double.NaN;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
