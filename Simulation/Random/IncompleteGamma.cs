using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), each to relative
/// precision in its own tail, and the gamma density; allocation-free.
/// </summary>
/// <remarks>
/// Implementation note: the series P = x^a e^(−x)/Γ(a+1) · Σ xⁿ/((a+1)…(a+n)) for x &lt; a + 1 and the
/// Legendre continued fraction for Q (modified Lentz) otherwise; the other tail is the complement, which is
/// then at least about ⅓ (for a ≥ 1) or 0.02 (a = 0.05), so it loses at most two digits. Both take
/// O(√a) terms near x = a, about 900 for a = 10⁴. The prefix x^a e^(−x)/Γ(a) uses
/// <see cref="GammaTerms"/> for a ≥ 10.
/// </remarks>
internal static class IncompleteGamma
{
    private const double Tiny = 1e-300;
    private const double Epsilon = 1e-17;
    // Two ulps of 1: the factors of Lentz's product may oscillate around 1 and never equal it.
    private const double FractionEpsilon = 4.5e-16;
    private const int MaxTerms = 100_000;

    /// <summary>
    /// P(a, x), Q(a, x) and the density x^(a−1) e^(−x)/Γ(a) of the unit-scale gamma. Range: a &gt; 0, x ≥ 0.
    /// </summary>
    /// <returns>The density at x (+∞ at x = 0 when a &lt; 1).</returns>
    public static double Evaluate(double a, double x, out double lower, out double upper)
    {
        return Evaluate(a, LogNormalizer(a), x, out lower, out upper);
    }

    /// <summary>
    /// <see cref="Evaluate(double, double, out double, out double)"/> with <see cref="LogNormalizer"/>(a)
    /// computed once by the caller (the inverse evaluates the same a several times).
    /// </summary>
    public static double Evaluate(double a, double logNormalizer, double x, out double lower, out double upper)
    {
        if (x <= 0.0)
        {
            lower = 0.0;
            upper = 1.0;
            return a < 1.0 ? double.PositiveInfinity : a == 1.0 ? 1.0 : 0.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            lower = 1.0;
            upper = 0.0;
            return 0.0;
        }

        double prefix = Prefix(a, logNormalizer, x);
        if (x < a + 1.0)
        {
            double term = 1.0;
            double sum = 1.0;
            for (int n = 1; n < MaxTerms; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (term < Epsilon * sum)
                {
                    break;
                }
            }

            lower = prefix / a * sum;
            upper = 1.0 - lower;
        }
        else
        {
            double b = x + 1.0 - a;
            double c = 1.0 / Tiny;
            double d = 1.0 / b;
            double h = d;
            for (int i = 1; i < MaxTerms; i++)
            {
                double an = -i * (i - a);
                b += 2.0;
                d = (an * d) + b;
                if (Math.Abs(d) < Tiny)
                {
                    d = Tiny;
                }

                c = b + (an / c);
                if (Math.Abs(c) < Tiny)
                {
                    c = Tiny;
                }

                d = 1.0 / d;
                double delta = d * c;
                h *= delta;
                if (Math.Abs(delta - 1.0) < FractionEpsilon)
                {
                    break;
                }
            }

            upper = prefix * h;
            lower = 1.0 - upper;
        }

        return prefix / x;
    }

    /// <summary>
    /// The part of ln(x^a e^(−x) / Γ(a)) that does not depend on x: −ln Γ(a) below a = 10, else
    /// ½ ln a − ½ ln 2π − ln Γ*(a) (<see cref="GammaTerms"/>).
    /// </summary>
    public static double LogNormalizer(double a)
    {
        return a < 10.0
            ? -SpecialFunctions.GammaLn(a)
            : (0.5 * Math.Log(a)) - GammaTerms.HalfLogTwoPi - GammaTerms.LogGammaStar(a);
    }

    /// <summary>x^a e^(−x) / Γ(a), to relative precision for every a (see <see cref="GammaTerms"/>).</summary>
    public static double Prefix(double a, double logNormalizer, double x)
    {
        if (a < 10.0)
        {
            return Math.Exp((a * Math.Log(x)) - x + logNormalizer);
        }

        return Math.Exp((a * GammaTerms.LogRatioMinusOne(x, a)) + logNormalizer);
    }
}
