using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Benchmarks;

/// <summary>
/// A whole run of 100,000 trials on one thread and on two, including the runner's blocks, accumulators
/// and merging: of <c>scenarios/baseline-2024.yaml</c> (the target; every period after the first
/// repeats it) and of the synthetic 30-node, 12-period network (per-period parameters and licences, so
/// every period is computed), and of the small one-period model of issue #15 (<c>Benchmarks/scenarios/small-1p.yaml</c>),
/// where the per-trial fixed costs of the statistics show. Times and allocations are per trial (<c>OperationsPerInvoke</c>), so the
/// 1-thread mean is CPU time per trial and the 2-thread mean is wall time per trial.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RunBenchmarks
{
    /// <summary>Trials per run.</summary>
    public const int Trials = 100_000;

    private FlowPlan _plan = null!;

    /// <summary>The bundled baseline scenario (when present), the synthetic network and the small model.</summary>
    public static IEnumerable<string> Scenarios() =>
        BenchmarkInputs.ScenarioNames().Contains("baseline-2024.yaml")
            ? ["baseline-2024.yaml", BenchmarkInputs.Synthetic30, BenchmarkInputs.Small]
            : [BenchmarkInputs.Synthetic30, BenchmarkInputs.Small];

    /// <summary>The scenario of this case.</summary>
    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Load(Scenario));

    [Benchmark(OperationsPerInvoke = Trials)]
    public long Run()
    {
        var options = new RunOptions { Trials = Trials, Seed = BenchmarkInputs.Seed, Threads = Threads };
        return MonteCarloRunner.Run([_plan], options).TrialsCompleted;
    }
}
