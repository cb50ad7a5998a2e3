namespace ExportFlow.Simulation.Statistics;

/// <summary>The target half-width of a precision run's 95 % interval: absolute, or relative to the estimate.</summary>
/// <param name="Value">The half-width in the statistic's unit, or the fraction of |estimate| (0.01 for 1 %). Range: &gt; 0; ≤ 1 when relative.</param>
/// <param name="Relative">Whether <paramref name="Value"/> is relative to the estimate.</param>
/// <param name="Text">The target as the user wrote it.</param>
internal sealed record PrecisionTarget(double Value, bool Relative, string Text)
{
    /// <summary>The half-width that is judged: absolute or relative, as the target is.</summary>
    public double Achieved(ConfidenceInterval interval) => Relative ? interval.RelativeHalfWidth : interval.HalfWidth;

    /// <summary>Whether <paramref name="interval"/> is at least as narrow as the target.</summary>
    public bool IsMet(ConfidenceInterval interval) => Achieved(interval) <= Value;
}
