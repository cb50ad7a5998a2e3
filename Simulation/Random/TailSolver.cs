using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// Inverts the incomplete gamma and beta functions: the x at which a lower tail P(x) or an upper tail Q(x)
/// equals a given probability t ≤ ½, to about 1e-15 relative in x where the problem allows it.
/// </summary>
/// <remarks>
/// Implementation note: a starting point from Wilson–Hilferty (gamma), Abramowitz–Stegun 26.5.22 (beta)
/// or the power law of the near tail, then Halley's method on h = ln T(x) − ln t, where T is the tail being
/// matched (the density's log-derivative is known in closed form; a plain Newton step when Halley's
/// correction exceeds ½). For a lower tail the variable is ln x (P ≈ c·x^a near 0 makes h linear in ln x),
/// for an upper tail it is x (ln Q ≈ −x for the gamma). Every evaluation narrows a bracket [lo, hi] on the
/// sign of h; a step leaving it is replaced by bisection (geometric when the bracket spans more than a
/// factor 16), so the iteration never diverges. It stops after a Halley step below 1e-8 relative (cubic
/// convergence leaves an error of order 1e-24), a Newton step below 1e-12, or when steps below 1e-9 stop
/// shrinking (the noise floor of T). The beta is solved in whichever of x and 1 − x is below ½ at the
/// starting point (the mirror I_x(a, b) = 1 − I_{1−x}(b, a)), so that both ends keep their relative
/// precision.
/// </remarks>
internal static class TailSolver
{
    private const int MaxIterations = 100;

    /// <summary>The x of the unit-scale gamma(<paramref name="shape"/>) with P(x) = t, or Q(x) = t when <paramref name="upper"/>.</summary>
    public static double Gamma(double shape, double t, bool upper)
    {
        return Solve(false, shape, 0.0, t, upper, GammaGuess(shape, t, upper), double.PositiveInfinity);
    }

    /// <summary>
    /// The x of beta(a, b) with I_x(a, b) = t, or 1 − I_x(a, b) = t when <paramref name="upper"/>;
    /// <paramref name="y"/> is 1 − x, precise when x is near 1.
    /// </summary>
    public static double Beta(double a, double b, double t, bool upper, out double y)
    {
        double guess = BetaGuess(a, b, t, upper, out double guessY);
        if (guess <= guessY)
        {
            double x = Solve(true, a, b, t, upper, guess, 1.0);
            y = 1.0 - x;
            return x;
        }

        // Mirror: Y = 1 − X is beta(b, a), and X's lower tail is Y's upper tail.
        y = Solve(true, b, a, t, !upper, guessY, 1.0);
        return 1.0 - y;
    }

    private static double Solve(bool beta, double a, double b, double t, bool upper, double x, double hi)
    {
        double lo = 0.0;
        if (!(x > lo && x < hi))
        {
            x = beta ? 0.5 : a;
        }

        double normalizer = beta ? IncompleteBeta.LogNormalizer(a, b) : IncompleteGamma.LogNormalizer(a);
        double target = Math.Log(t);
        double previousStep = double.PositiveInfinity;
        for (int i = 0; i < MaxIterations; i++)
        {
            double lower;
            double upperTail;
            double density = beta
                ? IncompleteBeta.Evaluate(a, b, normalizer, x, 1.0 - x, out lower, out upperTail)
                : IncompleteGamma.Evaluate(a, normalizer, x, out lower, out upperTail);
            double tail = upper ? upperTail : lower;
            double h = Math.Log(tail) - target;
            if (h == 0.0)
            {
                return x;
            }

            // P rises with x and Q falls: h > 0 means x is too large for a lower tail, too small for an upper one.
            if (h > 0.0 != upper)
            {
                hi = x;
            }
            else
            {
                lo = x;
            }

            // x·(ln f)′(x), the log-derivative of the density.
            double g = beta ? (a - 1.0) - ((b - 1.0) * x / (1.0 - x)) : (a - 1.0) - x;
            double next;
            bool halley;
            if (upper)
            {
                // In x: h′ = −ρ, h″ = −ρ(g/x + ρ) with ρ = f/Q.
                double rho = density / tail;
                double correction = h * ((g / x) + rho) / (2.0 * rho);
                halley = Math.Abs(correction) < 0.5;
                next = x + (halley ? h / (rho * (1.0 + correction)) : h / rho);
            }
            else
            {
                // In s = ln x: h′ = r, h″ = r(1 + g − r) with r = x·f/P.
                double r = x * density / tail;
                double correction = -h * (1.0 + g - r) / (2.0 * r);
                halley = Math.Abs(correction) < 0.5;
                next = x * Math.Exp(halley ? -h / (r * (1.0 + correction)) : -h / r);
            }

            if (next == x)
            {
                // The step is below half an ulp of x.
                return x;
            }

            if (!(next > lo && next < hi))
            {
                next = Bisect(lo, hi);
                halley = false;
            }

            double step = Math.Abs(next - x) / next;
            x = next;

            // Halley's error after a step of relative size e is O(e³), Newton's O(e²).
            if (step <= (halley ? 1e-8 : 1e-12) || (step < 1e-9 && step >= 0.5 * previousStep)
                || (double.IsFinite(hi) && hi - lo <= 4e-16 * hi))
            {
                return x;
            }

            previousStep = step;
        }

        return x;
    }

