namespace ExportFlow.Simulation.Cli;

/// <summary>
/// The allowed range of a whole-number option, checked by <see cref="StrictOptions"/> before the command
/// runs, so a bad value is reported as "--trials must be a whole number from 1 to …, got 'abc'".
/// </summary>
/// <param name="min">Smallest allowed value.</param>
/// <param name="max">Largest allowed value.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NumberRangeAttribute(double min, double max) : Attribute
{
    /// <summary>Smallest allowed value.</summary>
    public double Min { get; } = min;

    /// <summary>Largest allowed value.</summary>
    public double Max { get; } = max;
}
