namespace ExportFlow.Simulation.Engine;

/// <summary>How to run a Monte Carlo simulation.</summary>
public sealed record RunOptions
{
    /// <summary>Trials to run. Range: ≥ 1.</summary>
    public required long Trials { get; init; }

    /// <summary>Seed of every random stream.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Worker threads. Range: ≥ 1. Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Thresholds X for P(outcome &gt; X).</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [];

    /// <summary>
    /// Whether to collect per-period statistics (every outcome and leaked by source country, period by
    /// period). Off by default: a run without them does exactly what it did before they existed.
    /// </summary>
    public bool ByPeriod { get; init; }

    /// <summary>Receives each trial's scalar outcomes in trial order (plan-major), or null.</summary>
    public Action<long, int, double[]>? SampleSink { get; init; }

    /// <summary>
    /// Called after each block is merged, in block order (so on the same state on any thread count), with the
    /// trials merged so far, the totals per plan and the paired accumulators against the first plan; true stops
    /// the run there, and the result is then that of a run of exactly that many trials. Null: run every trial.
    /// Called once per block, never per trial.
    /// </summary>
    internal Func<long, IReadOnlyList<Statistics.RunAccumulator>, IReadOnlyList<Statistics.PairedAccumulator[]>, bool>? AfterMerge { get; init; }
}
