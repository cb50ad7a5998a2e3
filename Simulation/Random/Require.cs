using System.Runtime.CompilerServices;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// Argument checks shared by the samplers. Each throws <see cref="ArgumentOutOfRangeException"/>, and each
/// treats NaN as out of range (the BCL's <c>ThrowIfNegative</c> lets NaN through).
/// </summary>
internal static class Require
{
    public static void Probability(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a probability, 0 ≤ p ≤ 1.");
        }
    }

    public static void Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite.");
        }
    }

    public static void NonNegativeFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and ≥ 0.");
        }
    }

    public static void PositiveFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0.0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and > 0.");
        }
    }

    public static void NonNegative(long value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be ≥ 0.");
        }
    }

    /// <summary>Checks min ≤ mode ≤ max, all finite.</summary>
    public static void OrderedFinite(double min, double mode, double max)
    {
        Finite(min);
        Finite(mode);
        Finite(max);
        if (!(min <= mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Must satisfy min ≤ mode.");
        }

        if (!(mode <= max))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "Must satisfy mode ≤ max.");
        }
    }
}
