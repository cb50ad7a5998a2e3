using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>Policy timing (from/until), caps changed by policies, and their validation.</summary>
public class PolicyTimingTests
{
    // Random enough to catch a stream that shifts: per-trial and per-period parameters, a licence that
    // refuses, binomial transit on two routes, a cap and a premium.
    private const string Rich = """
        name: rich
        horizon: { periods: 8, unit: month }
        parameters:
          div: pert(0.02, 0.05, 0.15)
          demand: { value: "lognormal(p05=200, p95=2000)", perPeriod: true }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 5000 }
          - { id: sg, kind: hub, country: SG, diversion: div, lot: 4 }
          - { id: my, kind: reseller, country: MY, diversion: "uniform(0.01, 0.1)", demand: 800 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand, beta: 0.0005, premium: 5000 }
        edges:
          - { from: us, to: sg, channel: legit, approval: 0.9, lot: 50 }
          - { from: us, to: my, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0.2, cost: 800 }
          - { id: my-cn, from: my, to: cn, channel: illicit, detection: "uniform(0.05, 0.3)", cost: 1200 }
        caps:
          - { id: q, nodes: { id: my }, amount: 2000, per: period }
        policies:
          - name: crackdown
            from: 5
            rules:
              - nodes: { id: sg }
                scale: { diversion: 0.4 }
              - nodes: { id: my }
                inspection: { at: exit, add: 0.2 }
              - caps: { id: q }
                scale: { amount: 0.5 }
                from: 6
              - nodes: { id: my }
                cap: { amount: 1500, per: horizon }
                until: 7
        """;

    [Test]
    public void TimedPolicy_BeforeFrom_EqualsTheBaselineBitForBitInEveryTrial_AndActsFromThen()
    {
        Scenario scenario = Load(Rich);
        FlowPlan baseline = PlanCompiler.Compile(scenario, null);
        FlowPlan policy = PlanCompiler.Compile(scenario, scenario.FindPolicy("crackdown"));
        int differentFromFive = 0;

        for (long trial = 0; trial < 300; trial++)
        {
            var (_, b) = MonteCarloRunner.Replay(baseline, 11, trial);
            var (_, p) = MonteCarloRunner.Replay(policy, 11, trial);
            for (int t = 0; t < 4; t++)
            {
                Assert.That(p.Periods[t].Outcomes, Is.EqualTo(b.Periods[t].Outcomes).AsCollection, $"trial {trial}, period {t + 1}");
                Assert.That(p.Periods[t].StockAtEnd, Is.EqualTo(b.Periods[t].StockAtEnd), $"trial {trial}, period {t + 1}");
            }

            differentFromFive += p.Periods[4].Outcomes.AsSpan().SequenceEqual(b.Periods[4].Outcomes) ? 0 : 1;
        }

        Assert.That(differentFromFive, Is.GreaterThan(250), "the policy acts from period 5 in almost every trial");
    }

    private static string Capped(string capLine) => $$"""
        name: capped
        horizon: { periods: 6, unit: month }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 100 }
          - { id: sg, kind: market, country: SG, demand: .inf }
        edges:
          - { from: us, to: sg, channel: legit }
        caps:
          - { id: q, nodes: { id: sg }, amount: 80, per: period }
        policies:
          - name: p
            rules:
        {{capLine}}
        """;

    [TestCase("      - { nodes: { id: sg }, cap: { amount: 150, per: horizon }, from: 3 }", (6 * 20) + 10 + 80 + 80, TestName = "PerHorizonCapFrom3_StartsFullInPeriod3")]
    [TestCase("      - { nodes: { id: sg }, cap: { amount: 150, per: horizon }, from: 3, until: 4 }", (6 * 20) + 10, TestName = "PerHorizonCapFrom3Until4_BindsOnlyInItsWindow")]
    [TestCase("      - { caps: { id: q }, scale: { amount: 0.5 } }", 6 * 60, TestName = "CapsRule_HalvesTheBaselineCapInEveryPeriod")]
    [TestCase("      - { caps: { id: q }, set: { amount: 10 }, from: 4 }", (3 * 20) + (3 * 90), TestName = "CapsRule_TimedSet_FromPeriod4")]
    public void TimedCaps_BlockWhatTheirWindowsAndAmountsSay(string rule, double blocked)
    {
        Scenario scenario = Load(Capped(rule));
        FlowPlan plan = PlanCompiler.Compile(scenario, scenario.Policies[0]);

        var (state, _) = MonteCarloRunner.Replay(plan, 1, 0);

        Assert.That(state.Outcomes[(int)Outcome.BlockedByCap], Is.EqualTo(blocked).Within(1e-9));
    }

    [TestCase("    from: 5\n    until: 3\n", "from (5) is after until (3)", 12)]
    [TestCase("    from: 40\n", "out of range; allowed: an integer from 1 to 6", 12)]
    [TestCase("    until: 4\n    rules:\n      - { nodes: { id: sg }, scale: { demand: 2 }, from: 5 }\n", "outside the policy's window", 14)]
    public void Windows_Invalid_AreLocatedErrors(string window, string message, int line)
    {
        string yaml = Capped("      - { nodes: { id: sg }, scale: { demand: 2 } }").Replace("  - name: p\n    rules:\n", "  - name: p\n" + window + (window.Contains("rules:", StringComparison.Ordinal) ? "" : "    rules:\n"), StringComparison.Ordinal);
        if (window.Contains("rules:", StringComparison.Ordinal))
        {
            yaml = yaml[..yaml.LastIndexOf("      - { nodes: { id: sg }, scale: { demand: 2 } }", StringComparison.Ordinal)];
        }

        LoadResult result = ScenarioLoader.LoadFromString("timing.yaml", yaml);

        Assert.That(result.Succeeded, Is.False);
        Diagnostic error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Does.Contain(message), string.Join("\n", result.Diagnostics));
            Assert.That(error.Location.Line, Is.EqualTo(line), string.Join("\n", result.Diagnostics));
        }
    }

    [Test]
    public void CapsRule_UnknownCap_IsALocatedErrorWithASuggestion()
    {
        LoadResult result = ScenarioLoader.LoadFromString("caps.yaml", Capped("      - { caps: { id: qq }, scale: { amount: 0.5 } }"));

        Assert.That(result.Succeeded, Is.False);
        Diagnostic error = result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain("unknown cap 'qq'").And.Contain("did you mean 'q'?"));
        Assert.That(error.Location.Line, Is.EqualTo(13));
    }

    private static Scenario Load(string yaml)
    {
        LoadResult result = ScenarioLoader.LoadFromString("timing.yaml", yaml);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }
}
