namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// Spearman rank correlation of each input with an outcome, with a 95 % interval by Fisher's z
/// transform using the Fieller, Hartley and Pearson (1957) standard error √(1.06/(n − 3)).
/// </summary>
/// <remarks>
/// Ties get average ranks, so ρ is the Pearson correlation of the rank vectors. The interval is
/// tanh(atanh ρ ± 1.96·√(1.06/(n − 3))); it is an approximation that is good for n ≳ 10 and
/// |ρ| ≲ 0.9, and collapses to [±1, ±1] when ρ = ±1. Rank correlation measures monotone
/// association only: an input acting through a U-shaped effect or only through interactions can
/// have ρ ≈ 0 and still matter (the Sobol indices see that).
/// </remarks>
public static class RankCorrelation
{
    /// <summary>The normal quantile of the nominal 95 % two-sided interval.</summary>
    public const double Z = 1.96;

    /// <summary>
    /// Average ranks (1-based) of <paramref name="values"/>: tied values share the mean of the ranks
    /// they occupy, e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
    /// </summary>
    /// <param name="values">The values; must all be finite.</param>
    /// <returns>The ranks, one per value, in the input order.</returns>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        var ranks = new double[values.Length];
        var order = new int[values.Length];
        var keys = new double[values.Length];
        RanksInto(values, ranks, order, keys);
        return ranks;
    }

    /// <summary>Spearman's ρ of one input with the outcome and its Fisher-z interval.</summary>
    /// <param name="x">The input's values.</param>
    /// <param name="y">The outcome, paired with <paramref name="x"/>.</param>
    /// <returns>The result with <see cref="RankCorrelationResult.Input"/> = 0.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 4 samples, or a value is not finite.</exception>
    public static RankCorrelationResult Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"The input has {x.Length} values and the outcome {y.Length}; they must be paired.", nameof(y));
        }

        RequireCount(y.Length, nameof(y));
        double[] rx = Ranks(x);
        double[] ry = Ranks(y);
        return Result(0, PearsonOfRanks(rx, ry), y.Length);
    }

    /// <summary>Spearman's ρ of every column of <paramref name="inputs"/> with <paramref name="outcome"/>.</summary>
    /// <param name="inputs">Samples × inputs matrix: row j holds sample j's input values.</param>
    /// <param name="outcome">The outcome of each sample; length = number of rows.</param>
    /// <returns>One result per column, in column order.</returns>
    /// <exception cref="ArgumentException">Row count differs from the outcome's length, fewer than 4 samples, or a value is not finite.</exception>
    public static RankCorrelationResult[] OfColumns(double[,] inputs, ReadOnlySpan<double> outcome)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int n = inputs.GetLength(0), k = inputs.GetLength(1);
        if (n != outcome.Length)
        {
            throw new ArgumentException($"The inputs have {n} rows and the outcome {outcome.Length} values; they must be paired.", nameof(outcome));
        }

        RequireCount(n, nameof(outcome));
        double[] ry = Ranks(outcome);
        var column = new double[n];
        var rx = new double[n];
        var order = new int[n];
        var keys = new double[n];
        var results = new RankCorrelationResult[k];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < n; j++)
            {
                column[j] = inputs[j, c];
            }

            RanksInto(column, rx, order, keys);
            results[c] = Result(c, PearsonOfRanks(rx, ry), n);
        }

        return results;
    }

    /// <summary>The Fisher-z 95 % interval of a rank correlation <paramref name="rho"/> from <paramref name="n"/> samples.</summary>
    /// <param name="rho">Spearman's ρ. Range: [−1, 1].</param>
    /// <param name="n">Number of samples. Range: ≥ 4.</param>
    /// <returns>(low, high) = tanh(atanh ρ ∓ 1.96·√(1.06/(n − 3))).</returns>
    public static (double Low, double High) FisherInterval(double rho, int n)
    {
        RequireCount(n, nameof(n));
        double z = Math.Atanh(Math.Clamp(rho, -1.0, 1.0));
        double se = Math.Sqrt(1.06 / (n - 3));
        return (Math.Tanh(z - (Z * se)), Math.Tanh(z + (Z * se)));
    }

    private static RankCorrelationResult Result(int input, double rho, int n)
    {
        if (double.IsNaN(rho))
        {
            return new RankCorrelationResult(input, double.NaN, double.NaN, double.NaN, n);
        }

        (double low, double high) = FisherInterval(rho, n);
        return new RankCorrelationResult(input, rho, low, high, n);
    }

    private static void RequireCount(int n, string paramName)
    {
        if (n < 4)
        {
            throw new ArgumentException($"Rank correlation needs at least 4 samples for its interval; got {n}.", paramName);
        }
    }

    // Pearson correlation of two rank vectors; both have mean (n + 1)/2 exactly, but the two-pass
    // mean keeps this correct for any input. NaN when either is constant.
    private static double PearsonOfRanks(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        double ma = 0, mb = 0;
        for (int j = 0; j < n; j++)
        {
            ma += a[j];
            mb += b[j];
        }

        ma /= n;
        mb /= n;
        double saa = 0, sbb = 0, sab = 0;
        for (int j = 0; j < n; j++)
        {
            double da = a[j] - ma, db = b[j] - mb;
            saa += da * da;
            sbb += db * db;
            sab += da * db;
        }

        if (saa == 0 || sbb == 0)
        {
            return double.NaN;
        }

        return Math.Clamp(sab / Math.Sqrt(saa * sbb), -1.0, 1.0);
    }

    private static void RanksInto(ReadOnlySpan<double> values, Span<double> ranks, Span<int> order, Span<double> keys)
    {
        int n = values.Length;
        for (int j = 0; j < n; j++)
        {
            if (!double.IsFinite(values[j]))
            {
                throw new ArgumentException($"Value {j} is {values[j]}; ranks need finite values.", nameof(values));
            }

            order[j] = j;
        }

        values.CopyTo(keys);
        keys[..n].Sort(order[..n]);
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            // Positions start..end−1 (0-based) hold equal values: ranks start+1..end, mean (start + 1 + end)/2.
            double rank = (start + 1 + end) / 2.0;
            for (int p = start; p < end; p++)
            {
                ranks[order[p]] = rank;
            }

            start = end;
        }
    }
}
