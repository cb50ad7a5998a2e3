using System.Runtime.Intrinsics;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Accumulates one scalar outcome over trials: moments, a quantile sketch and the number of trials
/// above each of a fixed list of thresholds.
/// </summary>
/// <remarks>
/// Implementation note: exceedances are integer counts, so they merge exactly; moments merge by Chan's
/// formula in block order and the sketch merges exactly (see <see cref="MomentAccumulator"/> and
/// <see cref="QuantileSketch"/>). Memory is fixed by the thresholds and the data's dynamic range, not
/// by the number of trials.
/// </remarks>
public sealed class OutcomeAccumulator
{
    private readonly double[] _thresholds;
    private readonly long[] _exceedCounts;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="thresholds">
    /// Thresholds for exceedance probabilities, in the outcome's unit, reported in this order; any
    /// number, none NaN. The list is copied.
    /// </param>
    /// <param name="relativeAccuracy">Relative accuracy α of the quantile sketch; see <see cref="QuantileSketch(double)"/>.</param>
    /// <exception cref="ArgumentException">A threshold is NaN.</exception>
    public OutcomeAccumulator(IReadOnlyList<double> thresholds, double relativeAccuracy = 0.005)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _thresholds = new double[thresholds.Count];
        for (int i = 0; i < _thresholds.Length; i++)
        {
            double threshold = thresholds[i];
            if (double.IsNaN(threshold))
            {
                throw new ArgumentException($"Threshold {i} is NaN.", nameof(thresholds));
            }

            _thresholds[i] = threshold;
        }

