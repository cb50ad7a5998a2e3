using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Every statistic of a run under one plan: the scalar outcomes, the breakdowns (route, source,
/// source country, transit country, interdiction by edge, billed and received by country) and the
/// binding regime. Built per block of trials and merged in block order, so the result does not
/// depend on the thread count. Memory does not grow with the number of trials.
/// </summary>
internal sealed class RunAccumulator
{
    public RunAccumulator(FlowPlan plan, IReadOnlyList<double> thresholds)
    {
        OutcomeAccumulator Make() => new(thresholds);
        OutcomeAccumulator[] Many(int count) => [.. Enumerable.Range(0, count).Select(_ => Make())];
        Outcomes = Many(TrialState.OutcomeCount);
        ByRoute = Many(plan.RouteCount);
        BySource = Many(plan.SourceCount);
        BySourceCountry = Many(plan.Countries.Length);
        ByTransitCountry = Many(plan.Countries.Length);
        InterdictedByEdge = Many(plan.IllicitEdgeCount);
        Billed = Many(plan.Countries.Length);
        Received = Many(plan.Countries.Length);
        SaturatedShare = Make();
        ShareIdenticalLeakSeries(plan);
        _series = [.. Outcomes, .. ByRoute, .. BySource, .. BySourceCountry, .. ByTransitCountry, .. InterdictedByEdge, .. Billed, .. Received, SaturatedShare];
        var seen = new HashSet<OutcomeAccumulator>(ReferenceEqualityComparer.Instance);
        _owner = [.. _series.Select(seen.Add)];
        _rows = Math.Clamp(BufferValues / _series.Length, 8, MaxRows);
        _buffer = new double[_series.Length * _rows];
    }

    /// <summary>
    /// Leakage by source, source country and transit country is the sum of a list of routes, added in
    /// route order (TrialRunner.LeakBreakdowns). Two series with the same list (a source with one route,
    /// a country with one source, any two empty lists) have the same value in every trial, bit for bit,
    /// so they share one accumulator: the same statistics at a fraction of the cost.
    /// </summary>
    private void ShareIdenticalLeakSeries(FlowPlan plan)
    {
        // Each series' list of routes, built in one pass over the routes (in route order), so the
        // set-up is linear in routes and route-country incidences.
        var byRoutes = new Dictionary<string, OutcomeAccumulator>(StringComparer.Ordinal);
        void Share(OutcomeAccumulator[] group, Action<Action<int, int>> routesOf)
        {
            var lists = new List<int>?[group.Length];
            routesOf((i, k) =>
            {
                List<int> list = lists[i] ??= [];
                if (list.Count == 0 || list[^1] != k)
                {
                    list.Add(k);
                }
            });
            for (int i = 0; i < group.Length; i++)
            {
                string key = lists[i] is { } list ? string.Join(',', list) : "";
                if (!byRoutes.TryAdd(key, group[i]))
                {
                    group[i] = byRoutes[key];
                }
            }
        }

        void EachRoute(Action<int, int> use, Func<int, int> seriesOf)
        {
            for (int k = 0; k < plan.RouteCount; k++)
            {
                use(seriesOf(k), k);
            }
        }

        Share(ByRoute, use => EachRoute(use, k => k));
        Share(BySource, use => EachRoute(use, k => plan.RouteSource[k]));
        Share(BySourceCountry, use => EachRoute(use, k => plan.SourceCountry[plan.RouteSource[k]]));
        Share(ByTransitCountry, use =>
        {
            for (int k = 0; k < plan.RouteCount; k++)
            {
                for (int c = plan.RouteCountryStart[k]; c < plan.RouteCountryStart[k + 1]; c++)
                {
                    use(plan.RouteCountries[c], k);
                }
            }
        });
    }

    // Trials are buffered, one column per statistic, and added up to 512 trials (a whole block) at a time
    // (see OutcomeAccumulator.AddBlock). A trial writes one value per column, so eight trials fill a cache
    // line per column; a flush reads each column in order and increments one quantile sketch with all its
    // values at once, which keeps that sketch's buckets in cache while it does. Large networks get fewer
    // rows, so that the buffer stays near 1 MB.
    private const int MaxRows = 512;
    private const int BufferValues = 131_072;
    private readonly int _rows;
    private readonly OutcomeAccumulator[] _series;

    // Whether column i is the first column of its accumulator (shared accumulators are flushed, merged
    // and reset through their first column only).
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
                _series[i].AddBlock(_buffer.AsSpan(i * _rows, _buffered));
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
        // One value per column: at + values.Length·rows stays inside the buffer by construction (one
        // column per statistic, rows per column), so the writes go through a ref without bounds checks.
        ref double buffer = ref MemoryMarshal.GetArrayDataReference(_buffer);
        int rows = _rows;
        for (int i = 0; i < values.Length; i++)
        {
            Unsafe.Add(ref buffer, at) = values[i];
            at += rows;
        }
    }
}
