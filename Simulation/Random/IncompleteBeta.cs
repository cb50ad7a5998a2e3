namespace ExportFlow.Simulation.Random;

/// <summary>
/// The regularized incomplete beta function I_x(a, b) and its complement 1 − I_x(a, b) = I_y(b, a),
/// y = 1 − x, each to relative precision in its own tail, and the beta density; allocation-free.
/// </summary>
/// <remarks>
/// Implementation note: the continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz)
/// for x &lt; (a + 1)/(a + b + 2), else that of I_y(b, a), with the other tail as the complement (then at
/// least about ⅓ away from 0). The caller passes y as well as x, so that x near 1 keeps its precision
/// through y. The prefix x^a y^b / B(a, b) is written as
/// √(ab / 2π(a+b)) · Γ*(a+b) / (Γ*(a) Γ*(b)) · exp(a·lrm(x, a/(a+b)) + b·lrm(y, b/(a+b))), with
/// lrm(x, x0) = ln(x/x0) − (x/x0 − 1) (<see cref="GammaTerms"/>), so that large a and b lose nothing.
/// </remarks>
internal static class IncompleteBeta
{
    private const double Tiny = 1e-300;
    // Two ulps of 1: the factors of Lentz's product may oscillate around 1 and never equal it.
    private const double FractionEpsilon = 4.5e-16;
    private const int MaxTerms = 100_000;

    /// <summary>
    /// I_x(a, b), 1 − I_x(a, b) and the density at x. Range: a, b &gt; 0; 0 ≤ x ≤ 1, y = 1 − x given
    /// by the caller (as precisely as it knows it).
    /// </summary>
    /// <returns>The density x^(a−1) y^(b−1)/B(a, b) (+∞ at an end where the exponent is negative).</returns>
    public static double Evaluate(double a, double b, double x, double y, out double lower, out double upper)
    {
        return Evaluate(a, b, LogNormalizer(a, b), x, y, out lower, out upper);
    }

    /// <summary>
    /// <see cref="Evaluate(double, double, double, double, out double, out double)"/> with
    /// <see cref="LogNormalizer"/>(a, b) computed once by the caller.
    /// </summary>
    public static double Evaluate(double a, double b, double logNormalizer, double x, double y, out double lower, out double upper)
    {
        if (x <= 0.0)
        {
            lower = 0.0;
            upper = 1.0;
            return a < 1.0 ? double.PositiveInfinity : a == 1.0 ? b : 0.0;
        }

        if (y <= 0.0)
        {
            lower = 1.0;
            upper = 0.0;
            return b < 1.0 ? double.PositiveInfinity : b == 1.0 ? a : 0.0;
        }

        double prefix = Prefix(a, b, logNormalizer, x, y);
        if (x < (a + 1.0) / (a + b + 2.0))
        {
            lower = prefix * ContinuedFraction(a, b, x) / a;
            upper = 1.0 - lower;
        }
        else
        {
            upper = prefix * ContinuedFraction(b, a, y) / b;
            lower = 1.0 - upper;
        }

        return prefix / x / y;
    }

    /// <summary>
    /// The part of ln(x^a y^b / B(a, b)) that does not depend on x:
    /// ln Γ*(a+b) − ln Γ*(a) − ln Γ*(b) + ½ ln(ab/(a+b)) − ½ ln 2π.
    /// </summary>
    public static double LogNormalizer(double a, double b)
    {
        double c = a + b;
        return GammaTerms.LogGammaStar(c) - GammaTerms.LogGammaStar(a) - GammaTerms.LogGammaStar(b)
            + (0.5 * (Math.Log(a) + Math.Log(b) - Math.Log(c))) - GammaTerms.HalfLogTwoPi;
    }

    /// <summary>x^a y^b / B(a, b), to relative precision for every a and b.</summary>
    public static double Prefix(double a, double b, double logNormalizer, double x, double y)
    {
        double c = a + b;
        double x0 = a / c;
        double y0 = b / c;
        double lrmX;
        double lrmY;
        if (x <= y)
        {
            lrmX = GammaTerms.LogRatioMinusOne(x, x0);
            lrmY = y0 > 0.5 * Math.Abs(x - x0) ? GammaTerms.LogOnePlusMinus((x0 - x) / y0) : GammaTerms.LogRatioMinusOne(y, y0);
        }
        else
        {
            lrmY = GammaTerms.LogRatioMinusOne(y, y0);
            lrmX = x0 > 0.5 * Math.Abs(y - y0) ? GammaTerms.LogOnePlusMinus((y0 - y) / x0) : GammaTerms.LogRatioMinusOne(x, x0);
        }

        return Math.Exp((a * lrmX) + (b * lrmY) + logNormalizer);
    }

    /// <summary>The continued fraction of I_x(a, b) · a / prefix (Numerical Recipes' betacf).</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        double qab = a + b;
        double qap = a + 1.0;
        double qam = a - 1.0;
        double c = 1.0;
        double d = 1.0 - (qab * x / qap);
        if (Math.Abs(d) < Tiny)
        {
            d = Tiny;
        }

        d = 1.0 / d;
        double h = d;
        for (int m = 1; m < MaxTerms; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + (aa * d);
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = 1.0 + (aa / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + (aa * d);
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = 1.0 + (aa / c);
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

        return h;
    }
}
