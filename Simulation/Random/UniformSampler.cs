namespace ExportFlow.Simulation.Random;

/// <summary>Continuous uniform variates on [min, max] by inversion of one uniform.</summary>
public static class UniformSampler
{
    /// <summary>Draws one Uniform(min, max) variate after checking the arguments.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, max ≥ min.</param>
    /// <param name="stream">The stream; reads one uniform, none when min = max.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max; rises with the uniform.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or min &gt; max.</exception>
    public static double Sample(double min, double max, ref EventStream stream)
    {
        Require.OrderedFinite(min, min, max);
        return SampleUnchecked(min, max, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, max ≥ min.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max.</returns>
    public static double SampleUnchecked(double min, double max, ref EventStream stream)
    {
        if (min >= max)
        {
            return min;
        }

        double x = min + ((max - min) * stream.NextUniform());
        return Math.Min(x, max);
    }
}
