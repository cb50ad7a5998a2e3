using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The standard normal truncated to [α, β] (either end may be infinite): both tails of its CDF and its
/// inverse, to relative precision in z − α near the low end and β − z near the high end, in every
/// position of the window (in the centre, far in one tail as in [8, 9], or narrow as in [−0.001, 0.001]).
/// </summary>
/// <remarks>
/// Implementation note: everything is a mass D(a, b) = Φ(b) − Φ(a). For short intervals, where any
/// difference of Φ values would cancel (δ = b − a with δ·(|a| + δ) ≤ 1), D is the integral
/// φ(a)·∫₀^δ exp(−a·s − s²/2) ds by 8-point Gauss–Legendre quadrature; the integrand varies by at most
/// a factor e^1.5 there, so the rule's error is below 1e-18 relative. Longer intervals take a difference
/// of upper tails (a ≥ 0), of lower tails (b ≤ 0) or the sum ½(erf(b/√2) + erf(−a/√2)) (a &lt; 0 &lt; b),
/// none of which loses more than a factor 3. The inverse starts from Φ⁻¹ of the target and, where the
/// answer lies within the quadrature's reach of the end it is measured from, polishes δ by Newton's
/// method on ln D (in ln δ). Windows beyond about 37 standard deviations, where φ underflows, fall back to
/// v1's exponential tail (<see cref="NormalSampler.TruncatedStandard"/>).
/// </remarks>
internal static class TruncatedNormal
{
    private const double InvSqrtTwo = 0.70710678118654752;
    private const double InvSqrtTwoPi = 0.39894228040143267794;

    // 8-point Gauss–Legendre on [−1, 1]: nodes ±x_i and weights w_i.
    private const double X1 = 0.18343464249564980494;
    private const double X2 = 0.52553240991632898582;
    private const double X3 = 0.79666647741362673959;
    private const double X4 = 0.96028985649753623168;
    private const double W1 = 0.36268378337836198297;
    private const double W2 = 0.31370664587788728734;
    private const double W3 = 0.22238103445337447054;
    private const double W4 = 0.10122853629037625915;

    /// <summary>
    /// F(x) and 1 − F(x) of normal(mean, sd) truncated to [low, high] (either may be infinite). The distances
    /// from the ends are formed in x, (x − low)/sd and (high − x)/sd, so they keep their relative precision
    /// even when an end is far from the mean.
    /// </summary>
    public static void Tails(double mean, double sd, double low, double high, double x, out double lower, out double upper)
    {
        if (x <= low)
        {
            lower = 0.0;
            upper = 1.0;
            return;
        }

        if (x >= high)
        {
            lower = 1.0;
            upper = 0.0;
            return;
        }

        double alpha = (low - mean) / sd;
        double beta = (high - mean) / sd;
        double z = (x - mean) / sd;
        double mass = Mass(alpha, beta, (high - low) / sd);
        lower = Math.Min(Mass(alpha, z, (x - low) / sd) / mass, 1.0);
        upper = Math.Min(Mass(z, beta, (high - x) / sd) / mass, 1.0);
    }

    /// <summary>
    /// The x in [low, high] with F(x) = t, or 1 − F(x) = t when <paramref name="upper"/>. Range: 0 &lt; t ≤ 1.
    /// </summary>
    public static double Quantile(double mean, double sd, double low, double high, double t, bool upper)
    {
        double alpha = (low - mean) / sd;
        double beta = (high - mean) / sd;
        double mass = Mass(alpha, beta, (high - low) / sd);
        if (!(mass > 0.0) || !double.IsFinite(mass))
        {
            return Math.Clamp(mean + (sd * NormalSampler.TruncatedStandard(alpha, beta, upper ? 1.0 - t : t)), low, high);
        }

        double target = t * mass;
        double z = upper ? StartFromAbove(alpha, beta, mass, t) : StartFromBelow(alpha, beta, mass, t);
        double from = upper ? beta : alpha;
        double sign = upper ? -1.0 : 1.0;
        double delta = sign * (z - from);
        if (double.IsInfinity(from) || delta > Math.Min(1.0, 1.0 / (Math.Abs(from) + 1.0)))
        {
            return Math.Clamp(mean + (sd * z), low, high);
        }

        // Near the end the answer is measured from: polish δ and add it to the end in x, not to the mean.
        delta = Polish(from, sign, target, delta);
        return Math.Clamp(upper ? high - (sd * delta) : low + (sd * delta), low, high);
    }

