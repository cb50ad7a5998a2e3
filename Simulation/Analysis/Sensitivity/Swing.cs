using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// One-at-a-time swings for a tornado chart: the mean change of the outcome when one input moves
/// from its 10th to its 90th percentile while the other inputs stay random.
/// </summary>
/// <remarks>
/// The caller evaluates the model in pairs with common random numbers: pair j uses the same draws
/// for everything except input i, which is pinned at its q10 in one run and at its q90 in the other.
/// The swing is then the mean of the n paired differences, with the paired standard error
/// s_d/√n and a Student-t interval on n − 1 degrees of freedom (which tends to the normal 1.96 for
/// large n). The swing is a one-at-a-time measure: it averages over the other inputs, but it does not
/// apportion variance and misses effects that only show outside [q10, q90].
/// </remarks>
public static class Swing
{
    /// <summary>The mean swing of one input from its paired outcome samples.</summary>
    /// <param name="input">Index of the input, carried into the result.</param>
    /// <param name="atLow">Outcome of pair j with the input at its 10th percentile.</param>
    /// <param name="atHigh">Outcome of pair j with the input at its 90th percentile (same other draws).</param>
    /// <returns>The mean swing with its paired 95 % interval.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 pairs, or a value is not finite.</exception>
    public static SwingResult Compute(int input, ReadOnlySpan<double> atLow, ReadOnlySpan<double> atHigh)
    {
        int n = atLow.Length;
        if (atHigh.Length != n)
        {
            throw new ArgumentException($"{n} outcomes at q10 and {atHigh.Length} at q90; they must be paired.", nameof(atHigh));
        }

        if (n < 2)
        {
            throw new ArgumentException($"A swing needs at least 2 pairs for its interval; got {n}.", nameof(atLow));
        }

        // Shifted two-pass mean: with d0 the first difference, mean = d0 + mean(d − d0), which is
        // exactly d0 when all differences are equal (a linear input under common random numbers).
        double d0 = atHigh[0] - atLow[0];
        double shift = 0;
        for (int j = 0; j < n; j++)
        {
            double d = atHigh[j] - atLow[j];
            if (!double.IsFinite(d))
            {
                throw new ArgumentException($"Pair {j} gives the difference {d}; outcomes must be finite.", nameof(atHigh));
            }

            shift += d - d0;
        }

        shift /= n;
        double ss = 0;
        for (int j = 0; j < n; j++)
        {
            double e = atHigh[j] - atLow[j] - d0 - shift;
            ss += e * e;
        }

        double mean = d0 + shift;
        double se = Math.Sqrt(ss / (n - 1) / n);
        double t = StudentT.InvCDF(0.0, 1.0, n - 1, 0.975);
        return new SwingResult(input, mean, se, mean - (t * se), mean + (t * se), n);
    }

    /// <summary>
    /// The swings in tornado order: largest |mean| first; equal magnitudes by input index, so the
    /// order is deterministic.
    /// </summary>
    /// <param name="swings">The swings, one per input.</param>
    /// <returns>A new array in tornado order.</returns>
    public static SwingResult[] TornadoOrder(IEnumerable<SwingResult> swings)
    {
        ArgumentNullException.ThrowIfNull(swings);
        SwingResult[] sorted = [.. swings];
        Array.Sort(sorted, static (a, b) =>
        {
            int byMagnitude = b.Magnitude.CompareTo(a.Magnitude);
            return byMagnitude != 0 ? byMagnitude : a.Input.CompareTo(b.Input);
        });
        return sorted;
    }
}
