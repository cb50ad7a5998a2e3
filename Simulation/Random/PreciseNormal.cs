using MathNet.Numerics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// Φ(z) with relative precision in both tails. <see cref="StandardNormal.Cdf"/> rounds z/√2 before erfc,
/// which costs z²·2^-53 relative (7e-15 at z = 8, 5e-14 at z = 30); here the rounding error of z/√2 is
/// recovered exactly (a fused multiply-add and the low half of 1/√2) and removed to first order,
/// erfc(w + e) = erfc(w) − e·(2/√π)·e^(−w²). What remains is Math.NET's erfc, measured against mpmath
/// at 2.9e-15 (z = −8), 1.4e-14 (−20) and 2.4e-14 (−30).
/// </summary>
internal static class PreciseNormal
{
    private const double InvSqrtTwoHigh = 0.70710678118654757;

    // 1/√2 − InvSqrtTwoHigh.
    private const double InvSqrtTwoLow = -4.8336466567264565e-17;

    private const double TwoOverSqrtPi = 1.1283791670955125739;

    /// <summary>Φ(z). Range: 0 ≤ Φ ≤ 1; relative precision about 3e-17·z² + 2^-52 for z &lt; 0.</summary>
    public static double Cdf(double z)
    {
        if (double.IsInfinity(z))
        {
            return z > 0.0 ? 1.0 : 0.0;
        }

        double w = -z * InvSqrtTwoHigh;
        double erfc = SpecialFunctions.Erfc(w);
        if (w <= 1.0)
        {
            // erfc ≥ 0.15 here, and the correction below is under 2^-53 relative.
            return 0.5 * erfc;
        }

        double residual = Math.FusedMultiplyAdd(-z, InvSqrtTwoHigh, -w) - (z * InvSqrtTwoLow);
        return 0.5 * (erfc - (residual * TwoOverSqrtPi * Math.Exp(-w * w)));
    }
}
