namespace ExportFlow.Simulation.Model;

/// <summary>
/// A numeric attribute as written: a literal, the name of a scenario parameter, or an inline
/// distribution drawn once per trial.
/// </summary>
public abstract record Quantity(SourceLocation Location)
{
    /// <summary>A representative value (the literal, the distribution's mean, or NaN for a parameter).</summary>
    public abstract double Central { get; }
}

/// <summary>A fixed number.</summary>
public sealed record LiteralQuantity(double Value, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => Value;

    /// <inheritdoc/>
    public override string ToString() => double.IsPositiveInfinity(Value) ? ".inf" : Value.ToString("R");
}

/// <summary>A reference to a named parameter.</summary>
public sealed record ParameterQuantity(string Name, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => double.NaN;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>An inline distribution.</summary>
public sealed record DistributionQuantity(Distribution Distribution, SourceLocation Location) : Quantity(Location)
{
    /// <inheritdoc/>
    public override double Central => Distribution.Mean;

    /// <inheritdoc/>
    public override string ToString() => Distribution.Text;
}
