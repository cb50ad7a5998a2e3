using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// A period that starts from the stock and quotas of the last computed one repeats its steps 2-4; the
/// engine then reuses them. Every tally must be the same, bit for bit, as computing every period.
/// </summary>
public class PeriodRepeatTests
{
    // An initial stock and a horizon cap on Singapore that runs out in period 4: the state moves for the
    // first periods and then repeats (a quota still being drawn down, even if it never binds, is a change).
    private const string Settling = """
        name: settling
        horizon: { periods: 9 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: "uniform(800, 1200)" }
          - { id: sg, kind: hub, country: SG, diversion: "pert(0.1, 0.3, 0.6)", lot: 4, penalty: 2000, initialStock: 150 }
          - { id: my, kind: reseller, country: MY, diversion: 0.2, lot: 8, verification: 0.4 }
          - { id: sg-mkt, kind: market, country: SG, demand: .inf }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: hk, kind: hub, country: HK }
          - { id: cn, kind: restricted, country: CN, illicitDemand: "lognormal(p05=100, p95=900)", beta: 0.001, premium: 3000, substitution: 0.1 }
        edges:
          - { from: us, to: sg, channel: legit, weight: 2 }
          - { from: us, to: my, channel: legit, weight: 1 }
          - { from: us, to: jp, channel: legit, weight: 1 }
          - { from: sg, to: sg-mkt, channel: legit }
          - { from: my, to: sg-mkt, channel: legit }
          - { from: sg, to: hk, channel: illicit, detection: 0.05, cost: 100 }
          - { from: hk, to: cn, channel: illicit, detection: "pert(0, 0.02, 0.1)", cost: 300 }
          - { from: my, to: cn, channel: illicit, detection: 0.1, cost: 500 }
        caps:
          - { id: tier2, amount: 2000, per: horizon, pool: country, counts: imports, nodes: { country: [SG] } }
        policies:
          - name: tight
            rules:
              - nodes: { id: sg }
                cap: { id: sg-cap, amount: 900, per: horizon, pool: node, counts: all }
              - nodes: { id: my }
                licence: { approval: 0.9, lot: 16 }
        """;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (string file in new[] { "baseline-2024.yaml", "seed-claim.yaml" })
        {
            yield return new TestCaseData(file, null);
            foreach (Policy policy in LoadBundled(file).Policies)
            {
                yield return new TestCaseData(file, policy.Name);
            }
        }

        yield return new TestCaseData("settling", null);
        yield return new TestCaseData("settling", "tight");