    private static double Bisect(double lo, double hi)
    {
        if (double.IsPositiveInfinity(hi))
        {
            return lo > 0.0 ? 4.0 * lo : 1.0;
        }

        if (lo <= 0.0)
        {
            return hi * 1e-4;
        }

        return hi > 16.0 * lo ? Math.Sqrt(lo) * Math.Sqrt(hi) : 0.5 * (lo + hi);
    }

    private static double GammaGuess(double a, double t, bool upper)
    {
        double z = upper ? -StandardNormal.InverseCdf(t) : StandardNormal.InverseCdf(t);
        double x;
        if (a > 1.0)
        {
            // Wilson–Hilferty: (X/a)^(1/3) is nearly normal.
            double c = 1.0 / (9.0 * a);
            double w = 1.0 - c + (z * Math.Sqrt(c));
            x = w > 0.0 ? a * w * w * w : 0.0;
        }
        else
        {
            // Numerical Recipes' guess for a ≤ 1: a power law below t0, an exponential tail above.
            double t0 = 1.0 - (a * (0.253 + (a * 0.12)));
            double p = upper ? 1.0 - t : t;
            x = p < t0 ? Math.Pow(p / t0, 1.0 / a) : 1.0 - Math.Log((upper ? t : 1.0 - p) / (1.0 - t0));
        }

        if (!upper)
        {
            // P(x) ≤ x^a/Γ(a+1), so the power law's x is a lower bound of the answer.
            double power = Math.Exp((Math.Log(t) + SpecialFunctions.GammaLn(a + 1.0)) / a);
            if (!(x >= power))
            {
                x = power;
            }
        }

        return x;
    }

    private static double BetaGuess(double a, double b, double t, bool upper, out double y)
    {
        double p = upper ? 1.0 - t : t;
        if (a >= 1.0 && b >= 1.0)
        {
            // Abramowitz and Stegun 26.5.22 (as in Numerical Recipes' invbetai), with an exact normal quantile.
            double z = upper ? StandardNormal.InverseCdf(t) : -StandardNormal.InverseCdf(t);
            double al = ((z * z) - 3.0) / 6.0;
            double h = 2.0 / ((1.0 / ((2.0 * a) - 1.0)) + (1.0 / ((2.0 * b) - 1.0)));
            double w = (z * Math.Sqrt(al + h) / h) - (((1.0 / ((2.0 * b) - 1.0)) - (1.0 / ((2.0 * a) - 1.0))) * (al + (5.0 / 6.0) - (2.0 / (3.0 * h))));
            double e = Math.Exp(2.0 * w);
            if (double.IsFinite(e) && double.IsFinite(w))
            {
                y = b * e / (a + (b * e));
                return a / (a + (b * e));
            }
        }

        // The power laws of the two ends: I ≈ x^a/(a B) near 0 and 1 − I ≈ y^b/(b B) near 1.
        double lnA = Math.Log(a / (a + b));
        double lnB = Math.Log(b / (a + b));
        double tl = Math.Exp(a * lnA) / a;
        double ul = Math.Exp(b * lnB) / b;
        double sum = tl + ul;
        if (p < tl / sum)
        {
            double x = Math.Pow(a * sum * (upper ? 1.0 - t : t), 1.0 / a);
            y = 1.0 - x;
            return x;
        }

        y = Math.Pow(b * sum * (upper ? t : 1.0 - t), 1.0 / b);
        return 1.0 - y;
    }
}
