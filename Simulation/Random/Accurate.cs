namespace ExportFlow.Simulation.Random;

/// <summary>
/// log1p and expm1 to full relative precision near 0. The BCL's <c>double.LogP1</c> and
/// <c>double.ExpM1</c> are computed as Log(1 + x) and Exp(x) − 1, which lose it.
/// </summary>
internal static class Accurate
{
    /// <summary>ln(1 + x). Range of x: x ≥ −1.</summary>
    public static double LogOnePlus(double x)
    {
        // Goldberg's trick: the rounding of 1 + x is undone by dividing by the rounded increment.
        double y = 1.0 + x;
        double d = y - 1.0;
        return d == 0.0 ? x : Math.Log(y) * (x / d);
    }

    /// <summary>e^x − 1.</summary>
    public static double ExpMinusOne(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            // Taylor to x³: the omitted x⁴/24 is below 1e-21 relative.
            return x * (1.0 + (x * (0.5 + (x / 6.0))));
        }

        return Math.Exp(x) - 1.0;
    }
}
