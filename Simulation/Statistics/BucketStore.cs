namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Integer counts per log bucket index, held in one dense array that covers a contiguous window of
/// indices and grows (by at least doubling) when a value falls outside it.
/// </summary>
/// <remarks>
/// Implementation note: counts are integers, so merging two stores is exact and independent of
/// order; only the array's window (an implementation detail) can depend on the order of additions.
/// The window never needs to be wider than the occupied index range, which the data's dynamic range
/// bounds, so memory does not grow with the number of values. <see cref="Reset"/> keeps the array,
/// so a reused store does not allocate.
/// </remarks>
internal sealed class BucketStore
{
    private const int MinimumGrowth = 64;

    private long[] _counts;
    private int _offset;
    private int _minIndex = int.MaxValue;
    private int _maxIndex = int.MinValue;
    private long _total;

    /// <summary>Creates a store with room for <paramref name="initialCapacity"/> buckets (0: allocate on first use).</summary>
    public BucketStore(int initialCapacity)
    {
        _counts = initialCapacity == 0 ? [] : new long[initialCapacity];
    }

    /// <summary>Total count over all buckets.</summary>
    public long Total => _total;

    /// <summary>Lowest occupied index; <see cref="int.MaxValue"/> when empty.</summary>
    public int MinIndex => _minIndex;

    /// <summary>Highest occupied index; <see cref="int.MinValue"/> when empty.</summary>
    public int MaxIndex => _maxIndex;

    /// <summary>Number of buckets allocated (the array length), for memory checks.</summary>
    public int Capacity => _counts.Length;

    /// <summary>Count in bucket <paramref name="index"/>; 0 outside the occupied range.</summary>
    public long CountAt(int index) =>
        index < _minIndex || index > _maxIndex ? 0 : _counts[index - _offset];

    /// <summary>Adds one to bucket <paramref name="index"/>. Allocates only when the window must grow.</summary>
    public void Increment(int index)
    {
        int slot = index - _offset;
        if (slot < 0 || slot >= _counts.Length)
        {
            EnsureWindow(index, index);
            slot = index - _offset;
        }

        _counts[slot]++;
        _total++;
        if (index < _minIndex)
        {
            _minIndex = index;
        }

        if (index > _maxIndex)
        {
            _maxIndex = index;
        }
    }

    /// <summary>
    /// Adds one count at each of <paramref name="indices"/>, whose least and greatest are <paramref name="lo"/> and
    /// <paramref name="hi"/>: the same counts as <see cref="Increment"/> one by one, with one window check for all.
    /// </summary>
    public void IncrementAll(ReadOnlySpan<int> indices, int lo, int hi)
    {
        if (indices.IsEmpty)
        {
            return;
        }

        if (lo - _offset < 0 || hi - _offset >= _counts.Length)
        {
            EnsureWindow(lo, hi);
        }

        long[] counts = _counts;
        int offset = _offset;
        foreach (int index in indices)
        {
            counts[index - offset]++;
        }

        _total += indices.Length;
        _minIndex = Math.Min(_minIndex, lo);
        _maxIndex = Math.Max(_maxIndex, hi);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this store.</summary>
    public void Merge(BucketStore other)
    {
        if (other._total == 0)
        {
            return;
        }

        int lo = other._minIndex;
        int hi = other._maxIndex;
        EnsureWindow(lo, hi);

        // Copy other's window first: merging a store into itself must read the counts before adding.
        long[] source = ReferenceEquals(other, this)
            ? _counts[(lo - _offset)..(hi - _offset + 1)]
            : other._counts;
        int sourceOffset = ReferenceEquals(other, this) ? lo : other._offset;
        for (int index = lo; index <= hi; index++)
        {
            _counts[index - _offset] += source[index - sourceOffset];
        }

        _total += other._total;
        _minIndex = Math.Min(_minIndex, lo);
        _maxIndex = Math.Max(_maxIndex, hi);
    }

    /// <summary>Sets every count to zero, keeping the array.</summary>
    public void Reset()
    {
        if (_total != 0)
        {
            Array.Clear(_counts, _minIndex - _offset, _maxIndex - _minIndex + 1);
        }

        _total = 0;
        _minIndex = int.MaxValue;
        _maxIndex = int.MinValue;
    }

    /// <summary>
    /// Makes the array's window cover the indices [<paramref name="lo"/>, <paramref name="hi"/>] as
    /// well as the occupied range: by sliding the window when the array is long enough, else by
    /// growing it to max(needed, 2 × length), so its length stays below twice the occupied span.
    /// </summary>
    private void EnsureWindow(int lo, int hi)
    {
        if (_total != 0)
        {
            lo = Math.Min(lo, _minIndex);
            hi = Math.Max(hi, _maxIndex);
        }

        if (lo >= _offset && hi < _offset + _counts.Length)
        {
            return;
        }

        int needed = hi - lo + 1;
        int length = needed <= _counts.Length
            ? _counts.Length
            : Math.Max(needed, Math.Max(2 * _counts.Length, MinimumGrowth));
        int offset = lo - ((length - needed) / 2);
        if (_total == 0)
        {
            if (length != _counts.Length)
            {
                _counts = new long[length];
            }

            _offset = offset;
            return;
        }

        int occupied = _maxIndex - _minIndex + 1;
        int source = _minIndex - _offset;
        int target = _minIndex - offset;
        if (length == _counts.Length)
        {
            // Slide in place (Array.Copy handles the overlap), then zero the slots the occupied range left.
            Array.Copy(_counts, source, _counts, target, occupied);
            int clearStart = target > source ? source : Math.Max(target + occupied, source);
            int clearEnd = target > source ? Math.Min(target, source + occupied) : source + occupied;
            Array.Clear(_counts, clearStart, clearEnd - clearStart);
        }
        else
        {
            long[] counts = new long[length];
            Array.Copy(_counts, source, counts, target, occupied);
            _counts = counts;
        }

        _offset = offset;
    }
}
