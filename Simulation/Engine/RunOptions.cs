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

    /// <summary>Receives each trial's scalar outcomes in trial order (plan-major), or null.</summary>
    public Action<long, int, double[]>? SampleSink { get; init; }
}
