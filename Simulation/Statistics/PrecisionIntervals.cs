namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// The 95 % intervals the precision rule (<c>run --precision</c>) judges: the mean by the normal
/// interval with the run's standard error, a percentile by the order-statistic (binomial) method, and an
/// exceedance probability by the Wilson score interval. See docs/model.md, <i>Precision runs</i>.
/// </summary>
internal static class PrecisionIntervals
{
    /// <summary>Normal quantile of the two-sided 95 % intervals (the value the rest of the tool uses).</summary>
    public const double Z = 1.96;

    /// <summary>Tail probability on each side of the order-statistic interval.</summary>
    public const double TailProbability = 0.025;

    /// <summary>Up to this many trials the binomial ranks are exact; above, the normal approximation with continuity correction.</summary>
    public const long ExactRankLimit = 100_000;

    /// <summary>Relative accuracy α of the run's quantile sketches (the default of <see cref="OutcomeAccumulator"/>).</summary>
    public const double SketchAccuracy = 0.005;

    /// <summary>mean ± <see cref="Z"/>·standard error.</summary>
    /// <param name="mean">The sample mean.</param>
    /// <param name="standardError">Its standard error, s/√n. Range: ≥ 0.</param>
    public static ConfidenceInterval Mean(double mean, double standardError) =>
        new(mean, mean - (Z * standardError), mean + (Z * standardError));

    /// <summary>The Wilson score interval of a proportion <paramref name="successes"/>/<paramref name="n"/>; the estimate is the plain proportion.</summary>
    /// <param name="successes">Trials with the event. Range: 0 ≤ successes ≤ n.</param>
    /// <param name="n">Trials. Range: ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is outside its range.</exception>
    public static ConfidenceInterval Wilson(long successes, long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        double p = (double)successes / n, nn = n, z2 = Z * Z;
        double denominator = 1.0 + (z2 / nn);
        double centre = (p + (z2 / (2.0 * nn))) / denominator;
        double half = Z / denominator * Math.Sqrt((p * (1.0 - p) / nn) + (z2 / (4.0 * nn * nn)));
        return new ConfidenceInterval(p, Math.Max(0.0, centre - half), Math.Min(1.0, centre + half));
    }

