using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// First- and total-order Sobol indices from the Saltelli layout, with bootstrap percentile intervals.
/// </summary>
/// <remarks>
/// <para>With f_A, f_B and f_AB^(i) the outputs on the rows of A, B and A_B^(i) (see <see cref="SaltelliDesign"/>),
/// and V the variance of f over A and B together:</para>
/// <list type="bullet">
/// <item>first order (Saltelli et al. 2010, table 2 (b)): S_i = mean_j(f_B·(f_AB^(i) − f_A)) / V;</item>
/// <item>total order (Jansen 1999): S_Ti = mean_j((f_A − f_AB^(i))²) / 2 / V;</item>
/// <item>unexplained share 1 − Σ S_i.</item>
/// </list>
/// <para>Implementation note: f_B is centred by the mean of f over A and B before the first-order
/// product. Since E[f_AB^(i) − f_A] = 0, subtracting a constant leaves the estimator's expectation
/// unchanged; it removes the term mean(f)·(f_AB^(i) − f_A), whose variance grows with mean(f)² and
/// would otherwise swamp S_i for outcomes far from zero.</para>
/// <para>Intervals: the N base samples (each a group of k + 2 evaluations) are resampled with
/// replacement, every estimate is recomputed on each replicate, and the 2.5 % and 97.5 % quantiles
/// (linear interpolation between order statistics) of the replicates give the interval. Replicate r
/// draws its indices from <c>EventStream(SplitMix64.Mix(seed, r))</c>, so the intervals are a pure
/// function of (outputs, replicates, seed). The work is O(replicates · N · k); memory is
/// O(replicates · k + N) and nothing is allocated inside the loops.</para>
/// </remarks>
public static class SobolIndices
{
    /// <summary>A replicate count large enough for stable 2.5 % and 97.5 % percentiles.</summary>
    public const int DefaultReplicates = 1000;

    /// <summary>Estimates the indices from the outputs of a <see cref="SaltelliDesign"/>.</summary>
    /// <param name="design">The design whose rows were evaluated.</param>
    /// <param name="outputs">f at each row of <see cref="SaltelliDesign.Points"/>, same order.</param>
    /// <param name="replicates">Bootstrap replicates. Range: ≥ 1 (0 gives point estimates with NaN intervals).</param>
    /// <param name="seed">Seed of the bootstrap resampling.</param>
    /// <returns>The indices with their intervals.</returns>
    /// <exception cref="ArgumentException">Output count is not N·(k + 2), or an output is not finite.</exception>
    public static SobolResult Estimate(SaltelliDesign design, ReadOnlySpan<double> outputs, int replicates, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        return Estimate(design.BaseSamples, design.Inputs, outputs, replicates, seed);
    }

