using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The building blocks of the incomplete gamma and beta functions that must keep full relative precision
/// for large shapes: ln(1 + t) − t and Stirling's remainder ln Γ*(s).
/// </summary>
/// <remarks>
/// Implementation note: x^a e^(−x) / Γ(a) computed as exp(a ln x − x − ln Γ(a)) loses about
/// |a ln x| · 2^-53 absolutely in the exponent, 1e-11 relative for a = 10⁴. Written as
/// √(a/2π) / Γ*(a) · exp(a · (ln(1 + t) − t)) with t = (x − a)/a, the exponent is formed from small
/// quantities and keeps its relative precision (Temme; DiDonato and Morris 1986; Boost's
/// <c>regularised_gamma_prefix</c> does the same with Lanczos sums).
/// </remarks>
internal static class GammaTerms
{
    /// <summary>½ ln(2π).</summary>
    public const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>ln(x / x0) − (x / x0 − 1), which is ≤ 0, for x ≥ 0 and x0 &gt; 0, to full relative precision.</summary>
    public static double LogRatioMinusOne(double x, double x0)
    {
        double d = x - x0;
        if (Math.Abs(d) < 0.1 * x0)
        {
            return LogOnePlusMinus(d / x0);
        }

        double ratio = x / x0;
        double log = ratio > 1e-300 ? Math.Log(ratio) : Math.Log(x) - Math.Log(x0);
        return log - (d / x0);
    }

    /// <summary>
    /// ln(1 + t) − t for t &gt; −1. For |t| &lt; 0.1 the series −2r² Σ c_m r^m in r = t/(2 + t) (from
    /// ln(1 + t) = 2 atanh r and t = 2r/(1 − r); c_m = 1 for even m, (m + 1)/(m + 2) for odd m), 14 terms,
    /// |r| &lt; 0.053 so the first omitted term is below 1e-18 relative. Beyond, log1p(t) − t cancels by
    /// at most a factor 20, and its absolute error stays below 2e-15·|ln(1 + t) − t|.
    /// </summary>
    public static double LogOnePlusMinus(double t)
    {
        if (Math.Abs(t) >= 0.1)
        {
            return Accurate.LogOnePlus(t) - t;
        }

        double r = t / (2.0 + t);
        double sum = (14.0 / 15.0 * r) + 1.0;
        sum = (sum * r) + (12.0 / 13.0);
        sum = (sum * r) + 1.0;
        sum = (sum * r) + (10.0 / 11.0);
        sum = (sum * r) + 1.0;
        sum = (sum * r) + (8.0 / 9.0);
        sum = (sum * r) + 1.0;
        sum = (sum * r) + (6.0 / 7.0);
        sum = (sum * r) + 1.0;
        sum = (sum * r) + (4.0 / 5.0);
        sum = (sum * r) + 1.0;
        sum = (sum * r) + (2.0 / 3.0);
        sum = (sum * r) + 1.0;
        return -2.0 * r * r * sum;
    }

    /// <summary>
    /// ln Γ*(s) = ln Γ(s) − (s − ½) ln s + s − ½ ln 2π, the remainder of Stirling's formula. Range: s &gt; 0.
    /// Stirling's series (seven terms, error below 1e-16 for s ≥ 10) above 10; Math.NET's ln Γ below.
    /// </summary>
    public static double LogGammaStar(double s)
    {
        if (s >= 10.0)
        {
            double r = 1.0 / s;
            double r2 = r * r;
            double series = (1.0 / 156.0) * r2;
            series = (series - (691.0 / 360360.0)) * r2;
            series = (series + (1.0 / 1188.0)) * r2;
            series = (series - (1.0 / 1680.0)) * r2;
            series = (series + (1.0 / 1260.0)) * r2;
            series = (series - (1.0 / 360.0)) * r2;
            return r * (series + (1.0 / 12.0));
        }

        return SpecialFunctions.GammaLn(s) - ((s - 0.5) * Math.Log(s)) + s - HalfLogTwoPi;
    }
}
