namespace ExportFlow.Simulation.Random;

/// <summary>
/// Gamma(shape, scale) variates by Marsaglia and Tsang's method ("A simple method for generating gamma
/// variables", ACM TOMS 26, 2000); for shape &lt; 1 the boost G(shape) = G(shape + 1)·u^(1/shape).
/// </summary>
/// <remarks>
/// Implementation note: the normal variates inside the rejection loop come from inversion of one uniform
/// (as everywhere in this module), so the sampler needs no state of its own. Each attempt reads two
/// uniforms (one when 1 + c·x ≤ 0); for shape ≥ 1 fewer than 1.05 attempts are needed on average. The boost
/// for shape &lt; 1 reads its uniform after the Gamma(shape + 1) variate.
/// </remarks>
public static class GammaSampler
{
    /// <summary>Draws one Gamma(shape, scale) variate after checking the arguments.</summary>
    /// <param name="shape">Shape k. Range: k &gt; 0, finite.</param>
    /// <param name="scale">Scale θ (mean k·θ). Range: θ &gt; 0, finite.</param>
    /// <param name="stream">The stream; reads a variable number of uniforms.</param>
    /// <returns>The variate. Range: x ≥ 0 (0 only by underflow when shape is tiny).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double shape, double scale, ref EventStream stream)
    {
        Require.PositiveFinite(shape);
        Require.PositiveFinite(scale);
        return SampleUnchecked(shape, scale, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="shape">Shape k. Range: k &gt; 0, finite.</param>
    /// <param name="scale">Scale θ. Range: θ &gt; 0, finite.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: x ≥ 0.</returns>
    public static double SampleUnchecked(double shape, double scale, ref EventStream stream)
    {
        return scale * Math.Exp(SampleLogStandard(shape, ref stream));
    }

    /// <summary>
    /// ln G with G ~ Gamma(shape, 1). Working in logs keeps tiny shapes, whose variates underflow, usable
    /// for the beta ratio. Range of shape: &gt; 0.
    /// </summary>
    internal static double SampleLogStandard(double shape, ref EventStream stream)
    {
        if (shape >= 1.0)
        {
            return Math.Log(MarsagliaTsang(shape, ref stream));
        }

        double boosted = MarsagliaTsang(shape + 1.0, ref stream);
        return Math.Log(boosted) + (Math.Log(stream.NextUniform()) / shape);
    }

    /// <summary>G ~ Gamma(shape, 1) for shape ≥ 1 (reads what <see cref="SampleLogStandard"/> reads).</summary>
    internal static double SampleStandardAtLeastOne(double shape, ref EventStream stream) => MarsagliaTsang(new GammaShape(shape), ref stream);

    /// <summary>Gamma(shape, 1) for shape ≥ 1, with the shape's constants prepared.</summary>
    internal static double SampleStandardAtLeastOne(in GammaShape shape, ref EventStream stream) => MarsagliaTsang(shape, ref stream);

    /// <summary>Gamma(shape, 1) for shape ≥ 1.</summary>
    private static double MarsagliaTsang(double shape, ref EventStream stream) => MarsagliaTsang(new GammaShape(shape), ref stream);

    /// <summary>Gamma(shape, 1) for shape ≥ 1.</summary>
    private static double MarsagliaTsang(in GammaShape shape, ref EventStream stream)
    {
        double d = shape.D;
        double c = shape.C;
        while (true)
        {
            double x = StandardNormal.InverseCdf(stream.NextUniform());
            double v = 1.0 + (c * x);
            if (v <= 0.0)
            {
                continue;
            }

            v = v * v * v;
            double u = stream.NextUniform();
            double x2 = x * x;
            if (u < 1.0 - (0.0331 * x2 * x2))
            {
                return d * v;
            }

            if (Math.Log(u) < (0.5 * x2) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }
}

/// <summary>Marsaglia and Tsang's constants for one shape ≥ 1: d = shape − ⅓ and c = 1/√(9d).</summary>
internal readonly struct GammaShape
{
    /// <summary>Prepares <paramref name="shape"/>. Range: shape ≥ 1.</summary>
    public GammaShape(double shape)
    {
        D = shape - (1.0 / 3.0);
        C = 1.0 / Math.Sqrt(9.0 * D);
    }

    public double D { get; }

    public double C { get; }
}
