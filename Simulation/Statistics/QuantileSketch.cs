namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// A mergeable quantile sketch with a guaranteed relative error: a DDSketch-style histogram over
/// logarithmic buckets (Masson, Rim and Lee, VLDB 2019), with an exact count of zeros and a mirrored
/// store for negative values.
/// </summary>
/// <remarks>
/// <para>
/// <b>Rank convention.</b> For n values sorted ascending as x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, the quantile at
/// level q is the order statistic x₍ₖ₎ of 0-based rank k = ⌈q·(n − 1)⌉, with q·(n − 1) evaluated in
/// double precision. So q = 0 is the minimum, q = 1 the maximum, and no interpolation is done.
/// </para>
/// <para>
/// <b>Error bound.</b> With relative accuracy α, <see cref="Quantile"/> returns q̂ with
/// |q̂ − x₍ₖ₎| ≤ α·|x₍ₖ₎| for every q, every data set and every order of additions and merges.
/// The extremes are exact (q̂ is the minimum at k = 0 and the maximum at k = n − 1), zero is
/// returned exactly (q̂ = 0 when x₍ₖ₎ = 0), and q̂ has the sign of x₍ₖ₎. Why it holds: a
/// positive value x goes to bucket i = ⌈log_γ x⌉ with γ = (1 + α′)/(1 − α′), which covers
/// (γ^(i−1), γ^i]; the bucket's representative 2γ^i/(γ + 1) is within α′·x of every value in it; and
/// the bucket holding rank k holds x₍ₖ₎. Internally α′ = α·(1 − 10⁻⁶): the margin of 10⁻⁶·α
/// (at least 10⁻¹⁰ relative) absorbs the rounding of the logarithm and exponential (about 10⁻¹²
/// relative at worst, over the whole double range), so the bound holds as stated in floating point,
/// not just in exact arithmetic. Results are clamped to [min, max] of the data, which can only
/// reduce the error. The bound assumes normal doubles (|x| ≥ 2.2·10⁻³⁰⁸); for subnormal values the
/// representative carries an extra absolute error of at most 5·10⁻³²⁴.
/// </para>
/// <para>
/// <b>Merging.</b> Bucket counts are integers and min/max are exact, so a merged sketch answers
/// every query bit-identically whatever the order or grouping of the merges, and identically to one
/// sketch fed all the values.
/// </para>
/// <para>
/// <b>Memory.</b> Independent of the number of values: a sign's store spans at most
/// ⌈ln(max|x| / min|x|)/ln γ⌉ + 1 buckets (about 2764 for values spanning 10⁻³ … 10⁹ at α = 0.005),
/// held in an array of 8-byte counts shorter than twice that span or 128 buckets, whichever is
/// larger. Over the whole double range the span is at most
/// ln(1.8·10³⁰⁸ / 4.9·10⁻³²⁴)/ln γ ≈ 1.5·10⁵·(0.005/α) buckets per sign.
/// <see cref="Reset"/> keeps the arrays, so a reused sketch does not allocate.
/// </para>
/// <para>
/// <b>Cost.</b> <see cref="Add"/> takes one logarithm and does not allocate unless the bucket
/// window must grow (amortised: the array at least doubles). Bucket indices use
/// <see cref="Math.Log(double)"/>, which is deterministic on one machine whatever the thread count;
/// another platform's maths library may put a value lying within about 10⁻¹³ (relative) of a bucket
/// boundary into the neighbouring bucket, which changes results in the last digits but stays within
/// the bound.
/// </para>
/// </remarks>
public sealed class QuantileSketch
{
    /// <summary>Smallest accepted relative accuracy; finer sketches need disproportionate memory.</summary>
    public const double MinRelativeAccuracy = 1e-4;

    /// <summary>Largest accepted relative accuracy.</summary>
    public const double MaxRelativeAccuracy = 0.5;

    private const double RoundingMargin = 1e-6;
    private const int InitialPositiveCapacity = 128;

    private const int MantissaCells = 128;
    private const double Ln2 = 0.69314718055994530942;
    private const double IndexGuard = 1e-8;

    // ln c_j and 1/c_j for c_j = 1 + (j + ½)/128, the centres of the mantissa's cells.
    private static readonly double[] LogCentre = [.. Enumerable.Range(0, MantissaCells).Select(j => Math.Log(1.0 + ((j + 0.5) / MantissaCells)))];
    private static readonly double[] InverseCentre = [.. Enumerable.Range(0, MantissaCells).Select(j => 1.0 / (1.0 + ((j + 0.5) / MantissaCells)))];

