using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>Regression tests for problems an independent review found.</summary>
public class ReviewRegressionTests
{
    [Test]
    public void Run_AllOutEdgeWeightsZero_NodeKeepsItsUnitsAndNothingFlowsOn()
    {
        // h forwards nothing (weight 0): T·S stays at h as stock, m receives nothing, in every trial.
        FlowPlan plan = TestNetworks.Compile("""
            name: w0
            horizon: { periods: 6 }
            nodes:
              - { id: s, kind: supplier, country: US, supply: 100 }
              - { id: h, kind: hub, country: SG }
              - { id: m, kind: market, country: SG, demand: .inf }
            edges:
              - { from: s, to: h, channel: legit }
              - { from: h, to: m, channel: legit, weight: 0 }
            """);
        for (long trial = 0; trial < 3; trial++)
        {
            var (state, _) = MonteCarloRunner.Replay(plan, 1, trial);
            Assert.Multiple(() =>
            {
                Assert.That(state.Outcomes[(int)Outcome.Delivered], Is.Zero);
                Assert.That(state.Outcomes[(int)Outcome.FinalStock], Is.EqualTo(600));
            });
        }
    }

    [Test]
    public void Run_WeightClampedToZeroByPolicy_SameResultOnAnyThreadCountAndBalanced()
    {
        string yaml = """
            name: w0-policy
            horizon: { periods: 4 }
            nodes:
              - { id: s, kind: supplier, country: US, supply: 50 }
              - { id: h, kind: hub, country: SG }
              - { id: m, kind: market, country: SG, demand: .inf }
            edges:
              - { id: hm, from: s, to: h, channel: legit }
              - { id: out, from: h, to: m, channel: legit, weight: "uniform(0, 1)" }
            policies:
              - name: cut
                rules:
                  - edges: { id: out }
                    add: { weight: -0.5 }
            """;
        FlowPlan plan = TestNetworks.Compile(yaml, "cut");
        var one = MonteCarloRunner.Run([plan], new RunOptions { Trials = 3000, Seed = 2, Threads = 1 });
        var two = MonteCarloRunner.Run([plan], new RunOptions { Trials = 3000, Seed = 2, Threads = 2 });
        double Mean(MonteCarloResult r, Outcome o) => r.Accumulators[0].Outcomes[(int)o].Moments.Mean;
        Assert.Multiple(() =>
        {
            Assert.That(Mean(two, Outcome.Delivered), Is.EqualTo(Mean(one, Outcome.Delivered)));
            Assert.That(Mean(one, Outcome.Delivered) + Mean(one, Outcome.FinalStock), Is.EqualTo(200).Within(1e-9));
        });
    }

    [Test]
    public void Replay_InitialStockFromPerPeriodParameter_MatchesTheRun()
    {
        FlowPlan plan = TestNetworks.Compile("""
            name: st
            horizon: { periods: 3 }
            parameters:
              st: { value: "uniform(0, 100)", perPeriod: true }
            nodes:
              - { id: s, kind: supplier, country: US, supply: 10, initialStock: st }
              - { id: m, kind: market, country: US, demand: 5 }
            edges:
              - { from: s, to: m, channel: legit }
            """);
        double[]? recorded = null;
        MonteCarloRunner.Run([plan], new RunOptions { Trials = 600, Seed = 4, Threads = 2, SampleSink = (t, _, row) =>
        {
            if (t == 0)
            {
                recorded = (double[])row.Clone();
            }
        } });
        var (state, _) = MonteCarloRunner.Replay(plan, 4, 0);
        Assert.Multiple(() =>
        {
            Assert.That(state.Outcomes, Is.EqualTo(recorded));
            Assert.That(state.Outcomes[(int)Outcome.InitialStock], Is.GreaterThan(0));
        });
    }

