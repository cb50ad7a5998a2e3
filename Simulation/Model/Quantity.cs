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
