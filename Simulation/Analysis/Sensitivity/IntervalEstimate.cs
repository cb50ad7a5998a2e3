namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>A point estimate with its nominal 95 % interval.</summary>
/// <param name="Value">The point estimate.</param>
/// <param name="Low">Lower end of the 95 % interval. Range: ≤ <paramref name="Value"/> for the
/// normal, t and Fisher intervals; a bootstrap percentile interval need not contain the estimate.</param>
/// <param name="High">Upper end of the 95 % interval.</param>
public readonly record struct IntervalEstimate(double Value, double Low, double High)
{
    /// <summary>True when <paramref name="x"/> lies in [<see cref="Low"/>, <see cref="High"/>].</summary>
    /// <param name="x">The value to test.</param>
    /// <returns>Whether the interval contains <paramref name="x"/>.</returns>
    public bool Contains(double x) => Low <= x && x <= High;
}
