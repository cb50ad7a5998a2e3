namespace ExportFlow.Simulation.Random;

/// <summary>
/// PERT(min, mode, max) variates: min + (max − min)·Beta(1 + 4(mode − min)/(max − min),
/// 1 + 4(max − mode)/(max − min)), the beta drawn from two gammas (see <see cref="BetaSampler"/>).
/// </summary>
public static class PertSampler
{
    /// <summary>Draws one PERT(min, mode, max) variate after checking the arguments.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ mode.</param>
    /// <param name="mode">Most likely value. Range: finite, min ≤ mode ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, mode ≤ max.</param>
    /// <param name="stream">The stream; reads a variable number of uniforms (rejection), none when
    /// min = max.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max; mean (min + 4·mode + max)/6.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite or the order is broken.</exception>
    public static double Sample(double min, double mode, double max, ref EventStream stream)
    {
        Require.OrderedFinite(min, mode, max);
        return SampleUnchecked(min, mode, max, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="min">Lower bound. Range: finite, min ≤ mode.</param>
    /// <param name="mode">Most likely value. Range: finite, min ≤ mode ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, mode ≤ max.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max.</returns>
    public static double SampleUnchecked(double min, double mode, double max, ref EventStream stream)
    {
        if (min >= max)
        {
            return min;
        }

        double width = max - min;
        double alpha = 1.0 + (4.0 * (mode - min) / width);
        double beta = 1.0 + (4.0 * (max - mode) / width);
        double y = BetaSampler.SampleUnchecked(alpha, beta, ref stream);
        return Math.Clamp(min + (width * y), min, max);
    }
}