    /// <summary>
    /// The 1-based ranks (l, u) of the order statistics x₍ₗ₎ ≤ ξ_p ≤ x₍ᵤ₎ that cover the p-quantile ξ_p with
    /// probability at least 95 %: with Y ~ Binomial(n, p) and B its CDF, l is the largest rank with
    /// B(l − 1) ≤ 0.025 and u the smallest with B(u − 1) ≥ 0.975, so the coverage B(u − 1) − B(l − 1) ≥ 0.95
    /// whatever the distribution of the data (if it is continuous). Exact up to <see cref="ExactRankLimit"/>
    /// trials; above, l = ⌊np + ½ − zσ + c⌋ and u = ⌈np + ½ + zσ + c⌉, σ = √(np(1 − p)), c = (z² − 1)(1 − 2p)/6
    /// (normal approximation with continuity correction and the Cornish–Fisher skewness term).
    /// </summary>
    /// <param name="n">Trials. Range: ≥ 1.</param>
    /// <param name="p">Quantile level. Range: 0 &lt; p &lt; 1.</param>
    /// <returns>l in 0…n and u in 1…n + 1; l = 0 or u = n + 1 means that side cannot be bounded with n trials.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static (long Lower, long Upper) OrderStatisticRanks(long n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(p > 0.0 && p < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The quantile level must lie strictly between 0 and 1.");
        }

        long lower, upper;
        if (n > ExactRankLimit)
        {
            // Cornish–Fisher: the binomial's skewness (1 − 2p)/σ moves both quantiles by (z² − 1)(1 − 2p)/6.
            double mean = n * p, sigma = Math.Sqrt(n * p * (1.0 - p)), skew = ((Z * Z) - 1.0) * (1.0 - (2.0 * p)) / 6.0;
            lower = (long)Math.Floor(mean + 0.5 - (Z * sigma) + skew);
            upper = (long)Math.Ceiling(mean + 0.5 + (Z * sigma) + skew);
        }
        else
        {
            (lower, upper) = ExactRanks(n, p);
        }

        return (Math.Clamp(lower, 0, n), Math.Clamp(upper, 1, n + 1));
    }

    /// <summary>
    /// The 95 % interval of the p-quantile from a quantile sketch: the estimate is the sketch's own
    /// percentile (as in the summary) and the ends are the sketch's values at the ranks of
    /// <see cref="OrderStatisticRanks"/>, each widened outwards by the sketch's relative accuracy α (the
    /// sketch's value is within α·|x| of the exact order statistic), so the interval still covers the exact
    /// order-statistic interval; its half-width is therefore never below about α·|estimate|. An end that
    /// cannot be bounded yet is infinite.
    /// </summary>
    /// <param name="sketch">The run's sketch of the outcome; not empty.</param>
    /// <param name="p">Quantile level. Range: 0 &lt; p &lt; 1.</param>
    public static ConfidenceInterval Percentile(QuantileSketch sketch, double p)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        long n = sketch.Count;
        if (n == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NegativeInfinity, double.PositiveInfinity);
        }

        (long lower, long upper) = OrderStatisticRanks(n, p);
        double alpha = sketch.RelativeAccuracy;
        double low = lower >= 1 ? ValueAtRank(sketch, lower - 1) : double.NegativeInfinity;
        double high = upper <= n ? ValueAtRank(sketch, upper - 1) : double.PositiveInfinity;
        low -= alpha * Math.Abs(low);
        high += alpha * Math.Abs(high);
        return new ConfidenceInterval(sketch.Quantile(p), low, high);
    }

    /// <summary>
    /// The sketch's value of the order statistic of 0-based rank <paramref name="rank"/>. The sketch
    /// answers q with rank ⌈q(n − 1)⌉, so q = (rank − ½)/(n − 1) lands on the rank without any risk from
    /// the rounding of q·(n − 1).
    /// </summary>
    /// <param name="sketch">A sketch that is not empty.</param>
    /// <param name="rank">0-based rank. Range: 0 ≤ rank &lt; count.</param>
    public static double ValueAtRank(QuantileSketch sketch, long rank)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        long n = sketch.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, n);
        double q = rank == 0 ? 0.0 : Math.Min(1.0, (rank - 0.5) / (n - 1));
        return sketch.Quantile(q);
    }

    // B(j) from the probabilities walked outwards from the mode by their ratios (no factorials, no
    // overflow), cut where a term falls below 1e-30 of the mode's: the neglected mass is far below the
    // rounding of the sums compared with 0.025.
    private static (long Lower, long Upper) ExactRanks(long n, double p)
    {
        long mode = Math.Clamp((long)Math.Floor((n + 1) * p), 0, n);
        double odds = p / (1.0 - p);
        var below = new List<double>();
        double term = 1.0;
        for (long k = mode; k > 0 && term > 1e-30; k--)
        {
            // P(k − 1)/P(k) = k/(n − k + 1) · (1 − p)/p
            term *= k / (double)(n - k + 1) / odds;
            below.Add(term);
        }

        var above = new List<double>();
        term = 1.0;
        for (long k = mode; k < n && term > 1e-30; k++)
        {
            // P(k + 1)/P(k) = (n − k)/(k + 1) · p/(1 − p)
            term *= (n - k) / (double)(k + 1) * odds;
            above.Add(term);
        }

        long first = mode - below.Count;
        var pmf = new double[below.Count + 1 + above.Count];
        for (int i = 0; i < below.Count; i++)
        {
            pmf[below.Count - 1 - i] = below[i];
        }

        pmf[below.Count] = 1.0;
        above.CopyTo(pmf, below.Count + 1);
        double total = 0;
        foreach (double t in pmf)
        {
            total += t;
        }

        // cdf(j) = B(first + j); below 'first' B is 0, above the last index it is 1.
        long lower = first; // B(first − 1) = 0 ≤ 0.025, so l ≥ first, unless first is 0 (l = 0 would mean none).
        long upper = n + 1;
        double cumulative = 0;
        for (int j = 0; j < pmf.Length; j++)
        {
            cumulative += pmf[j];
            double b = cumulative / total;
            long k = first + j;
            if (b <= TailProbability)
            {
                // B(k) ≤ 0.025, so rank k + 1 qualifies as l.
                lower = k + 1;
            }

            if (b >= 1.0 - TailProbability && upper == n + 1)
            {
                // B(k) ≥ 0.975: the smallest such k gives u = k + 1.
                upper = k + 1;
            }
        }

        return (lower, upper);
    }
}
