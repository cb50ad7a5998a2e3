using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The standard normal CDF and its inverse, precise in both tails, without allocation.
/// </summary>
/// <remarks>
/// Implementation note: the inverse is Acklam's rational approximation (relative error 1.15e-9) refined by
/// one Halley step against <see cref="SpecialFunctions.Erfc"/>, which brings it to about machine precision.
/// It is always evaluated in the lower half (p ≤ ½) and mirrored, because 1 − p is exact for p ≥ ½
/// (Sterbenz) while Φ(x) near 1 has no relative precision left.
/// </remarks>
internal static class StandardNormal
{
    private const double LowRegion = 0.02425;
    private const double SqrtTwoPi = 2.5066282746310002;
    private const double InvSqrtTwo = 0.70710678118654752;

    /// <summary>Φ(z). Range: 0 ≤ Φ ≤ 1, relative precision kept for z &lt; 0.</summary>
    public static double Cdf(double z)
    {
        if (double.IsNegativeInfinity(z))
        {
            return 0.0;
        }

        if (double.IsPositiveInfinity(z))
        {
            return 1.0;
        }

        return 0.5 * SpecialFunctions.Erfc(-z * InvSqrtTwo);
    }

    /// <summary>Φ⁻¹(p). Range of p: 0 ≤ p ≤ 1; 0 gives −∞ and 1 gives +∞.</summary>
    public static double InverseCdf(double p)
    {
        if (p > 0.5)
        {
            return -LowerInverse(1.0 - p);
        }

        return LowerInverse(p);
    }

    /// <summary>Φ⁻¹(p) for 0 ≤ p ≤ ½.</summary>
    private static double LowerInverse(double p)
    {
        if (p <= 0.0)
        {
            return double.NegativeInfinity;
        }

        double x;
        if (p < LowRegion)
        {
            double q = Math.Sqrt(-2.0 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                    - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                    + 3.754408661907416e+00) * q + 1.0);
        }
        else
        {
            double q = p - 0.5;
            double r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                    + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0);
        }

        // One Halley step on Φ(x) − p. In the far tail exp(x²/2) can overflow (p below ~1e-300);
        // the approximation is then kept as it is.
        double e = Cdf(x) - p;
        double u = e * SqrtTwoPi * Math.Exp(0.5 * x * x);
        if (double.IsFinite(u))
        {
            x -= u / (1.0 + (0.5 * x * u));
        }

        return x;
    }
}
