using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>
/// Distributions and probability grids shared by the inverse-CDF tests: a sweep of parameters per kind and
/// a grid of tail probabilities from 1e-15 to ½ (eight points per decade), used as lower and as upper tails.
/// </summary>
internal static class QuantileAccuracy
{
    /// <summary>Tail probabilities 1e-15 … ½, eight per decade, with ½ itself.</summary>
    public static double[] TailGrid()
    {
        var grid = new List<double>();
        for (int i = 0; i <= 15 * 8; i++)
        {
            double t = Math.Pow(10.0, -15.0 + (i / 8.0));
            if (t < 0.5)
            {
                grid.Add(t);
            }
        }

        grid.Add(0.5);
        return [.. grid];
    }

    /// <summary>The parameter sweep of one kind, with supports starting at 0 where the kind has a bounded support.</summary>
    public static Distribution[] Sweep(DistributionKind kind)
    {
        var list = new List<Distribution>();
        switch (kind)
        {
            case DistributionKind.Uniform:
                list.Add(Make(kind, 0.0, 1.0));
                list.Add(Make(kind, 0.0, 7.5e6));
                list.Add(Make(kind, 0.0, 1e-3));
                break;
            case DistributionKind.Triangular:
            case DistributionKind.Pert:
                foreach ((double mode, double max) in new[] { (0.0, 1.0), (0.3, 1.0), (1.0, 1.0), (0.5, 1.0), (4.0, 120.0), (0.999, 1.0), (1e-4, 1.0) })
                {
                    list.Add(Make(kind, 0.0, mode, max));
                }

                break;
            case DistributionKind.Normal:
                foreach ((double lower, double upper) in new[]
                {
                    (double.NegativeInfinity, double.PositiveInfinity), (8.0, 9.0), (-9.0, -8.0), (-1e-3, 1e-3), (-1.0, double.PositiveInfinity),
                    (2.0, 30.0), (double.NegativeInfinity, -3.0), (-0.5, 3.0), (0.0, double.PositiveInfinity), (-20.0, 20.0),
                })
                {
                    list.Add(Make(kind, 0.0, 1.0, lower, upper));
                }

                list.Add(Make(kind, 100.0, 15.0, double.NegativeInfinity, double.PositiveInfinity));
                list.Add(Make(kind, 0.15, 0.05, 0.0, 1.0));
                break;
            case DistributionKind.LogNormal:
                foreach ((double mu, double sigma) in new[] { (0.0, 1.0), (9.6, 0.6), (-3.0, 0.05), (2.0, 3.0), (0.0, 1e-3) })
                {
                    list.Add(Make(kind, mu, sigma));
                }

                break;
            case DistributionKind.Beta:
                double[] shapes = [0.1, 0.3, 1.0, 2.5, 10.0, 70.0, 500.0];
                foreach (double a in shapes)
                {
                    foreach (double b in shapes)
                    {
                        list.Add(Make(kind, a, b, 0.0, 1.0));
                    }
                }

                break;
            case DistributionKind.Gamma:
                foreach (double shape in new[] { 0.05, 0.1, 0.3, 0.7, 1.0, 1.5, 2.5, 9.9, 10.0, 30.0, 100.0, 1000.0, 1e4 })
                {
                    list.Add(Make(kind, shape, 1.0));
                    list.Add(Make(kind, shape, 350.0));
                }

                break;
        }

        return [.. list];
    }

    /// <summary>A distribution record with the given arguments (the rest 0).</summary>
    public static Distribution Make(DistributionKind kind, double a, double b, double c = 0.0, double d = 0.0)
    {
        return new Distribution(kind, a, b, c, d, $"{kind}({a}, {b}, {c}, {d})");
    }

    /// <summary>|actual − expected| / |expected|, with 0/0 = 0.</summary>
    public static double Relative(double actual, double expected)
    {
        double diff = Math.Abs(actual - expected);
        return diff == 0.0 ? 0.0 : diff / Math.Abs(expected);
    }
}