        _exceedCounts = new long[_thresholds.Length];
        Sketch = new QuantileSketch(relativeAccuracy);
    }

    /// <summary>Moments of the outcome (mean, variance, min, max).</summary>
    public MomentAccumulator Moments { get; } = new();

    /// <summary>Quantile sketch of the outcome.</summary>
    public QuantileSketch Sketch { get; }

    /// <summary>Adds one trial's value. Does not allocate unless the sketch's bucket window must grow.</summary>
    /// <param name="x">The outcome of one trial, in its unit; must be finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN or infinite.</exception>
    public void Add(double x)
    {
        if (!double.IsFinite(x))
        {
            ThrowHelper.NotFinite(x, nameof(x));
        }

        Moments.AddUnchecked(x);
        Sketch.AddUnchecked(x);
        double[] thresholds = _thresholds;
        long[] counts = _exceedCounts;
        for (int i = 0; i < thresholds.Length; i++)
        {
            if (x > thresholds[i])
            {
                counts[i]++;
            }
        }
    }

    /// <summary>
    /// Adds a block of values at once, as <see cref="Add"/> would one by one except that the moments
    /// come from a two-pass (corrected) sum over the block merged with Chan's update, which is more
    /// accurate than one-by-one updates and has no division per value. A block of zeros costs no log.
    /// </summary>
    /// <param name="xs">The values, in trial order. Each must be finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    internal void AddBlock(ReadOnlySpan<double> xs)
    {
        if (xs.IsEmpty)
        {
            return;
        }

        (double sum, double min, double max, bool finite) = SumMinMax(xs);
        if (!finite)
        {
            foreach (double x in xs)
            {
                if (!double.IsFinite(x))
                {
                    ThrowHelper.NotFinite(x, nameof(xs));
                }
            }
        }

        int n = xs.Length;
        double[] thresholds = _thresholds;
        long[] counts = _exceedCounts;
        if (min == 0 && max == 0)
        {
            Moments.MergeSummary(n, 0.0, 0.0, 0.0, 0.0);
            Sketch.AddZeros(n);
            for (int i = 0; i < thresholds.Length; i++)
            {
                counts[i] += thresholds[i] < 0 ? n : 0;
            }

            return;
        }

        double mean = sum / n;
        (double m2, double drift) = SquaredDeviations(xs, mean);

        Moments.MergeSummary(n, mean, Math.Max(0.0, m2 - (drift * drift / n)), min, max);
        Sketch.AddBurst(xs, min);
        for (int i = 0; i < thresholds.Length; i++)
        {
            double threshold = thresholds[i];
            long above = 0;
            foreach (double x in xs)
            {
                above += x > threshold ? 1 : 0;
            }

            counts[i] += above;
        }
    }

    // Σx, min, max and whether every value is finite, four lanes at a time (then the tail).
    private static (double Sum, double Min, double Max, bool Finite) SumMinMax(ReadOnlySpan<double> xs)
    {
        var sum = Vector256<double>.Zero;
        var min = Vector256.Create(double.PositiveInfinity);
        var max = Vector256.Create(double.NegativeInfinity);
        var check = Vector256<double>.Zero;
        int i = 0;
        for (; i + 4 <= xs.Length; i += 4)
        {
            var v = Vector256.Create(xs.Slice(i, 4));
            sum += v;
            min = Vector256.Min(min, v);
            max = Vector256.Max(max, v);
            check += v - v;
        }

        double s = Vector256.Sum(sum), lo = double.PositiveInfinity, hi = double.NegativeInfinity, c = Vector256.Sum(check);
        for (int lane = 0; lane < 4; lane++)
        {
            lo = Math.Min(lo, min.GetElement(lane));
            hi = Math.Max(hi, max.GetElement(lane));
        }

        for (; i < xs.Length; i++)
        {
            s += xs[i];
            lo = Math.Min(lo, xs[i]);
            hi = Math.Max(hi, xs[i]);
            c += xs[i] - xs[i];
        }

        // x − x is 0 for a finite x and NaN for ±∞ or NaN, so c is 0 exactly when every value is finite.
        return (s, lo, hi, c == 0);
    }

    // Σ(x − mean)² and Σ(x − mean), four lanes at a time (then the tail).
    private static (double SquaredSum, double Drift) SquaredDeviations(ReadOnlySpan<double> xs, double mean)
    {
        var m = Vector256.Create(mean);
        var squares = Vector256<double>.Zero;
        var drift = Vector256<double>.Zero;
        int i = 0;
        for (; i + 4 <= xs.Length; i += 4)
        {
            var d = Vector256.Create(xs.Slice(i, 4)) - m;
            squares += d * d;
            drift += d;
        }

        double q = Vector256.Sum(squares), r = Vector256.Sum(drift);
        for (; i < xs.Length; i++)
        {
            double d = xs[i] - mean;
            q += d * d;
            r += d;
        }

        return (q, r);
    }

    /// <summary>Merges <paramref name="other"/>, whose trials come later in block order; <paramref name="other"/> is not changed.</summary>
    /// <param name="other">An accumulator with the same thresholds (same values, same order) and relative accuracy.</param>
    /// <exception cref="ArgumentException">The thresholds or relative accuracies differ.</exception>
    public void Merge(OutcomeAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_thresholds.AsSpan().SequenceEqual(other._thresholds))
        {
            throw new ArgumentException("Cannot merge accumulators with different thresholds.", nameof(other));
        }

        Sketch.Merge(other.Sketch);
        Moments.Merge(other.Moments);
        for (int i = 0; i < _exceedCounts.Length; i++)
        {
            _exceedCounts[i] += other._exceedCounts[i];
        }
    }

    /// <summary>An immutable summary of the trials added so far.</summary>
    public OutcomeSummary Summarise()
    {
        long count = Moments.Count;
        var exceedances = new Exceedance[_thresholds.Length];
        for (int i = 0; i < exceedances.Length; i++)
        {
            double probability = count == 0 ? double.NaN : (double)_exceedCounts[i] / count;
            exceedances[i] = new Exceedance(_thresholds[i], probability);
        }

        return new OutcomeSummary(
            count,
            Moments.Mean,
            Moments.StdDev,
            Moments.StandardError,
            Moments.Min,
            Moments.Max,
            Sketch.Quantile(0.05),
            Sketch.Quantile(0.25),
            Sketch.Quantile(0.50),
            Sketch.Quantile(0.75),
            Sketch.Quantile(0.95),
            Array.AsReadOnly(exceedances));
    }

    /// <summary>Forgets every trial, keeping the thresholds and the sketch's arrays.</summary>
    public void Reset()
    {
        Moments.Reset();
        Sketch.Reset();
        Array.Clear(_exceedCounts);
    }
}
