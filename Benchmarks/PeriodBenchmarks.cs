using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// The cost of per-period statistics (<c>run --by-period</c>): a whole run of 20,000 trials of
/// <c>scenarios/baseline-2024.yaml</c> on one thread, with and without them. Times and allocations are per
/// trial (<c>OperationsPerInvoke</c>), so the mean is CPU time per trial, blocks, accumulators and merging
/// included; <see cref="Trial"/> is one trial alone (the engine's recording without the statistics).
/// </summary>
[MemoryDiagnoser]
public class PeriodBenchmarks
{
    /// <summary>Trials per run.</summary>
    public const int Trials = 20_000;

    private FlowPlan _plan = null!;
    private TrialState _state = null!;
    private long _trial;

    /// <summary>Whether per-period statistics are collected.</summary>
    [Params(false, true)]
    public bool ByPeriod { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Load("baseline-2024.yaml"));
        _state = new TrialState(_plan, ByPeriod);
    }

    [Benchmark]
    public double Trial()
    {
        TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, _trial++));
        return _state.Outcomes[0];
    }

    [Benchmark(OperationsPerInvoke = Trials)]
    public long Run()
    {
        var options = new RunOptions { Trials = Trials, Seed = BenchmarkInputs.Seed, Threads = 1, ByPeriod = ByPeriod };
        return MonteCarloRunner.Run([_plan], options).TrialsCompleted;
    }
}
