using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// The sensitivity hook of <see cref="TrialState"/> (per-draw prefixes, fixed values, sums): off, nothing changes
/// (the golden tests check that); on with every prefix equal to the trial's own, a trial is the same bit for bit.
/// </summary>
public class SensitivityHookTests
{
    /// <summary>Model v2: a correlation pair, an autocorrelated per-period parameter, growth and an inline distribution.</summary>
    private const string V2 = """
        name: hook-v2
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

    private static FlowPlan Plan(string name)
    {
        if (name == "v2")
        {
            return TestNetworks.Compile(V2);
        }

        LoadResult result = ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", name));
        Assert.That(result.Succeeded, Is.True);
        Scenario scenario = result.Scenario!;
        return PlanCompiler.Compile(scenario, scenario.Policies.Count > 0 ? scenario.Policies[^1] : null);
    }

    private static void AssertBitwise(double[] expected, double[] actual, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(actual[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    [TestCase("v2")]
    public void Run_HookWithTheTrialsOwnPrefixes_EqualsTheNormalTrialBitForBit(string scenario)
    {
        FlowPlan plan = Plan(scenario);
        var normal = new TrialState(plan);
        var hooked = new TrialState(plan)
        {
            DrawPrefixes = new ulong[plan.Draws.Length],
            DrawFixed = new double[plan.Draws.Length],
            DrawSums = new double[plan.Draws.Length],
        };
        Assert.That(normal.DrawPrefixes, Is.Null, "the hook is off by default");
        Assert.That(normal.DrawFixed, Is.Null);
        for (long trial = 0; trial < 100; trial++)
        {
            ulong key = StreamKeys.TrialKey(2024, trial);
            Array.Fill(hooked.DrawPrefixes, SplitMix64.MixPrefix(key));
            Array.Fill(hooked.DrawFixed, double.NaN);
            TrialRunner.Run(plan, normal, key);
            TrialRunner.Run(plan, hooked, key);
            AssertBitwise(normal.Outcomes, hooked.Outcomes, $"outcomes, trial {trial}");
            AssertBitwise(normal.LeakedByRoute, hooked.LeakedByRoute, $"routes, trial {trial}");
            AssertBitwise(normal.LeakedBySourceCountry, hooked.LeakedBySourceCountry, "source countries");
            AssertBitwise(normal.InterdictedByEdge, hooked.InterdictedByEdge, "edges");
            AssertBitwise(normal.DrawValues, hooked.DrawValues, "draws");
        }
    }

    [Test]
    public void Run_OneDrawWithAnotherPrefix_ChangesThatDrawOnly()
    {
        FlowPlan plan = Plan("v2");
        int div = Array.IndexOf(plan.DrawKeys, SplitMix64.HashString("p:supply"));
        var normal = new TrialState(plan);
        var hooked = new TrialState(plan) { DrawPrefixes = new ulong[plan.Draws.Length] };
        ulong key = StreamKeys.TrialKey(5, 3);
        Array.Fill(hooked.DrawPrefixes, SplitMix64.MixPrefix(key));
        hooked.DrawPrefixes[div] = SplitMix64.MixPrefix(StreamKeys.TrialKey(6, 3));

        TrialRunner.Run(plan, normal, key);
        TrialRunner.Run(plan, hooked, key);

        for (int d = 0; d < plan.Draws.Length; d++)
        {
            if (d == div)
            {
                Assert.That(hooked.DrawValues[d], Is.Not.EqualTo(normal.DrawValues[d]));
            }
            else
            {
                Assert.That(hooked.DrawValues[d], Is.EqualTo(normal.DrawValues[d]), $"draw {d}");
            }
        }
    }

    [Test]
    public void Run_FixedPerPeriodDraw_TakesTheValueInEveryPeriod()
    {
        FlowPlan plan = Plan("v2");
        int demand = Array.IndexOf(plan.DrawKeys, SplitMix64.HashString("p:demand"));
        int div = Array.IndexOf(plan.DrawKeys, SplitMix64.HashString("p:div"));
        var state = new TrialState(plan) { DrawFixed = new double[plan.Draws.Length], DrawSums = new double[plan.Draws.Length] };
        Array.Fill(state.DrawFixed, double.NaN);
        state.DrawFixed[demand] = 123.5;
        state.DrawFixed[div] = 0.15;
        var trace = new TrialTrace();

        TrialRunner.Run(plan, state, StreamKeys.TrialKey(1, 1), trace);

        Assert.That(trace.Draws, Has.Count.EqualTo(6));
        Assert.That(trace.Draws.Select(p => p[demand]), Is.All.EqualTo(123.5));
        Assert.That(trace.Draws.Select(p => p[div]), Is.All.EqualTo(0.15));
        Assert.That(state.DrawSums[demand], Is.EqualTo(6 * 123.5));
        Assert.That(state.DrawSums[div], Is.EqualTo(0.15));
    }
}
