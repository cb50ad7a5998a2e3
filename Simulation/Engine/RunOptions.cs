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

    /// <summary>
    /// How the inputs (parameter and inline-distribution draws) are sampled: <see cref="SamplingMethod.Random"/>
    /// (the default, every number as before), Sobol or Latin hypercube. Transit, licence and flag draws stay keyed
    /// pseudo-random under every method.
    /// </summary>
    public SamplingMethod Sampling { get; init; }

    /// <summary>
    /// With Sobol or LHS: the plan whose slots get the first input dimensions (the baseline), so that a policy run
    /// alone gets the dimensions it has in a comparison; null: the first plan of the run.
    /// </summary>
    internal Compilation.FlowPlan? SamplingReference { get; init; }

    /// <summary>
    /// Receives each trial's scalar outcomes in trial order (plan-major), or null; with <see cref="SampleInputDraws"/>
    /// the row continues with the trial's input values.
    /// </summary>
    public Action<long, int, double[]>? SampleSink { get; init; }

    /// <summary>
    /// With <see cref="SampleSink"/>: per plan, per input column (the same columns for every plan), the plan's draws of that input (the first one is
    /// recorded; empty: NaN). Each sample row then ends with one value per input: the draw's value, or its mean over
    /// the periods for a per-period draw (before growth). Null: outcomes only. Recording changes no number.
    /// </summary>
    public IReadOnlyList<int[][]>? SampleInputDraws { get; init; }

    /// <summary>
    /// Called after each block is merged, in block order (so on the same state on any thread count), with the
    /// trials merged so far, the totals per plan and the paired accumulators against the first plan; true stops
    /// the run there, and the result is then that of a run of exactly that many trials. Null: run every trial.
    /// Called once per block, never per trial.
    /// </summary>
    internal Func<long, IReadOnlyList<Statistics.RunAccumulator>, IReadOnlyList<Statistics.PairedAccumulator[]>, bool>? AfterMerge { get; init; }

    /// <summary>
    /// A calibrated posterior (<c>--posterior FILE</c>): trial i takes particle (i mod N)'s input values in every plan, and
    /// draws everything else from its own trial key as usual. Null: every input is drawn from its prior.
    /// </summary>
    internal Calibration.PosteriorSample? Posterior { get; init; }
}
