using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// One trial of each bundled scenario (the synthetic 30-node network when none is bundled) and of the small
/// one-period model of issue #15 (<c>Benchmarks/scenarios/small-1p.yaml</c>), through the
/// engine's own entry point. The allocation column must read 0 B: the hot loop allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class TrialBenchmarks
{
    private FlowPlan _plan = null!;
    private TrialState _state = null!;
    private long _trial;

    /// <summary>Scenario file names in <c>scenarios/</c> (or <c>synthetic-30</c>), then <c>small-1p.yaml</c>.</summary>
    public static IEnumerable<string> Scenarios() => [.. BenchmarkInputs.ScenarioNames(), BenchmarkInputs.Small];

    /// <summary>The scenario of this case.</summary>
    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Load(Scenario));
        _state = new TrialState(_plan);
    }

    /// <summary>Runs the next trial; every call is a different trial, as in a run.</summary>
    [Benchmark]
    public double Trial()
    {
        TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, _trial++));
        return _state.Outcomes[(int)Outcome.Leaked];
    }
}