    private readonly double _relativeAccuracy;
    private readonly double _logGamma;
    private readonly double _indexMultiplier;
    private readonly double _onePlusAlpha;
    private readonly BucketStore _positive = new(InitialPositiveCapacity);
    private readonly BucketStore _negative = new(0);
    private long _zeroCount;
    private long _count;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">
    /// α, the guaranteed bound on |q̂ − x|/|x|. Range: <see cref="MinRelativeAccuracy"/> ≤ α ≤
    /// <see cref="MaxRelativeAccuracy"/>; default 0.005 (0.5 %).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeAccuracy"/> is outside its range.</exception>
    public QuantileSketch(double relativeAccuracy = 0.005)
    {
        if (!(relativeAccuracy >= MinRelativeAccuracy && relativeAccuracy <= MaxRelativeAccuracy))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relativeAccuracy),
                relativeAccuracy,
                $"Relative accuracy must lie in [{MinRelativeAccuracy}, {MaxRelativeAccuracy}].");
        }

        _relativeAccuracy = relativeAccuracy;
        double alpha = relativeAccuracy * (1.0 - RoundingMargin);
        _logGamma = Math.Log((1.0 + alpha) / (1.0 - alpha));
        _indexMultiplier = 1.0 / _logGamma;
        _onePlusAlpha = 1.0 + alpha;
    }

    /// <summary>Number of values added. Range: ≥ 0.</summary>
    public long Count => _count;

    /// <summary>
    /// The guaranteed relative accuracy α given at construction. Range: <see cref="MinRelativeAccuracy"/>
    /// ≤ α ≤ <see cref="MaxRelativeAccuracy"/>.
    /// </summary>
    public double RelativeAccuracy => _relativeAccuracy;

    /// <summary>ln γ, the width of a bucket on the log scale; bucket i covers (e^((i−1)·ln γ), e^(i·ln γ)].</summary>
    internal double BucketLogWidth => _logGamma;

    /// <summary>Buckets allocated over both signs: the sketch's memory is about 8 bytes times this.</summary>
    internal int AllocatedBuckets => _positive.Capacity + _negative.Capacity;

    /// <summary>Adds one value. Does not allocate unless the bucket window must grow.</summary>
    /// <param name="x">The value; must be finite. Zero, either sign, is counted exactly.</param>
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
        if (x > 0.0)
        {
            _positive.Increment(Index(x));
        }
        else if (x < 0.0)
        {
            _negative.Increment(Index(-x));
        }
        else
        {
            _zeroCount++;
        }

        _count++;
        if (x < _min)
        {
            _min = x;
        }

        if (x > _max)
        {
            _max = x;
        }
    }

    /// <summary>Values a burst (<see cref="AddBurst"/>) indexes at a time.</summary>
    internal const int BurstSize = 512;

    /// <summary>
    /// Adds finite values whose least is <paramref name="min"/> (a block of <see cref="OutcomeAccumulator.AddBlock"/>),
    /// as <see cref="AddUnchecked"/> would one by one: when none is
    /// negative, the bucket indices of up to <see cref="BurstSize"/> values are computed first and the store
    /// counts them with one window check, and the count is updated once.
    /// </summary>
    internal void AddBurst(ReadOnlySpan<double> xs, double min)
    {
        if (min < 0.0)
        {
            foreach (double x in xs)
            {
                AddUnchecked(x);
            }

            return;
        }

        Span<int> indices = stackalloc int[BurstSize];
        for (int start = 0; start < xs.Length; start += BurstSize)
        {
            ReadOnlySpan<double> burst = xs.Slice(start, Math.Min(BurstSize, xs.Length - start));
            int n = 0, lo = int.MaxValue, hi = int.MinValue;
            double least = _min, greatest = _max;
            foreach (double x in burst)
            {
                // The same comparisons as AddUnchecked, in the same order, so a block of +0 and −0 keeps the same zero.
                if (x < least)
                {
                    least = x;
                }

                if (x > greatest)
                {
                    greatest = x;
                }

                if (x > 0.0)
                {
                    int index = Index(x);
                    indices[n++] = index;
                    lo = Math.Min(lo, index);
                    hi = Math.Max(hi, index);
                }
            }

            _positive.IncrementAll(indices[..n], lo, hi);
            _zeroCount += burst.Length - n;
            _min = least;
            _max = greatest;
        }

        _count += xs.Length;
    }

    /// <summary>Adds <paramref name="n"/> zeros.</summary>
    internal void AddZeros(long n)
    {
        _zeroCount += n;
        _count += n;
        _min = Math.Min(_min, 0.0);
        _max = Math.Max(_max, 0.0);
    }

    /// <summary>
    /// Merges <paramref name="other"/> into this sketch; <paramref name="other"/> is not changed.
    /// Exact: the result is the sketch of both sets of values, whatever the order of merging.
    /// </summary>
    /// <param name="other">A sketch with the same <see cref="RelativeAccuracy"/>.</param>
    /// <exception cref="ArgumentException">The relative accuracies differ.</exception>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._relativeAccuracy != _relativeAccuracy)
        {
            throw new ArgumentException(
                $"Cannot merge a sketch of relative accuracy {other._relativeAccuracy} into one of {_relativeAccuracy}.",
                nameof(other));
        }

        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
        _zeroCount += other._zeroCount;
        _count += other._count;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>
    /// The value at quantile level <paramref name="q"/>: within <see cref="RelativeAccuracy"/>·|x₍ₖ₎|
    /// of the order statistic x₍ₖ₎, k = ⌈q·(n − 1)⌉ (0-based), and inside [min, max] of the data;
    /// exactly the minimum when k = 0 and the maximum when k = n − 1.
    /// </summary>
    /// <param name="q">Quantile level. Range: 0 ≤ q ≤ 1.</param>
    /// <returns>The estimate, in the values' unit; <see cref="double.NaN"/> when the sketch is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    public double Quantile(double q)
    {
        if (!(q >= 0.0 && q <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile level must lie in [0, 1].");
        }

        if (_count == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(q * (_count - 1));
        if (rank == 0)
        {
            return _min;
        }

        if (rank == _count - 1)
        {
            return _max;
        }

        double estimate;
        long negatives = _negative.Total;
        if (rank < negatives)
        {
            // Negative values ascend as their magnitude descends: walk the mirrored store downwards.
            estimate = -Representative(FindDescending(_negative, rank));
        }
        else if (rank < negatives + _zeroCount)
        {
            estimate = 0.0;
        }
        else
        {
            estimate = Representative(FindAscending(_positive, rank - negatives - _zeroCount));
        }

        return Math.Clamp(estimate, _min, _max);
    }

    /// <summary>Forgets every value, keeping the bucket arrays so that reuse does not allocate.</summary>
    public void Reset()
    {
        _positive.Reset();
        _negative.Reset();
        _zeroCount = 0;
        _count = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    private static int FindAscending(BucketStore store, long rank)
    {
        long cumulative = 0;
        for (int index = store.MinIndex; index < store.MaxIndex; index++)
        {
            cumulative += store.CountAt(index);
            if (cumulative > rank)
            {
                return index;
            }
        }

        return store.MaxIndex;
    }

    private static int FindDescending(BucketStore store, long rank)
    {
        long cumulative = 0;
        for (int index = store.MaxIndex; index > store.MinIndex; index--)
        {
            cumulative += store.CountAt(index);
            if (cumulative > rank)
            {
                return index;
            }
        }

        return store.MinIndex;
    }

    /// <summary>Bucket of a positive magnitude: ⌈log_γ x⌉, so bucket i covers (γ^(i−1), γ^i].</summary>
    private int Index(double magnitude)
    {
        // ln x = e·ln 2 + ln c_j + ln(1 + r): c_j the centre of the mantissa's 1/128 interval, |r| < 2^-8,
        // ln(1 + r) to r⁴ (error < 2e-13). Its index is Math.Log's unless ln x·m lies within 1e-8 of an
        // integer (bucket edge), where the error bound (about 1e-10 after the multiply) could matter:
        // then Math.Log decides, so the index is exactly the reference index for every input.
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int exponent = (int)(bits >> 52) & 0x7FF;
        if (exponent != 0 && exponent != 0x7FF)
        {
            int j = (int)(bits >> 45) & (MantissaCells - 1);
            double mantissa = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
            double r = (mantissa * InverseCentre[j]) - 1.0;
            double series = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(-0.25, r, 1.0 / 3.0), r, -0.5), r, 1.0);
            double ln = Math.FusedMultiplyAdd(exponent - 1023, Ln2, LogCentre[j]) + (r * series);
            double t = ln * _indexMultiplier;
            double ceiling = Math.Ceiling(t);
            if (ceiling - t > IndexGuard && t - ceiling + 1.0 > IndexGuard)
            {
                return (int)ceiling;
            }
        }

        return ReferenceIndex(magnitude);
    }

    /// <summary>The bucket index by definition, ⌈ln x / ln γ⌉ with Math.Log.</summary>
    internal int ReferenceIndex(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * _indexMultiplier);

    /// <summary>The index <see cref="AddUnchecked"/> uses (fast path included), for tests.</summary>
    internal int IndexOf(double magnitude) => Index(magnitude);

    /// <summary>
    /// Representative 2γ^i/(γ + 1) = γ^(i−1)·(1 + α′) of bucket i, within α′ of every value in it.
    /// Written with γ^(i−1), which is below the bucket's values, so it cannot overflow before the clamp.
    /// </summary>
    private double Representative(int index) => Math.Exp((index - 1) * _logGamma) * _onePlusAlpha;
}