        // Capacity-weighted choice (v2) recomputes route shares every period (capacities follow the inflows);
        // seizures must still be attributed to edges exactly as when the periods repeat. The bundled
        // baseline-2024 uses it (the cases above); its route-weighted form is checked too.
        yield return new TestCaseData("settling+capacity", null);
        yield return new TestCaseData("settling+capacity", "tight");
        yield return new TestCaseData("baseline-2024.yaml+routes", null);
        foreach (Policy policy in LoadBundled("baseline-2024.yaml").Policies)
        {
            yield return new TestCaseData("baseline-2024.yaml+routes", policy.Name);
        }
    }

    /// <summary>The scenario text with <c>routeChoice: capacity</c> added before its horizon.</summary>
    private static string WithCapacityChoice(string yaml)
    {
        string with = System.Text.RegularExpressions.Regex.Replace(yaml, "^horizon:", "routeChoice: capacity\nhorizon:", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.That(with, Does.Contain("routeChoice: capacity"));
        return with;
    }

    /// <summary>The scenario text with its <c>routeChoice: capacity</c> line set to <c>routes</c> (v1's choice).</summary>
    private static string WithRouteWeightedChoice(string yaml)
    {
        string with = System.Text.RegularExpressions.Regex.Replace(yaml, "^routeChoice: capacity$", "routeChoice: routes", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.That(with, Does.Contain("\nrouteChoice: routes\n"));
        return with;
    }

    private static Scenario LoadBundled(string file) =>
        ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", file)).Scenario!;

    private static FlowPlan Compile(string name, string? policy)
    {
        if (name.EndsWith("+capacity", StringComparison.Ordinal))
        {
            string baseName = name[..^"+capacity".Length];
            string yaml = baseName == "settling" ? Settling : File.ReadAllText(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", baseName));
            FlowPlan plan = TestNetworks.Compile(WithCapacityChoice(yaml), policy);
            Assert.That(plan.CapacityChoice, Is.True);
            return plan;
        }

        if (name.EndsWith("+routes", StringComparison.Ordinal))
        {
            string yaml = File.ReadAllText(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", name[..^"+routes".Length]));
            FlowPlan plan = TestNetworks.Compile(WithRouteWeightedChoice(yaml), policy);
            Assert.That(plan.CapacityChoice, Is.False);
            return plan;
        }

        if (name == "settling")
        {
            return TestNetworks.Compile(Settling, policy);
        }

        if (name.StartsWith("random-", StringComparison.Ordinal))
        {
            return TestNetworks.Compile(TestNetworks.Random(int.Parse(name["random-".Length..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        Scenario scenario = LoadBundled(name);
        return PlanCompiler.Compile(scenario, policy is null ? null : scenario.FindPolicy(policy));
    }

    [TestCaseSource(nameof(Cases))]
    public void Run_RepeatedPeriods_SameTalliesBitForBitAsComputingEveryPeriod(string scenario, string? policy)
    {
        FlowPlan plan = Compile(scenario, policy);
        var reused = new TrialState(plan);
        var computed = new TrialState(plan);
        for (long trial = 0; trial < 200; trial++)
        {
            ulong key = StreamKeys.TrialKey(77, trial);
            TrialRunner.Run(plan, reused, key);
            TrialRunner.Run(plan, computed, key, repeatPeriods: false);
            Assert.That(computed.RepeatedPeriods, Is.Zero);
            Assert.That(reused.Outcomes, Is.EqualTo(computed.Outcomes), $"outcomes, trial {trial}");
            Assert.That(reused.LeakedByRoute, Is.EqualTo(computed.LeakedByRoute), $"routes, trial {trial}");
            Assert.That(reused.LeakedBySource, Is.EqualTo(computed.LeakedBySource));
            Assert.That(reused.LeakedByTransitCountry, Is.EqualTo(computed.LeakedByTransitCountry));
            Assert.That(reused.InterdictedByEdge, Is.EqualTo(computed.InterdictedByEdge));
            Assert.That(reused.Billed, Is.EqualTo(computed.Billed));
            Assert.That(reused.Received, Is.EqualTo(computed.Received));
            Assert.That(reused.SaturatedShare, Is.EqualTo(computed.SaturatedShare));
        }
    }

    /// <summary>
    /// A worker reuses one state for all its trials, and keeps set-ups across trials (path sizes, route
    /// draws); a trial must still give the numbers a fresh state gives, whatever ran before it.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    [TestCase("random-2", null)]
    [TestCase("random-5", null)]
    [TestCase("random-11", null)]
    public void Run_AfterOtherTrials_SameTalliesAsOnAFreshState(string scenario, string? policy)
    {
        FlowPlan plan = Compile(scenario, policy);
        var reused = new TrialState(plan);
        for (long trial = 0; trial < 120; trial++)
        {
            ulong key = StreamKeys.TrialKey(5, trial);
            TrialRunner.Run(plan, reused, key);
            if (trial % 17 != 16)
            {
                continue;
            }

            var fresh = new TrialState(plan);
            TrialRunner.Run(plan, fresh, key);
            Assert.That(reused.Outcomes, Is.EqualTo(fresh.Outcomes), $"outcomes, trial {trial}");
            Assert.That(reused.LeakedByRoute, Is.EqualTo(fresh.LeakedByRoute), $"routes, trial {trial}");
            Assert.That(reused.InterdictedByEdge, Is.EqualTo(fresh.InterdictedByEdge), $"edges, trial {trial}");
            Assert.That(reused.Received, Is.EqualTo(fresh.Received));
        }
    }

    [Test]
    public void Run_Baseline_RepeatsEveryPeriodAfterTheFirst()
    {
        FlowPlan plan = Compile("baseline-2024.yaml", null);
        var state = new TrialState(plan);
        TrialRunner.Run(plan, state, StreamKeys.TrialKey(1, 0));
        Assert.That(state.RepeatedPeriods, Is.EqualTo(plan.Periods - 1), "no per-period draws, no licences, no stock: one computed period");
    }

    [Test]
    public void Run_Settling_RepeatsOnlyOnceStockAndCapStopMoving()
    {
        FlowPlan plan = Compile("settling", null);
        var state = new TrialState(plan);
        TrialRunner.Run(plan, state, StreamKeys.TrialKey(77, 0));

        Assert.That(state.RepeatedPeriods, Is.InRange(1, plan.Periods - 4), "the first periods move, later ones repeat");
    }
}
