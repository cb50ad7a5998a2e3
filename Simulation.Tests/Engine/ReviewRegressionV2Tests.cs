using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>Regressions found by an independent review of the model v2 and robustness changes.</summary>
public class ReviewRegressionV2Tests
{
    private static JsonElement Run(string yaml, params string[] extra)
    {
        string file = CliTestHelper.WriteScenario(yaml);
        var (code, stdout, stderr) = CliHygieneTests.RunSplit(["run", file, "--trials", "2048", "--quiet", "--format", "json", .. extra]);
        Assert.That(code, Is.Zero, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    // A licence that refuses only in a timed window: its slot keys must be made in every trial.
    private const string TimedLicence = """
        name: timed-licence
        horizon: { periods: 4, unit: month }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 10.5 }
          - { id: sg, kind: market, country: SG, demand: .inf }
        edges:
          - { from: us, to: sg, channel: legit }
        policies:
          - name: lic
            until: 2
            rules:
              - nodes: { id: sg }
                licence: { approval: 0.5, lot: 1 }
        """;

    [Test]
    public void TimedLicence_DrawsIndependentlyInEveryTrial_AndTheSameOnAnyThreadCount()
    {
        JsonElement one = Run(TimedLicence, "--policy", "lic", "--threads", "1");
        JsonElement two = Run(TimedLicence, "--policy", "lic", "--threads", "2");

        JsonElement blocked = one.GetProperty("blockedByLicence");
        using (Assert.EnterMultipleScope())
        {
            // Two periods of B(10, 0.5) refusals (plus the half unit of the last lot): sd √(2·10·¼) ≈ 2.2.
            Assert.That(blocked.GetProperty("stdDev").GetDouble(), Is.GreaterThan(1.5));
            Assert.That(blocked.GetProperty("mean").GetDouble(), Is.EqualTo(two.GetProperty("blockedByLicence").GetProperty("mean").GetDouble()));
            Assert.That(blocked.GetProperty("stdDev").GetDouble(), Is.EqualTo(two.GetProperty("blockedByLicence").GetProperty("stdDev").GetDouble()));
        }
    }

    [Test]
    public void GrowingApproval_DrawsIndependentlyInEveryTrial()
    {
        string yaml = TimedLicence.Replace("  - { from: us, to: sg, channel: legit }", "  - { from: us, to: sg, channel: legit, approval: appr }", StringComparison.Ordinal)
            .Replace("nodes:\n", "parameters:\n  appr: { value: 0.3, growth: 0.5 }\nnodes:\n", StringComparison.Ordinal);

        JsonElement one = Run(yaml, "--threads", "1");
        JsonElement two = Run(yaml, "--threads", "2");

        Assert.That(one.GetProperty("blockedByLicence").GetProperty("stdDev").GetDouble(), Is.GreaterThan(1));
        Assert.That(one.GetProperty("blockedByLicence").GetProperty("mean").GetDouble(), Is.EqualTo(two.GetProperty("blockedByLicence").GetProperty("mean").GetDouble()));
    }

    [Test]
    public void Learning_NoDemandInPeriodOne_BuyersAreStillInformed_SameOnAnyThreadCount()
    {
        const string Yaml = """
            name: quiet-start
            horizon: { periods: 6, unit: month }
            nodes:
              - { id: us, kind: supplier, country: US, supply: 1000 }
              - { id: a, kind: hub, country: SG, diversion: 0.5, penalty: 3000 }
              - { id: b, kind: hub, country: MY, diversion: 0.5, penalty: 3000 }
              - { id: mkt, kind: market, country: SG, demand: .inf }
              - { id: cn, kind: restricted, country: CN, illicitDemand: "uniform(50, 150)", beta: 0.001, learning: 0.5 }
            edges:
              - { from: us, to: a, channel: legit }
              - { from: us, to: b, channel: legit }
              - { from: a, to: mkt, channel: legit }
              - { from: b, to: mkt, channel: legit }
              - { from: a, to: cn, channel: illicit, detection: 0.3 }
              - { from: b, to: cn, channel: illicit, detection: 0.05 }
            policies:
              - name: quiet-start
                rules:
                  - nodes: { id: cn }
                    scale: { illicitDemand: 0 }
                    until: 1
            """;

        JsonElement one = Run(Yaml, "--policy", "quiet-start", "--threads", "1");
        JsonElement two = Run(Yaml, "--policy", "quiet-start", "--threads", "2");

        Assert.That(one.GetProperty("leaked").GetProperty("mean").GetDouble(), Is.EqualTo(two.GetProperty("leaked").GetProperty("mean").GetDouble()));
        Assert.That(one.GetProperty("byRoute")[0].GetProperty("leaked").GetProperty("mean").GetDouble(),
            Is.EqualTo(two.GetProperty("byRoute")[0].GetProperty("leaked").GetProperty("mean").GetDouble()));
    }

    private static string HorizonCap(string rule) => $$"""
        name: horizon-cap
        horizon: { periods: 4, unit: month }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 100 }
          - { id: sg, kind: market, country: SG, demand: .inf }
        edges:
          - { from: us, to: sg, channel: legit }
        caps:
          - { id: q, nodes: { id: sg }, amount: 300, per: horizon }
        policies:
          - name: p
            rules:
              - {{rule}}
        """;

    // Baseline: 100 a period against 300 for the horizon: blocked 0, 0, 0, 100.
    // From 2 the amount halves to 150: the 100 used in period 1 stay used, so 50 remain: blocked 0, 50, 100, 100.
    [TestCase("{ caps: { id: q }, scale: { amount: 0.5 }, from: 2 }", 250)]
    // Halved in period 1 only (150, of which 100 used), then back to 300: 200 remain: blocked 0, 0, 0, 100.
    [TestCase("{ caps: { id: q }, scale: { amount: 0.5 }, until: 1 }", 100)]
    // Halved in periods 2-3: 200 left after period 1 become 50 (blocked 50), none in period 3 (100), back to 300 in period 4: 150 more, 100 accepted.
    [TestCase("{ caps: { id: q }, scale: { amount: 0.5 }, from: 2, until: 3 }", 150)]
    public void TimedChangeOfAPerHorizonCap_MovesTheRemainderByTheChange(string rule, double blocked)
    {
        LoadResult result = ScenarioLoader.LoadFromString("cap.yaml", HorizonCap(rule));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        FlowPlan plan = PlanCompiler.Compile(result.Scenario!, result.Scenario!.Policies[0]);

        var (state, _) = MonteCarloRunner.Replay(plan, 1, 0);

        Assert.That(state.Outcomes[(int)Outcome.BlockedByCap], Is.EqualTo(blocked).Within(1e-9));
    }

    [TestCase("premium: \"pert(0, 1, 1e308)\"")]
    [TestCase("premium: \"gamma(1e-300, 1)\"")]
    public void Validate_InputsWhoseMedianCannotBeComputed_NeverAnInternalError(string premium)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute.Replace("illicitDemand: 1e9 }", $"illicitDemand: 1e9, beta: 0.001, {premium} }}", StringComparison.Ordinal));

        var (code, _, stderr) = CliHygieneTests.RunSplit("validate", file);

        Assert.That(code, Is.Not.EqualTo(ExitCodes70), stderr);
        Assert.That(stderr, Does.Not.Contain("internal error"));
    }

