using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Benchmarks;

/// <summary>
/// The once-per-run costs before the first trial, apart: parsing and validating the YAML text, and
/// compiling the validated scenario into a <see cref="FlowPlan"/>, on synthetic networks of 30 and 1,000 nodes.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private string _yaml = "";
    private Scenario _scenario = null!;

    /// <summary>Nodes in the synthetic network.</summary>
    [Params(30, 1_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _yaml = SyntheticNetwork.Yaml(Nodes, 12, BenchmarkInputs.Seed);
        _scenario = BenchmarkInputs.Synthetic(Nodes, 12);
    }

    /// <summary>ScenarioLoader: YAML parse, then validation (routes, v1 rules) under the baseline.</summary>
    [Benchmark]
    public Scenario? ParseAndValidate() => ScenarioLoader.LoadFromString("synthetic.yaml", _yaml).Scenario;

    /// <summary>PlanCompiler: topological order, route enumeration, value programs, flat arrays.</summary>
    [Benchmark]
    public object Compile() => PlanCompiler.Compile(_scenario, null);
}