    [Test]
    public void Run_OverflowingQuantities_ExitsWithTwoAndNamesTheTrial()
    {
        string file = CliTestHelper.WriteScenario("""
            name: huge
            horizon: { periods: 2 }
            nodes:
              - { id: s, kind: supplier, country: US, supply: 1e308 }
              - { id: m, kind: market, country: US, demand: .inf }
            edges:
              - { from: s, to: m, channel: legit }
            """);
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "100", "--quiet");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Does.Contain("the run stopped").And.Contain("trial"));
            Assert.That(output, Does.Not.Contain("   at "));
        });
    }

    [TestCase(2, 4)]
    [TestCase(6, 16)]
    public void EnumerateRoutes_CompleteHubGraphWithOneWayIn_CountsEverySimplePath(int maxEdges, int expected)
    {
        // Four hubs, every ordered pair joined; only h4 reaches cn. Simple paths ending h4 → cn:
        // from h4 itself 1; from each other hub 1 direct + 2 via one hub + 2 via both = 5; total 16,
        // of which 4 have at most 2 edges.
        var hubs = new[] { "h1", "h2", "h3", "h4" };
        string edges = string.Join("\n", hubs.SelectMany(a => hubs.Where(b => b != a).Select(b => $"  - {{ id: {a}{b}, from: {a}, to: {b}, channel: illicit }}")));
        string nodes = string.Join("\n", hubs.Select(h => $"  - {{ id: {h}, kind: hub, country: SG }}"));
        string yaml = "name: web\nhorizon: { periods: 1 }\n" + $"routes: {{ maxEdges: {maxEdges} }}\n"
            + "nodes:\n" + nodes + "\n  - { id: cn, kind: restricted, country: CN }\n"
            + "edges:\n" + edges + "\n  - { id: in, from: h4, to: cn, channel: illicit }\n";
        var scenario = TestNetworks.Load(yaml);
        var routes = new NetworkGraph(scenario).EnumerateRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes);
        Assert.That(routes, Has.Count.EqualTo(expected));
    }

    [Test]
    public void Validate_PolicyMakesSecondRestrictedDemandPossible_ReportsSharedSource()
    {
        // ru has no demand in the baseline; the policy sets it to a lognormal and scales it by a
        // parameter in [0, 1]: it can be positive, so s would serve two restricted nodes (v1).
        LoadResult result = ScenarioLoader.LoadFromString("share.yaml", """
            name: share
            horizon: { periods: 1 }
            parameters:
              u: uniform(0, 1)
            nodes:
              - { id: sup, kind: supplier, country: US, supply: 100 }
              - { id: s, kind: hub, country: SG, diversion: 0.4 }
              - { id: cn, kind: restricted, country: CN, illicitDemand: 10 }
              - { id: ru, kind: restricted, country: RU, illicitDemand: 0 }
            edges:
              - { from: sup, to: s, channel: legit }
              - { id: s-cn, from: s, to: cn, channel: illicit }
              - { id: s-ru, from: s, to: ru, channel: illicit }
            policies:
              - name: p
                rules:
                  - nodes: { id: ru }
                    set: { illicitDemand: "lognormal(3, 0.1)" }
                    scale: { illicitDemand: u }
            """);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(string.Join("\n", result.Diagnostics), Does.Contain("share the source 's'").And.Contain("under policy 'p'"));
    }

    [Test]
    public void Run_CostSensitivityOverflows_CheapestRouteTakesTheFlow()
    {
        // β·c = 1e300 · 1e10 overflows for both routes; in the limit the cheaper route (a) carries all of D.
        FlowPlan plan = TestNetworks.Compile("""
            name: bigbeta
            horizon: { periods: 1 }
            nodes:
              - { id: s1, kind: supplier, country: US, supply: 1000 }
              - { id: s2, kind: supplier, country: TW, supply: 1000 }
              - { id: a, kind: hub, country: SG, diversion: 1 }
              - { id: b, kind: hub, country: MY, diversion: 1 }
              - { id: cn, kind: restricted, country: CN, illicitDemand: 100, beta: 1e300 }
            edges:
              - { from: s1, to: a, channel: legit }
              - { from: s2, to: b, channel: legit }
              - { id: a-cn, from: a, to: cn, channel: illicit, cost: 1e10 }
              - { id: b-cn, from: b, to: cn, channel: illicit, cost: 2e10 }
            """);
        var (state, _) = MonteCarloRunner.Replay(plan, 1, 0);
        Assert.Multiple(() =>
        {
            Assert.That(state.LeakedByRoute[0], Is.EqualTo(100));
            Assert.That(state.LeakedByRoute[1], Is.Zero);
            Assert.That(state.Outcomes[(int)Outcome.Unmet], Is.Zero);
        });
    }
}