    /// <summary>
    /// Φ(b) − Φ(a) for a ≤ b (0 otherwise), to relative precision (see the remarks); <paramref name="width"/>
    /// is b − a as precisely as the caller knows it (+∞ when an end is infinite).
    /// </summary>
    public static double Mass(double a, double b, double width)
    {
        if (!(b > a))
        {
            return 0.0;
        }

        if (double.IsNegativeInfinity(a))
        {
            return PreciseNormal.Cdf(b);
        }

        if (double.IsPositiveInfinity(b))
        {
            return PreciseNormal.Cdf(-a);
        }

        double delta = width;
        if (delta <= 1.0 && delta * (Math.Abs(a) + delta) <= 1.0)
        {
            return Density(a) * Integral(a, 1.0, delta);
        }

        if (a >= 0.0)
        {
            return PreciseNormal.Cdf(-a) - PreciseNormal.Cdf(-b);
        }

        if (b <= 0.0)
        {
            return PreciseNormal.Cdf(b) - PreciseNormal.Cdf(a);
        }

        return 0.5 * (SpecialFunctions.Erf(b * InvSqrtTwo) + SpecialFunctions.Erf(-a * InvSqrtTwo));
    }

    /// <summary>Φ⁻¹ of the point with mass t·mass above α, from whichever tail keeps the argument small.</summary>
    private static double StartFromBelow(double alpha, double beta, double mass, double t)
    {
        if (alpha >= 0.0)
        {
            return -StandardNormal.InverseCdf(PreciseNormal.Cdf(-alpha) - (t * mass));
        }

        double below = PreciseNormal.Cdf(alpha) + (t * mass);
        return below <= 0.5 || beta <= 0.0
            ? StandardNormal.InverseCdf(below)
            : -StandardNormal.InverseCdf(PreciseNormal.Cdf(-beta) + ((1.0 - t) * mass));
    }

    /// <summary>Φ⁻¹ of the point with mass t·mass below β (the mirror of <see cref="StartFromBelow"/>).</summary>
    private static double StartFromAbove(double alpha, double beta, double mass, double t)
    {
        if (beta <= 0.0)
        {
            return StandardNormal.InverseCdf(PreciseNormal.Cdf(beta) - (t * mass));
        }

        double above = PreciseNormal.Cdf(-beta) + (t * mass);
        return above <= 0.5 || alpha >= 0.0
            ? -StandardNormal.InverseCdf(above)
            : StandardNormal.InverseCdf(PreciseNormal.Cdf(alpha) + ((1.0 - t) * mass));
    }

    /// <summary>
    /// Refines δ, the distance of the answer from the end <paramref name="from"/> (within the quadrature's
    /// reach), so that the mass between them is <paramref name="target"/>: Newton's method on ln D in ln δ.
    /// <paramref name="sign"/> is +1 when the answer lies above the end, −1 below.
    /// </summary>
    private static double Polish(double from, double sign, double target, double delta)
    {
        double density = Density(from);
        if (!(delta > 0.0))
        {
            delta = target / density;
        }

        double logTarget = Math.Log(target);
        for (int i = 0; i < 20; i++)
        {
            double mass = density * Integral(from, sign, delta);
            double step = -(Math.Log(mass) - logTarget) * mass / (delta * Density(from + (sign * delta)));
            double next = delta * Math.Exp(step);
            if (!double.IsFinite(next))
            {
                break;
            }

            delta = next;
            if (Math.Abs(step) <= 1e-15)
            {
                break;
            }
        }

        return delta;
    }

    /// <summary>∫₀^δ exp(−σ·c·s − s²/2) ds by 8-point Gauss–Legendre, = (Φ(c + σδ) − Φ(c))·σ/φ(c).</summary>
    private static double Integral(double c, double sign, double delta)
    {
        double half = 0.5 * delta;
        double k = sign * c;
        return half * ((W1 * (Integrand(k, half * (1.0 - X1)) + Integrand(k, half * (1.0 + X1))))
            + (W2 * (Integrand(k, half * (1.0 - X2)) + Integrand(k, half * (1.0 + X2))))
            + (W3 * (Integrand(k, half * (1.0 - X3)) + Integrand(k, half * (1.0 + X3))))
            + (W4 * (Integrand(k, half * (1.0 - X4)) + Integrand(k, half * (1.0 + X4)))));
    }

    private static double Integrand(double k, double s) => Math.Exp(-s * (k + (0.5 * s)));

    /// <summary>φ(c), with c² split so that its rounding does not reach the exponent (matters for |c| ≳ 5).</summary>
    private static double Density(double c)
    {
        double high = Math.Round(c * 65536.0) / 65536.0;
        double low = c - high;
        return Math.Exp(-0.5 * high * high) * Math.Exp(-low * (high + (0.5 * low))) * InvSqrtTwoPi;
    }
}
