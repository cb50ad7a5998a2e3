namespace ExportFlow.Simulation.Model;

/// <summary>A fixed number.</summary>
public sealed record LiteralQuantity(double Value, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => Value;

    /// <inheritdoc/>
    public override string ToString() => double.IsPositiveInfinity(Value) ? ".inf" : Value.ToString("R");
}