    private const int ExitCodes70 = 70;

    [TestCase("demand: { value: \"gamma(2, 500)\", perPeriod: true }", "demand: { value: \"gamma(2, 500)\", perPeriod: true, autocorrelation: 0 }")]
    [TestCase("div: \"uniform(0.01, 0.2)\"", "div: \"uniform(0.01, 0.2)\"\ncorrelations:\n  - { between: [div, div2], rank: 0 }")]
    public void V2KeysAtTheirNeutralValues_KeepV1Numbers(string plain, string neutral)
    {
        const string Template = """
            name: neutral
            horizon: { periods: 4, unit: month }
            parameters:
              div2: "uniform(0.01, 0.2)"
              PARAM
            nodes:
              - { id: us, kind: supplier, country: US, supply: 1000 }
              - { id: sg, kind: hub, country: SG, diversion: DIV }
              - { id: mkt, kind: market, country: SG, demand: .inf }
              - { id: cn, kind: restricted, country: CN, illicitDemand: DEMAND }
            edges:
              - { from: us, to: sg, channel: legit }
              - { from: sg, to: mkt, channel: legit }
              - { from: sg, to: cn, channel: illicit, detection: 0.2 }
            """;
        bool isDemand = plain.StartsWith("demand", StringComparison.Ordinal);
        string Fill(string p) => Template.Replace("PARAM", p.Replace("\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("DIV", isDemand ? "0.1" : "div", StringComparison.Ordinal).Replace("DEMAND", isDemand ? "demand" : "100", StringComparison.Ordinal);

        FlowPlan a = TestNetworks.Compile(Fill(plain)), b = TestNetworks.Compile(Fill(neutral));

        for (long trial = 0; trial < 200; trial++)
        {
            Assert.That(MonteCarloRunner.Replay(b, 3, trial).State.Outcomes, Is.EqualTo(MonteCarloRunner.Replay(a, 3, trial).State.Outcomes).AsCollection, $"trial {trial}");
        }
    }

    [Test]
    public void CapRule_NamingACapWithItsOwnError_IsNotReportedAgainAsUnknown()
    {
        LoadResult result = ScenarioLoader.LoadFromString("cap.yaml", HorizonCap("{ caps: { id: q }, scale: { amount: 0.5 } }").Replace("amount: 300", "amount: -5", StringComparison.Ordinal));

        Assert.That(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Has.Exactly(1).Items, string.Join("\n", result.Diagnostics));
    }

    [TestCase("-.5")]
    [TestCase("-5")]
    [TestCase("-1_000")]
    public void Threshold_NegativeValues_AreAccepted(string value)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        var (code, stdout, stderr) = CliHygieneTests.RunSplit("run", file, "--trials", "100", "--quiet", "--format", "json", "--threshold", value);

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("\"threshold\""));
    }
}
