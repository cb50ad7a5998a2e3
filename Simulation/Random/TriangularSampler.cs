namespace ExportFlow.Simulation.Random;

/// <summary>Triangular(min, mode, max) variates by inversion of one uniform.</summary>
public static class TriangularSampler
{
    /// <summary>Draws one Triangular(min, mode, max) variate after checking the arguments.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ mode.</param>
    /// <param name="mode">Mode. Range: finite, min ≤ mode ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, mode ≤ max.</param>
    /// <param name="stream">The stream; reads one uniform, none when min = max.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max; rises with the uniform.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite or the order is broken.</exception>
    public static double Sample(double min, double mode, double max, ref EventStream stream)
    {
        Require.OrderedFinite(min, mode, max);
        return SampleUnchecked(min, mode, max, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ mode.</param>
    /// <param name="mode">Mode. Range: finite, min ≤ mode ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, mode ≤ max.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max.</returns>
    public static double SampleUnchecked(double min, double mode, double max, ref EventStream stream)
    {
        if (min >= max)
        {
            return min;
        }

        double u = stream.NextUniform();
        double width = max - min;
        double left = mode - min;
        double x = u * width < left
            ? min + Math.Sqrt(u * width * left)
            : max - Math.Sqrt((1.0 - u) * width * (max - mode));
        return Math.Clamp(x, min, max);
    }
}
