using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// <see cref="RunOptions.SampleInputDraws"/>: the sample rows carry each trial's input values, and recording them
/// changes no number.
/// </summary>
public class SampleInputsTests
{
    /// <summary>Model v2: a correlation pair, an autocorrelated per-period parameter, growth and an inline distribution.</summary>
    private const string V2 = """
        name: samples-v2
        horizon: { periods: 6, unit: month }
        parameters:
          supply: { value: "uniform(800, 1200)", growth: 0.02 }
          div: "uniform(0.05, 0.2)"
          divMy: "uniform(0.05, 0.2)"
          demand: { value: "lognormal(p05=50, p95=400)", perPeriod: true, autocorrelation: 0.6 }
        correlations:
          - { between: [div, divMy], rank: 0.7 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: supply }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: my, kind: hub, country: MY, diversion: divMy }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: us, to: my, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: "pert(0.05, 0.1, 0.3)" }
          - { from: my, to: cn, channel: illicit, detection: 0.1 }
        """;

    private static Scenario Load(string name)
    {
        if (name == "v2")
        {
            return TestNetworks.Load(V2);
        }

        LoadResult result = ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", name));
        Assert.That(result.Succeeded, Is.True);
        return result.Scenario!;
    }

    private static (string Summary, double[][] Rows) Run(FlowPlan plan, int[][]? inputDraws, long trials)
    {
        var rows = new double[trials][];
        var options = new RunOptions
        {
            Trials = trials,
            Seed = 17,
            Threads = 2,
            Thresholds = [100],
            SampleSink = (t, _, row) => rows[t] = (double[])row.Clone(),
            SampleInputDraws = inputDraws is null ? null : [inputDraws],
        };
        MonteCarloResult result = MonteCarloRunner.Run([plan], options);
        return (RunSummaryWriter.ToJson(result, 0), rows);
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("v2")]
    public void Run_WithInputColumns_OutcomesAndSummaryBitIdentical(string name)
    {
        Scenario scenario = Load(name);
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        SensitivityInput[] inputs = SensitivityInputs.Of(scenario, [plan]);
        Assert.That(inputs, Is.Not.Empty);

        var (plainSummary, plainRows) = Run(plan, null, 1100);
        var (sampledSummary, sampledRows) = Run(plan, SensitivityInputs.DrawsOf(plan, inputs), 1100);

        Assert.That(sampledSummary, Is.EqualTo(plainSummary));
        for (int t = 0; t < plainRows.Length; t++)
        {
            Assert.That(plainRows[t], Has.Length.EqualTo(TrialState.OutcomeCount));
            Assert.That(sampledRows[t], Has.Length.EqualTo(TrialState.OutcomeCount + inputs.Length));
            for (int o = 0; o < TrialState.OutcomeCount; o++)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(sampledRows[t][o]), Is.EqualTo(BitConverter.DoubleToInt64Bits(plainRows[t][o])), $"trial {t} outcome {o}");
            }
        }
    }

    [Test]
    public void Run_WithInputColumns_ValuesAreTheSensitivityEvaluatorsInputValues()
    {
        Scenario scenario = Load("v2");
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        SensitivityInput[] inputs = SensitivityInputs.Of(scenario, [plan]);
        const int n = 600;
        var expected = new double[n, inputs.Length];
        new SensitivityEvaluator([plan], inputs, SensitivityOutcome.TryParse("leaked", plan, out _)!, 2)
            .Run(n, t => StreamKeys.TrialKey(17, t), null, expected, CancellationToken.None);

        var (_, rows) = Run(plan, SensitivityInputs.DrawsOf(plan, inputs), n);

        for (int t = 0; t < n; t++)
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.That(rows[t][TrialState.OutcomeCount + i], Is.EqualTo(expected[t, i]), $"trial {t} {inputs[i].Name}");
            }
        }
    }
}
