namespace ExportFlow.Simulation.Tests.Statistics;

/// <summary>Exact sample quantiles under the sketch's rank convention, for checking it.</summary>
internal static class ExactQuantile
{
    /// <summary>x₍ₖ₎ of the ascending <paramref name="sorted"/> sample, k = ⌈q·(n − 1)⌉ (0-based).</summary>
    public static double Of(double[] sorted, double q) => sorted[(long)Math.Ceiling(q * (sorted.Length - 1))];

    /// <summary>A sorted copy of <paramref name="values"/>.</summary>
    public static double[] Sorted(IEnumerable<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
