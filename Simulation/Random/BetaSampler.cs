namespace ExportFlow.Simulation.Random;

/// <summary>
/// Beta(alpha, beta) variates as X/(X + Y) with X ~ Gamma(alpha, 1) drawn first and Y ~ Gamma(beta, 1)
/// second, from the same stream.
/// </summary>
/// <remarks>
/// Implementation note: when a shape is below 1 the ratio is taken in logs, 1/(1 + e^(ln Y − ln X)), so
/// shapes far below 1, whose gamma variates underflow to 0, still give a value in [0, 1] instead of 0/0.
/// With both shapes ≥ 1 (every PERT) it is X/(X + Y), which reads the same uniforms and saves two logs
/// and an exp.
/// </remarks>
public static class BetaSampler
{
    /// <summary>Draws one Beta(alpha, beta) variate after checking the arguments.</summary>
    /// <param name="alpha">First shape. Range: alpha &gt; 0, finite.</param>
    /// <param name="beta">Second shape. Range: beta &gt; 0, finite.</param>
    /// <param name="stream">The stream; reads a variable number of uniforms.</param>
    /// <returns>The variate. Range: 0 ≤ x ≤ 1; mean alpha/(alpha + beta).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double alpha, double beta, ref EventStream stream)
    {
        Require.PositiveFinite(alpha);
        Require.PositiveFinite(beta);
        return SampleUnchecked(alpha, beta, ref stream);
    }

    /// <summary>
    /// Draws one variate of the beta distribution rescaled to [min, max], min + (max − min)·Beta(alpha, beta),
    /// after checking the arguments.
    /// </summary>
    /// <param name="alpha">First shape. Range: alpha &gt; 0, finite.</param>
    /// <param name="beta">Second shape. Range: beta &gt; 0, finite.</param>
    /// <param name="min">Lower bound. Range: finite, min ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, max ≥ min.</param>
    /// <param name="stream">The stream; reads a variable number of uniforms, none when min = max.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double alpha, double beta, double min, double max, ref EventStream stream)
    {
        Require.PositiveFinite(alpha);
        Require.PositiveFinite(beta);
        Require.OrderedFinite(min, min, max);
        return SampleUnchecked(alpha, beta, min, max, ref stream);
    }

    /// <summary>The two-shape <see cref="Sample(double, double, ref EventStream)"/> without checks.</summary>
    /// <param name="alpha">First shape. Range: alpha &gt; 0, finite.</param>
    /// <param name="beta">Second shape. Range: beta &gt; 0, finite.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: 0 ≤ x ≤ 1.</returns>
    public static double SampleUnchecked(double alpha, double beta, ref EventStream stream)
    {
        if (alpha >= 1.0 && beta >= 1.0)
        {
            // Both gammas are of order their shapes (no underflow): X/(X + Y) directly, without the
            // logs. Same uniforms in the same order as the log form; PERT always lands here.
            double x = GammaSampler.SampleStandardAtLeastOne(alpha, ref stream);
            double y = GammaSampler.SampleStandardAtLeastOne(beta, ref stream);
            return x / (x + y);
        }

        double logX = GammaSampler.SampleLogStandard(alpha, ref stream);
        double logY = GammaSampler.SampleLogStandard(beta, ref stream);
        return 1.0 / (1.0 + Math.Exp(logY - logX));
    }

    /// <summary>The rescaled <see cref="Sample(double, double, double, double, ref EventStream)"/> without checks.</summary>
    /// <param name="alpha">First shape. Range: alpha &gt; 0, finite.</param>
    /// <param name="beta">Second shape. Range: beta &gt; 0, finite.</param>
    /// <param name="min">Lower bound. Range: finite, min ≤ max.</param>
    /// <param name="max">Upper bound. Range: finite, max ≥ min.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: min ≤ x ≤ max.</returns>
    public static double SampleUnchecked(double alpha, double beta, double min, double max, ref EventStream stream)
    {
        if (min >= max)
        {
            return min;
        }

        double y = SampleUnchecked(alpha, beta, ref stream);
        return Math.Clamp(min + ((max - min) * y), min, max);
    }
}
