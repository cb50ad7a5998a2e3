namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Count, mean, variance, minimum and maximum of a stream of values, updated one value at a time by
/// Welford's algorithm and merged with the parallel formula of Chan, Golub and LeVeque.
/// </summary>
/// <remarks>
/// <para>
/// Implementation note: the engine fills one accumulator per fixed-size block of trials and merges
/// the blocks in block order. Both <see cref="Add"/> and <see cref="Merge"/> are plain sequences of
/// IEEE operations with no data-dependent ordering, so the same blocks merged in the same order give
/// bit-identical results whatever the number of threads that filled them. Merging into an empty
/// accumulator copies the other one exactly, so the first block is never perturbed by rounding.
/// </para>
/// <para>Memory is constant: five numbers, whatever the number of values.</para>
/// </remarks>
public sealed class MomentAccumulator
{
    private long _count;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Number of values added. Range: ≥ 0.</summary>
    public long Count => _count;

    /// <summary>Arithmetic mean of the values, in their unit; <see cref="double.NaN"/> when <see cref="Count"/> is 0.</summary>
    public double Mean => _count == 0 ? double.NaN : _mean;

    /// <summary>
    /// Unbiased sample variance Σ(x − mean)²/(n − 1), in the values' unit squared; 0 when
    /// <see cref="Count"/> &lt; 2. Range: ≥ 0.
    /// </summary>
    public double Variance => _count < 2 ? 0.0 : Math.Max(0.0, _m2 / (_count - 1));

    /// <summary>Sample standard deviation √<see cref="Variance"/>, in the values' unit. Range: ≥ 0.</summary>
    public double StdDev => Math.Sqrt(Variance);

    /// <summary>
    /// Standard error of the mean, <see cref="StdDev"/>/√<see cref="Count"/>, in the values' unit;
    /// <see cref="double.NaN"/> when <see cref="Count"/> is 0.
    /// </summary>
    public double StandardError => _count == 0 ? double.NaN : StdDev / Math.Sqrt(_count);

    /// <summary>Smallest value added; <see cref="double.NaN"/> when <see cref="Count"/> is 0.</summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Largest value added; <see cref="double.NaN"/> when <see cref="Count"/> is 0.</summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Adds one value. Does not allocate.</summary>
    /// <param name="x">The value; must be finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN or infinite.</exception>
    public void Add(double x)
    {
        if (!double.IsFinite(x))
        {
            ThrowHelper.NotFinite(x, nameof(x));
        }

        AddUnchecked(x);
    }

    /// <summary>Adds one value known to be finite.</summary>
    internal void AddUnchecked(double x)
    {
        _count++;
        double delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        if (x < _min)
        {
            _min = x;
        }

        if (x > _max)
        {
            _max = x;
        }
    }

    /// <summary>
    /// Merges <paramref name="other"/> into this accumulator, as if its values had been added after
    /// this accumulator's own. <paramref name="other"/> is not changed.
    /// </summary>
    /// <param name="other">The accumulator of the values that come later in block order.</param>
    public void Merge(MomentAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);

        // Read other first so that merging an accumulator into itself is well defined.
        MergeSummary(other._count, other._mean, other._m2, other._min, other._max);
    }

    /// <summary>
    /// Merges the summary of <paramref name="nb"/> values (mean, sum of squared deviations, min, max)
    /// as if they had been added after this accumulator's own (Chan et al.'s pairwise update).
    /// </summary>
    internal void MergeSummary(long nb, double meanB, double m2B, double minB, double maxB)
    {
        if (nb == 0)
        {
            return;
        }

        if (_count == 0)
        {
            _count = nb;
            _mean = meanB;
            _m2 = m2B;
            _min = minB;
            _max = maxB;
            return;
        }

        long na = _count;
        long n = na + nb;
        double delta = meanB - _mean;
        double nbOverN = (double)nb / n;
        _mean += delta * nbOverN;
        _m2 += m2B + (delta * delta * na * nbOverN);
        _count = n;
        _min = Math.Min(_min, minB);
        _max = Math.Max(_max, maxB);
    }

    /// <summary>Forgets every value, returning the accumulator to its newly constructed state.</summary>
    public void Reset()
    {
        _count = 0;
        _mean = 0.0;
        _m2 = 0.0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }
}
