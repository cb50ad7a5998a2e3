using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The standard normal CDF and its inverse, precise in both tails, without allocation.
/// </summary>
/// <remarks>
/// Implementation note: the inverse is Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988,
/// 477–484): rational approximations of degree 7 in three regions, relative error about 1e-16, with one
/// square root and one log in the tails and none in the centre. It is always evaluated in the lower
/// half (p ≤ ½) and mirrored, because 1 − p is exact for p ≥ ½ (Sterbenz).
/// </remarks>
internal static class StandardNormal
{
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

    /// <summary>Φ⁻¹(p) for 0 ≤ p ≤ ½, by Wichura's AS 241 (PPND16).</summary>
    private static double LowerInverse(double p)
    {
        if (p <= 0.0)
        {
            return double.NegativeInfinity;
        }

        double q = p - 0.5;
        if (q >= -0.425)
        {
            double r = 0.180625 - (q * q);
            return q * Poly7(r, 2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
                    13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608)
                / Poly7(r, 5226.495278852545925, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
                    5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1.0);
        }

        double t = Math.Sqrt(-Math.Log(p));
        if (t <= 5.0)
        {
            t -= 1.6;
            return -Poly7(t, 7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258,
                    3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734)
                / Poly7(t, 1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459,
                    0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1.0);
        }

        t -= 5.0;
        return -Poly7(t, 2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093,
                0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772)
            / Poly7(t, 2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4,
                0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1.0);
    }

    /// <summary>c7·x⁷ + … + c0 by Horner's rule (coefficients from the highest power down).</summary>
    private static double Poly7(double x, double c7, double c6, double c5, double c4, double c3, double c2, double c1, double c0)
    {
        double v = c7;
        v = (v * x) + c6;
        v = (v * x) + c5;
        v = (v * x) + c4;
        v = (v * x) + c3;
        v = (v * x) + c2;
        v = (v * x) + c1;
        return (v * x) + c0;
    }
}
