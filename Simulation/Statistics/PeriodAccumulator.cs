using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Per-period statistics of a run under one plan: for each period, every scalar outcome of that period
/// alone and the leakage by source country (for the countries some illicit route starts from). One
/// <see cref="OutcomeAccumulator"/> per period and series, filled per block of trials and merged in block
/// order exactly like <see cref="RunAccumulator"/>, so the result does not depend on the thread count.
/// </summary>
internal sealed class PeriodAccumulator
{
    // Trials are buffered one column per series and added a block at a time (OutcomeAccumulator.AddBlock),
    // as in RunAccumulator; large plans get fewer rows so that the buffer stays near 1 MB.
    private const int MaxRows = 512;
    private const int BufferValues = 131_072;
    private readonly OutcomeAccumulator[] _series;
    private readonly int _rows;
    private readonly double[] _buffer;
    private readonly int _countryCount;
    private int _buffered;

    public PeriodAccumulator(FlowPlan plan)
    {
        Periods = plan.Periods;
        _countryCount = plan.Countries.Length;
        SourceCountries = [.. Enumerable.Range(0, plan.RouteCount).Select(k => plan.SourceCountry[plan.RouteSource[k]]).Distinct().Order()];
        int perPeriod = TrialState.OutcomeCount + SourceCountries.Length;
        _series = [.. Enumerable.Range(0, Periods * perPeriod).Select(_ => new OutcomeAccumulator([]))];
        _rows = Math.Clamp(BufferValues / _series.Length, 8, MaxRows);
        _buffer = new double[_series.Length * _rows];
    }

    /// <summary>Periods of the horizon.</summary>
    public int Periods { get; }

    /// <summary>Plan indices of the countries reported by <see cref="LeakedBySourceCountry"/>: those some route starts from, ascending.</summary>
    public int[] SourceCountries { get; }

    /// <summary>Trials added.</summary>
    public long Count => _series[0].Moments.Count + _buffered;

    /// <summary>Outcome <paramref name="outcome"/> of period <paramref name="period"/> (1-based) alone.</summary>
    public OutcomeAccumulator ForOutcome(int period, Outcome outcome) => _series[Column(period, (int)outcome)];

    /// <summary>Leaked in period <paramref name="period"/> (1-based) from source country <c>SourceCountries[i]</c>.</summary>
    public OutcomeAccumulator LeakedBySourceCountry(int period, int i) => _series[Column(period, TrialState.OutcomeCount + i)];

    private int Column(int period, int series)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period, Periods);
        return ((period - 1) * (TrialState.OutcomeCount + SourceCountries.Length)) + series;
    }

    /// <summary>Adds the period rows of the trial just run (a state made with per-period recording).</summary>
    public void Add(TrialState s)
    {
        if (s.PeriodRows.Length != Periods * TrialState.OutcomeCount || s.PeriodLeakedBySourceCountry.Length != Periods * _countryCount)
        {
            throw new ArgumentException("The trial state does not record this plan's periods.", nameof(s));
        }

        if (_buffered == _rows)
        {
            Flush();
        }

        ref double buffer = ref MemoryMarshal.GetArrayDataReference(_buffer);
        int at = _buffered, rows = _rows, outcomes = TrialState.OutcomeCount;
        double[] periodRows = s.PeriodRows, byCountry = s.PeriodLeakedBySourceCountry;
        int[] countries = SourceCountries;
        for (int t = 0; t < Periods; t++)
        {
            // One value per column, columns in the order of Column(): at stays inside the buffer by construction.
            for (int o = 0; o < outcomes; o++)
            {
                Unsafe.Add(ref buffer, at) = periodRows[(t * outcomes) + o];
                at += rows;
            }

            for (int i = 0; i < countries.Length; i++)
            {
                Unsafe.Add(ref buffer, at) = byCountry[(t * _countryCount) + countries[i]];
                at += rows;
            }
        }

        _buffered++;
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
            _series[i].AddBlock(_buffer.AsSpan(i * _rows, _buffered));
        }

        _buffered = 0;
    }

    /// <summary>Merges <paramref name="other"/> (the next block in order) into this.</summary>
    public void Merge(PeriodAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._series.Length != _series.Length)
        {
            throw new ArgumentException("Cannot merge the periods of another plan.", nameof(other));
        }

        Flush();
        other.Flush();
        for (int i = 0; i < _series.Length; i++)
        {
            _series[i].Merge(other._series[i]);
        }
    }

    /// <summary>Clears every statistic (to reuse a block accumulator).</summary>
    public void Reset()
    {
        foreach (OutcomeAccumulator a in _series)
        {
            a.Reset();
        }

        _buffered = 0;
    }
}
