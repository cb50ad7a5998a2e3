using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The cumulative distribution function F of every scenario distribution, its complement 1 − F and the
/// normal score Φ⁻¹(F), each computed in the tail where it is small so that both tails keep their
/// relative precision (1e-14 to 1e-13 measured; see docs/inverse-cdf.md). Allocation-free; the inverse is
/// <see cref="InverseCdf"/>.
/// </summary>
public static class Cdf
{
    /// <summary>F(x) = P(X ≤ x). Range: 0 ≤ F ≤ 1; 0 below the support, 1 above it.</summary>
    /// <param name="distribution">A validated distribution.</param>
    /// <param name="x">Any value; NaN gives NaN.</param>
    /// <returns>The probability at or below <paramref name="x"/>.</returns>
    public static double Of(Distribution distribution, double x)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        Tails(distribution, x, out double lower, out _);
        return lower;
    }

    /// <summary>1 − F(x) = P(X &gt; x), with relative precision in the upper tail.</summary>
    /// <param name="distribution">A validated distribution.</param>
    /// <param name="x">Any value; NaN gives NaN.</param>
    /// <returns>The probability above <paramref name="x"/>.</returns>
    public static double Upper(Distribution distribution, double x)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        Tails(distribution, x, out _, out double upper);
        return upper;
    }

    /// <summary>
    /// The normal score z = Φ⁻¹(F(x)), from the smaller tail (so z keeps its precision for large |z|);
    /// −∞ at or below the support's low end and +∞ at or above its high end. The inverse is
    /// <see cref="InverseCdf.OfNormalScore"/>.
    /// </summary>
    /// <param name="distribution">A validated distribution.</param>
    /// <param name="x">Any value; NaN gives NaN.</param>
    /// <returns>The normal score of <paramref name="x"/>.</returns>
    public static double NormalScore(Distribution distribution, double x)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        Tails(distribution, x, out double lower, out double upper);
        return lower <= 0.5 ? StandardNormal.InverseCdf(lower) : -StandardNormal.InverseCdf(upper);
    }

    /// <summary>F(x) and 1 − F(x), each to relative precision where it is small.</summary>
    internal static void Tails(Distribution d, double x, out double lower, out double upper)
    {
        if (double.IsNaN(x))
        {
            lower = double.NaN;
            upper = double.NaN;
            return;
        }

        switch (d.Kind)
        {
            case DistributionKind.Uniform:
                Uniform(d.A, d.B, x, out lower, out upper);
                return;
            case DistributionKind.Triangular:
                Triangular(d.A, d.B, d.C, x, out lower, out upper);
                return;
            case DistributionKind.Pert:
                ScaledBeta(PertAlpha(d.A, d.B, d.C), PertBeta(d.A, d.B, d.C), d.A, d.C, x, out lower, out upper);
                return;
            case DistributionKind.Normal:
                Normal(d.A, d.B, d.C, d.D, x, out lower, out upper);
                return;
            case DistributionKind.LogNormal:
                LogNormal(d.A, d.B, x, out lower, out upper);
                return;
            case DistributionKind.Beta:
                ScaledBeta(d.A, d.B, d.C, d.D, x, out lower, out upper);
                return;
            case DistributionKind.Gamma:
                IncompleteGamma.Evaluate(d.A, x / d.B, out lower, out upper);
                return;
            default:
                lower = double.NaN;
                upper = double.NaN;
                return;
        }
    }

    /// <summary>PERT's α = 1 + 4(mode − min)/(max − min).</summary>
    internal static double PertAlpha(double min, double mode, double max) => 1.0 + (4.0 * (mode - min) / (max - min));

    /// <summary>PERT's β = 1 + 4(max − mode)/(max − min).</summary>
    internal static double PertBeta(double min, double mode, double max) => 1.0 + (4.0 * (max - mode) / (max - min));

    private static void Uniform(double min, double max, double x, out double lower, out double upper)
    {
        if (x <= min)
        {
            lower = 0.0;
            upper = 1.0;
        }
        else if (x >= max)
        {
            lower = 1.0;
            upper = 0.0;
        }
        else
        {
            lower = (x - min) / (max - min);
            upper = (max - x) / (max - min);
        }
    }

    private static void Triangular(double min, double mode, double max, double x, out double lower, out double upper)
    {
        if (x <= min)
        {
            lower = 0.0;
            upper = 1.0;
        }
        else if (x >= max)
        {
            lower = 1.0;
            upper = 0.0;
        }
        else if (x <= mode)
        {
            // 1 − d²/(w·m) written as (m·k + e·(2m − e))/(w·m) with e = mode − x: positive terms only.
            double d = x - min;
            double e = mode - x;
            double m = mode - min;
            lower = d * d / ((max - min) * m);
            upper = ((m * (max - mode)) + (e * ((2.0 * m) - e))) / ((max - min) * m);
        }
        else
        {
            double d = max - x;
            double e = x - mode;
            double k = max - mode;
            upper = d * d / ((max - min) * k);
            lower = ((k * (mode - min)) + (e * ((2.0 * k) - e))) / ((max - min) * k);
        }
    }

    private static void ScaledBeta(double alpha, double beta, double min, double max, double x, out double lower, out double upper)
    {
        if (x <= min)
        {
            lower = 0.0;
            upper = 1.0;
        }
        else if (x >= max)
        {
            lower = 1.0;
            upper = 0.0;
        }
        else
        {
            double width = max - min;
            IncompleteBeta.Evaluate(alpha, beta, (x - min) / width, (max - x) / width, out lower, out upper);
        }
    }

    private static void LogNormal(double mu, double sigma, double x, out double lower, out double upper)
    {
        if (x <= 0.0)
        {
            lower = 0.0;
            upper = 1.0;
            return;
        }

        double z = (Math.Log(x) - mu) / sigma;
        lower = PreciseNormal.Cdf(z);
        upper = PreciseNormal.Cdf(-z);
    }

    private static void Normal(double mean, double sd, double low, double high, double x, out double lower, out double upper)
    {
        // Tails handles x outside [low, high] itself.
        TruncatedNormal.Tails(mean, sd, low, high, x, out lower, out upper);
    }
}
