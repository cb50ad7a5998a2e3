using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// Time per trial as the network and horizon grow: synthetic networks of 10 to 10,000 nodes over 12 and
/// 120 periods. The extra column divides the mean by the periods (ns per trial-period), so a flat column
/// down the Periods pairs means cost linear in periods. docs/performance.md fits the slope against nodes × periods.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TrialPeriodConfig))]
public class ScalingBenchmarks
{
    private FlowPlan _plan = null!;
    private TrialState _state = null!;
    private long _trial;

    /// <summary>Nodes in the synthetic network.</summary>
    [Params(10, 100, 1_000, 10_000)]
    public int Nodes { get; set; }

    /// <summary>Horizon in periods.</summary>
    [Params(12, 120)]
    public int Periods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Synthetic(Nodes, Periods));
        _state = new TrialState(_plan);
    }

    [Benchmark]
    public double Trial()
    {
        TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, _trial++));
        return _state.Outcomes[(int)Outcome.Leaked];
    }
}
