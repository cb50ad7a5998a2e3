namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// How a quantity is spread over equally weighted particles (prior draws or posterior particles): its mean and its
/// 5th, 50th and 95th percentiles. A spread of what the world might be, not a Monte Carlo precision.
/// </summary>
internal sealed record Spread(double Mean, double P05, double P50, double P95)
{
    /// <summary>The spread of <paramref name="values"/> (sorted in place).</summary>
    public static Spread Of(double[] values)
    {
        Array.Sort(values);
        return new Spread(values.Average(), Percentile(values, 0.05), Percentile(values, 0.5), Percentile(values, 0.95));
    }

    /// <summary>The <paramref name="p"/> quantile of sorted <paramref name="sorted"/>, interpolating between order statistics (Hyndman–Fan type 7).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