    /// <summary>Estimates the indices from outputs laid out in blocks A, B, A_B^(0), …, A_B^(k−1) of N each.</summary>
    /// <param name="baseSamples">N. Range: ≥ 2.</param>
    /// <param name="inputs">k. Range: ≥ 1.</param>
    /// <param name="outputs">The N·(k + 2) outputs.</param>
    /// <param name="replicates">Bootstrap replicates. Range: ≥ 0 (0 gives NaN intervals).</param>
    /// <param name="seed">Seed of the bootstrap resampling.</param>
    /// <returns>The indices with their intervals; all NaN when f is constant over A and B.</returns>
    /// <exception cref="ArgumentException">Output count is not N·(k + 2), or an output is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 2, k &lt; 1 or replicates &lt; 0.</exception>
    public static SobolResult Estimate(int baseSamples, int inputs, ReadOnlySpan<double> outputs, int replicates, ulong seed)
    {
        RequireShape(baseSamples, inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(replicates);
        int n = baseSamples, k = inputs;
        if (outputs.Length != n * (k + 2))
        {
            throw new ArgumentException($"Expected N·(k + 2) = {n * (k + 2)} outputs for N = {n}, k = {k}; got {outputs.Length}.", nameof(outputs));
        }

        for (int r = 0; r < outputs.Length; r++)
        {
            if (!double.IsFinite(outputs[r]))
            {
                throw new ArgumentException($"Output {r} is {outputs[r]}; every model evaluation must be finite.", nameof(outputs));
            }
        }

        // Estimates per replicate: k first-order, k total-order, 1 unexplained.
        int width = (2 * k) + 1;
        var point = new double[width];
        var sums = new double[2 * k];
        double variance = Compute(outputs, n, k, null, sums, point);

        var samples = new double[replicates * width];
        var rows = new int[n];
        for (int r = 0; r < replicates; r++)
        {
            var stream = new EventStream(SplitMix64.Mix(seed, unchecked((ulong)r)));
            for (int j = 0; j < n; j++)
            {
                // High word of u64·N: an index in [0, N) with bias below N/2^64.
                rows[j] = (int)Math.BigMul(stream.NextULong(), (ulong)n, out _);
            }

            Compute(outputs, n, k, rows, sums, samples.AsSpan(r * width, width));
        }

        var column = new double[replicates];
        var first = new IntervalEstimate[k];
        var total = new IntervalEstimate[k];
        for (int i = 0; i < k; i++)
        {
            first[i] = Interval(point[i], samples, replicates, width, i, column);
            total[i] = Interval(point[k + i], samples, replicates, width, k + i, column);
        }

        IntervalEstimate unexplained = Interval(point[2 * k], samples, replicates, width, 2 * k, column);
        return new SobolResult(first, total, unexplained, variance, n, replicates);
    }

    internal static void RequireShape(int baseSamples, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if ((long)baseSamples * (inputs + 2) > int.MaxValue / Math.Max(1, inputs))
        {
            throw new ArgumentOutOfRangeException(nameof(baseSamples), $"N·(k + 2) = {(long)baseSamples * (inputs + 2)} evaluations of {inputs} inputs is too large.");
        }
    }

    // Estimates on the base samples rows[0..N) (all of 0..N−1 when rows is null) into estimates:
    // [S_0..S_k−1, ST_0..ST_k−1, 1 − ΣS]. Returns V. sums is scratch of length 2k.
    private static double Compute(ReadOnlySpan<double> f, int n, int k, int[]? rows, Span<double> sums, Span<double> estimates)
    {
        double mean = 0;
        for (int j = 0; j < n; j++)
        {
            int row = rows is null ? j : rows[j];
            mean += f[row] + f[n + row];
        }

        mean /= 2 * n;
        double ss = 0;
        sums.Clear();
        for (int j = 0; j < n; j++)
        {
            int row = rows is null ? j : rows[j];
            double fa = f[row], fb = f[n + row] - mean;
            double da = fa - mean;
            ss += (da * da) + (fb * fb);
            for (int i = 0; i < k; i++)
            {
                double diff = f[((2 + i) * n) + row] - fa;
                sums[i] += fb * diff;
                sums[k + i] += diff * diff;
            }
        }

        double variance = ss / ((2 * n) - 1);
        if (variance == 0)
        {
            estimates.Fill(double.NaN);
            return variance;
        }

        double explained = 0;
        for (int i = 0; i < k; i++)
        {
            estimates[i] = sums[i] / n / variance;
            estimates[k + i] = sums[k + i] / (2.0 * n) / variance;
            explained += estimates[i];
        }

        estimates[2 * k] = 1.0 - explained;
        return variance;
    }

    private static IntervalEstimate Interval(double value, double[] samples, int replicates, int width, int index, double[] column)
    {
        if (replicates == 0 || double.IsNaN(value))
        {
            return new IntervalEstimate(value, double.NaN, double.NaN);
        }

        for (int r = 0; r < replicates; r++)
        {
            column[r] = samples[(r * width) + index];
        }

        Array.Sort(column);
        if (double.IsNaN(column[0]))
        {
            // A replicate drew a constant sample; the percentiles are undefined.
            return new IntervalEstimate(value, double.NaN, double.NaN);
        }

        return new IntervalEstimate(value, Percentile(column, 0.025), Percentile(column, 0.975));
    }

    // Linear interpolation between order statistics at position p·(m − 1) (Hyndman–Fan type 7).
    private static double Percentile(double[] sorted, double p)
    {
        double h = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
