namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Paired statistics of a policy P against a baseline B evaluated on the same trials with common
/// random numbers: the difference Δ = P − B, the relative reduction 1 − mean(P)/mean(B), and how
/// much the pairing narrows the interval compared with independent seeds.
/// </summary>
/// <remarks>
/// Implementation note: the means, variances and covariance of (B, P) come from one bivariate
/// Welford accumulator (co-moment merged with Chan's formula); Δ has its own accumulator so that
/// s_Δ does not suffer the cancellation in s_B² + s_P² − 2·s_PB when the pairs are highly correlated.
/// Sign counts are integers. All of it merges in block order with a fixed sequence of operations,
/// so results are bit-identical whatever the thread count.
/// </remarks>
public sealed class PairedAccumulator
{
    /// <summary>Normal quantile for the two-sided 95 % intervals, as the design fixes it.</summary>
    private const double Z = 1.96;

    private readonly CoMomentAccumulator _pair = new();
    private readonly MomentAccumulator _difference = new();
    private readonly QuantileSketch _differenceSketch;
    private long _less;
    private long _equal;
    private long _greater;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="relativeAccuracy">Relative accuracy α of the sketch of Δ; see <see cref="QuantileSketch(double)"/>.</param>
    public PairedAccumulator(double relativeAccuracy = 0.005)
    {
        _differenceSketch = new QuantileSketch(relativeAccuracy);
    }

    /// <summary>Adds one trial's pair of outcomes. Does not allocate unless the sketch's bucket window must grow.</summary>
    /// <param name="baseline">The outcome under the baseline, in its unit; finite.</param>
    /// <param name="policy">The outcome under the policy in the same trial, same unit; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite, or their difference overflows.</exception>
    public void Add(double baseline, double policy)
    {
        double difference = policy - baseline;
        if (!double.IsFinite(difference))
        {
            // Also catches a NaN or infinite input, which makes the difference non-finite.
            ThrowHelper.NotFinite(difference, double.IsFinite(baseline) ? nameof(policy) : nameof(baseline));
        }

        _pair.AddUnchecked(baseline, policy);
        _difference.AddUnchecked(difference);
        _differenceSketch.AddUnchecked(difference);
        if (policy < baseline)
        {
            _less++;
        }
        else if (policy > baseline)
        {
            _greater++;
        }
        else
        {
            _equal++;
        }
    }

    /// <summary>Merges <paramref name="other"/>, whose trials come later in block order; <paramref name="other"/> is not changed.</summary>
    /// <param name="other">An accumulator with the same relative accuracy.</param>
    /// <exception cref="ArgumentException">The relative accuracies differ.</exception>
    public void Merge(PairedAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _differenceSketch.Merge(other._differenceSketch);
        _pair.Merge(other._pair);
        _difference.Merge(other._difference);
        _less += other._less;
        _equal += other._equal;
        _greater += other._greater;
    }

    /// <summary>An immutable summary of the pairs added so far.</summary>
    public PairedSummary Summarise()
    {
        long n = _pair.Count;
        double sqrtN = Math.Sqrt(n);
        double meanB = _pair.MeanX;
        double meanP = _pair.MeanY;
        double varB = _pair.VarianceX;
        double varP = _pair.VarianceY;

        double meanDiff = _difference.Mean;
        double sdDiff = n == 0 ? double.NaN : _difference.StdDev;
        double halfWidth = Z * sdDiff / sqrtN;

        double reduction = double.NaN;
        double reductionHalfWidth = double.NaN;
        if (n > 0 && meanB != 0.0)
        {
            double ratio = meanP / meanB;
            reduction = 1.0 - ratio;

            // Var(mean(P)/mean(B)) ≈ Var(P − r·B)/(N·mean(B)²); the quadratic form is ≥ 0 in exact arithmetic.
            double linearisedVariance = varP - (2.0 * ratio * _pair.Covariance) + (ratio * ratio * varB);
            double standardError = Math.Sqrt(Math.Max(0.0, linearisedVariance) / n) / Math.Abs(meanB);
            reductionHalfWidth = Z * standardError;
        }

        double nAsDouble = n == 0 ? double.NaN : n;
        return new PairedSummary(
            n,
            meanB,
            meanP,
            meanDiff,
            sdDiff,
            meanDiff - halfWidth,
            meanDiff + halfWidth,
            reduction,
            reduction - reductionHalfWidth,
            reduction + reductionHalfWidth,
            _less / nAsDouble,
            _equal / nAsDouble,
            _greater / nAsDouble,
            2.0 * halfWidth,
            2.0 * Z * Math.Sqrt((varB + varP) / nAsDouble),
            _differenceSketch.Quantile(0.05),
            _differenceSketch.Quantile(0.50),
            _differenceSketch.Quantile(0.95));
    }

    /// <summary>Forgets every pair, keeping the sketch's arrays.</summary>
    public void Reset()
    {
        _pair.Reset();
        _difference.Reset();
        _differenceSketch.Reset();
        _less = 0;
        _equal = 0;
        _greater = 0;
    }
}
