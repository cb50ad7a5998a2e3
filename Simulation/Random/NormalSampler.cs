namespace ExportFlow.Simulation.Random;

/// <summary>
/// Normal and truncated normal variates, both by inversion of one uniform, so a draw rises with its uniform.
/// </summary>
/// <remarks>
/// Implementation note: the truncated draw maps u into [Φ(a), Φ(b)] and inverts. Each side is computed
/// in the tail where it keeps relative precision (Φ below the median, 1 − Φ = Φ(−z) above it), so
/// truncation far out in either tail stays exact. Beyond 37 standard deviations, where Φ leaves the normal
/// double range, the interval's density is replaced by its exponential tail approximation
/// (relative density error below t²/2 for a distance t ≈ 1/37 into the interval).
/// </remarks>
public static class NormalSampler
{
    // Φ(−37) ≈ 5.7e-300 is still a normal double; one standard deviation further it is subnormal.
    private const double FarTail = 37.0;

    /// <summary>Draws one Normal(mean, sd) variate after checking the arguments.</summary>
    /// <param name="mean">Mean. Range: finite.</param>
    /// <param name="sd">Standard deviation. Range: 0 ≤ sd, finite.</param>
    /// <param name="stream">The stream; reads one uniform, none when sd = 0.</param>
    /// <returns>The variate; the mean itself when sd = 0. Range: |x − mean| ≤ 8.3·sd (the uniform's
    /// resolution bounds the tails).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double mean, double sd, ref EventStream stream)
    {
        Require.Finite(mean);
        Require.NonNegativeFinite(sd);
        return SampleUnchecked(mean, sd, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="mean">Mean. Range: finite.</param>
    /// <param name="sd">Standard deviation. Range: 0 ≤ sd, finite.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate.</returns>
    public static double SampleUnchecked(double mean, double sd, ref EventStream stream)
    {
        if (sd <= 0.0)
        {
            return mean;
        }

        return mean + (sd * StandardNormal.InverseCdf(stream.NextUniform()));
    }

    /// <summary>
    /// Draws one Normal(mean, sd) variate truncated to [lower, upper] after checking the arguments.
    /// </summary>
    /// <param name="mean">Mean of the untruncated normal. Range: finite.</param>
    /// <param name="sd">Standard deviation of the untruncated normal. Range: 0 ≤ sd, finite.</param>
    /// <param name="lower">Lower bound. Range: lower ≤ upper; may be −∞.</param>
    /// <param name="upper">Upper bound. Range: upper ≥ lower; may be +∞.</param>
    /// <param name="stream">The stream; reads one uniform, none when lower = upper or sd = 0.</param>
    /// <returns>The variate. Range: lower ≤ x ≤ upper; with sd = 0 the mean clamped to the bounds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double SampleTruncated(double mean, double sd, double lower, double upper, ref EventStream stream)
    {
        Require.Finite(mean);
        Require.NonNegativeFinite(sd);
        if (double.IsNaN(lower) || double.IsPositiveInfinity(lower))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), lower, "Must be a number below +∞.");
        }

        if (double.IsNaN(upper) || double.IsNegativeInfinity(upper))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, "Must be a number above −∞.");
        }

        if (lower > upper)
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, "Must satisfy lower ≤ upper.");
        }

        return SampleTruncatedUnchecked(mean, sd, lower, upper, ref stream);
    }

    /// <summary><see cref="SampleTruncated"/> without the argument checks.</summary>
    /// <param name="mean">Mean of the untruncated normal. Range: finite.</param>
    /// <param name="sd">Standard deviation. Range: 0 ≤ sd, finite.</param>
    /// <param name="lower">Lower bound. Range: lower ≤ upper.</param>
    /// <param name="upper">Upper bound. Range: upper ≥ lower.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: lower ≤ x ≤ upper.</returns>
    public static double SampleTruncatedUnchecked(double mean, double sd, double lower, double upper, ref EventStream stream)
    {
        if (lower >= upper)
        {
            return lower;
        }

        if (sd <= 0.0)
        {
            return Math.Clamp(mean, lower, upper);
        }

        double a = (lower - mean) / sd;
        double b = (upper - mean) / sd;
        double z = TruncatedStandard(a, b, stream.NextUniform());
        return Math.Clamp(mean + (sd * z), lower, upper);
    }

    /// <summary>
    /// The standard normal truncated to [a, b] at uniform u: Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a))), evaluated in
    /// whichever tail keeps precision. Non-decreasing in u. Range: a ≤ z ≤ b.
    /// </summary>
    internal static double TruncatedStandard(double a, double b, double u)
    {
        if (b <= -FarTail)
        {
            // Lower far tail: the mass sits just below b, z = b − t with t exponential of rate −b.
            return Math.Max(b - ExponentialTail(-b, b - a, 1.0 - u), a);
        }

        if (a >= FarTail)
        {
            return Math.Min(a + ExponentialTail(a, b - a, u), b);
        }

        double lowerA = StandardNormal.Cdf(a);
        double upperB = StandardNormal.Cdf(-b);
        double mass;
        if (b <= 0.0)
        {
            mass = StandardNormal.Cdf(b) - lowerA;
        }
        else if (a >= 0.0)
        {
            mass = StandardNormal.Cdf(-a) - upperB;
        }
        else
        {
            mass = 1.0 - lowerA - upperB;
        }

        double z;
        double below = lowerA + (u * mass);
        if (below <= 0.5)
        {
            z = StandardNormal.InverseCdf(below);
        }
        else
        {
            // The same point measured from above: 1 − below = Φ(−b) + (1 − u)·mass, without cancellation.
            z = -StandardNormal.InverseCdf(upperB + ((1.0 - u) * mass));
        }

        return Math.Clamp(z, a, b);
    }

    /// <summary>
    /// Inverts a unit exponential of rate <paramref name="rate"/> truncated to [0, width] at uniform u.
    /// </summary>
    private static double ExponentialTail(double rate, double width, double u)
    {
        double massInWidth = -Accurate.ExpMinusOne(-rate * width);
        return -Accurate.LogOnePlus(-u * massInWidth) / rate;
    }
}
