using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Benchmarks;

/// <summary>
/// A whole run of 100,000 trials of the synthetic 30-node, 12-period network on one thread and on two,
/// including the runner's blocks, accumulators and merging. Times and allocations are per trial
/// (<c>OperationsPerInvoke</c>), so the 1-thread mean is CPU time per trial and the 2-thread mean is
/// wall time per trial.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RunBenchmarks
{
    /// <summary>Trials per run.</summary>
    public const int Trials = 100_000;

    private FlowPlan _plan = null!;

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Synthetic(30, 12));

    [Benchmark(OperationsPerInvoke = Trials)]
    public long Run()
    {
        var options = new RunOptions { Trials = Trials, Seed = BenchmarkInputs.Seed, Threads = Threads };
        return MonteCarloRunner.Run([_plan], options).TrialsCompleted;
    }
}
