using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Every statistic of a run under one plan: the scalar outcomes, the breakdowns (route, source,
/// source country, transit country, interdiction by edge, billed and received by country) and the
/// binding regime. Built per block of trials and merged in block order, so the result does not
/// depend on the thread count. Memory does not grow with the number of trials. Series that are equal in
/// every trial by construction (same routes, same edges, or none) share one accumulator (<see cref="SeriesLayout"/>,
/// computed once per plan), so they cost one series' statistics.
/// </summary>
internal sealed class RunAccumulator
{
    public RunAccumulator(FlowPlan plan, IReadOnlyList<double> thresholds)
    {
        SeriesLayout layout = SeriesLayout.Of(plan);
        var accumulators = new OutcomeAccumulator[layout.Groups];
        for (int g = 0; g < accumulators.Length; g++)
        {
            accumulators[g] = new OutcomeAccumulator(thresholds);
        }

        _series = new OutcomeAccumulator[layout.Columns];
        for (int i = 0; i < _series.Length; i++)
        {
            _series[i] = accumulators[layout.GroupOf[i]];
        }

        int at = 0;
        OutcomeAccumulator[] Next(int count)
        {
            OutcomeAccumulator[] part = _series[at..(at + count)];
            at += count;
            return part;
        }

        Outcomes = Next(TrialState.OutcomeCount);
        ByRoute = Next(plan.RouteCount);
        BySource = Next(plan.SourceCount);
        BySourceCountry = Next(plan.Countries.Length);
        ByTransitCountry = Next(plan.Countries.Length);
        InterdictedByEdge = Next(plan.IllicitEdgeCount);
        Billed = Next(plan.Countries.Length);
        Received = Next(plan.Countries.Length);
        SaturatedShare = _series[at];
        _owner = layout.Owner;
        _rows = Math.Clamp(BufferValues / _series.Length, 8, MaxRows);
        _stride = _rows + ColumnPadding;
        _buffer = new double[_series.Length * _stride];
    }

    // Trials are buffered, one column per statistic, and added up to 512 trials (a whole block) at a time
    // (see OutcomeAccumulator.AddBlock). A trial writes one value per column, so eight trials fill a cache
    // line per column; a flush reads each column in order and increments one quantile sketch with all its
    // values at once, which keeps that sketch's buckets in cache while it does. Large networks get fewer
    // rows, so that the buffer stays near 1 MB.
    private const int MaxRows = 512;
    private const int BufferValues = 131_072;
    private readonly int _rows;

    // Columns lie _rows + 8 values apart, not _rows: with 512 rows a column is 4 KB, and a trial's values at a
    // 4 KB stride all fall in one set of the L1 cache (8 ways), so a trial with more columns than that missed
    // L1 on every write. One cache line of padding spreads the columns over the sets.
    private const int ColumnPadding = 8;
    private readonly int _stride;
    private readonly OutcomeAccumulator[] _series;

    // Whether column i is the first column of its accumulator (shared accumulators are flushed, merged
    // and reset through their first column only). Shared with every accumulator of the plan.
    private readonly bool[] _owner;
    private readonly double[] _buffer;
    private int _buffered;

    public OutcomeAccumulator[] Outcomes { get; }
    public OutcomeAccumulator[] ByRoute { get; }
    public OutcomeAccumulator[] BySource { get; }
    public OutcomeAccumulator[] BySourceCountry { get; }
    public OutcomeAccumulator[] ByTransitCountry { get; }
    public OutcomeAccumulator[] InterdictedByEdge { get; }
    public OutcomeAccumulator[] Billed { get; }
    public OutcomeAccumulator[] Received { get; }
    public OutcomeAccumulator SaturatedShare { get; }

    /// <summary>Trials with unmet illicit demand.</summary>
    public long UnmetTrials { get; private set; }

    /// <summary>Trials added.</summary>
    public long Count => SaturatedShare.Moments.Count + _buffered;

    /// <summary>Adds the tallies of the trial just run.</summary>
    public void Add(TrialState s)
    {
        if (_buffered == _rows)
        {
            Flush();
        }

        if (s.Outcomes.Length + s.LeakedByRoute.Length + s.LeakedBySource.Length + s.LeakedBySourceCountry.Length
            + s.LeakedByTransitCountry.Length + s.InterdictedByEdge.Length + s.Billed.Length + s.Received.Length + 1 != _series.Length)
        {
            throw new ArgumentException("The trial state belongs to another plan.", nameof(s));
        }

        int at = _buffered;
        Buffer(s.Outcomes, ref at);
        Buffer(s.LeakedByRoute, ref at);
        Buffer(s.LeakedBySource, ref at);
        Buffer(s.LeakedBySourceCountry, ref at);
        Buffer(s.LeakedByTransitCountry, ref at);
        Buffer(s.InterdictedByEdge, ref at);
        Buffer(s.Billed, ref at);
        Buffer(s.Received, ref at);
        _buffer[at] = s.SaturatedShare;
        _buffered++;
        if (s.Outcomes[(int)Outcome.Unmet] > 0)
        {
            UnmetTrials++;
        }
    }

    /// <summary>Adds the buffered trials to the statistics; done before a merge and when the buffer is full.</summary>
    public void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        for (int i = 0; i < _series.Length; i++)
        {
            if (_owner[i])
            {
                _series[i].AddBlock(_buffer.AsSpan(i * _stride, _buffered));
            }
        }

        _buffered = 0;
    }

    /// <summary>Merges <paramref name="other"/> (the next block in order) into this.</summary>
    public void Merge(RunAccumulator other)
    {
        Flush();
        other.Flush();
        for (int i = 0; i < _series.Length; i++)
        {
            if (_owner[i])
            {
                _series[i].Merge(other._series[i]);
            }
        }

        UnmetTrials += other.UnmetTrials;
    }

    /// <summary>Clears every statistic (to reuse a block accumulator).</summary>
    public void Reset()
    {
        for (int i = 0; i < _series.Length; i++)
        {
            if (_owner[i])
            {
                _series[i].Reset();
            }
        }

        UnmetTrials = 0;
        _buffered = 0;
    }

    private void Buffer(double[] values, ref int at)
    {
        // One value per column: at + values.Length·stride stays inside the buffer by construction (one
        // column per statistic, a stride per column), so the writes go through a ref without bounds checks.
        ref double buffer = ref MemoryMarshal.GetArrayDataReference(_buffer);
        int rows = _stride;
        for (int i = 0; i < values.Length; i++)
        {
            Unsafe.Add(ref buffer, at) = values[i];
            at += rows;
        }
    }
}
