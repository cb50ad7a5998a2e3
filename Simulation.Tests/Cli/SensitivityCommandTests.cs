using System.Text.Json;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary><c>exportflow sensitivity</c> on a network whose leakage is d·S·T (detection 0, ample demand) and two inputs that do not matter.</summary>
public class SensitivityCommandTests
{
    private const string OneInput = """
        name: one-input
        horizon: { periods: 12, unit: month }
        run: { trials: 1000, seed: 7 }
        parameters:
          div: "uniform(0.1, 0.3)"
          idle: "uniform(1, 2)"
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0, cost: idle }
          - { id: sg-cn2, from: sg, to: cn, channel: illicit, detection: 0, cost: "uniform(3, 4)" }
        policies:
          - name: half
            rules:
              - nodes: { id: sg }
                scale: { diversion: 0.5 }
        """;

    private static readonly string[] s_files = ["sensitivity.json", "sensitivity.csv", "tornado.png", "sobol.png"];

    private static JsonElement Json(params string[] args)
    {
        string path = CliTestHelper.WriteScenario(OneInput);
        CliResult r = CliTestHelper.Run(["sensitivity", path, "--format", "json", "-q", .. args]);
        Assert.That(r.Code, Is.Zero, r.Output);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private static JsonElement Row(JsonElement root, string method, string input) =>
        root.GetProperty(method).EnumerateArray().Single(e => e.GetProperty("input").GetString() == input);

    [Test]
    public void Swing_LinearLeakage_EqualsClosedForm()
    {
        JsonElement root = Json("--method", "swing");
        JsonElement div = Row(root, "swing", "div");
        double expected = 1000 * 12 * (0.28 - 0.12);
        Assert.That(div.GetProperty("estimate").GetDouble(), Is.EqualTo(expected).Within(1e-6 * expected));
        Assert.That(Row(root, "swing", "idle").GetProperty("estimate").GetDouble(), Is.Zero);
        Assert.That(root.GetProperty("swing")[0].GetProperty("input").GetString(), Is.EqualTo("div"), "tornado order");
    }

    [Test]
    public void Swing_DeltaOutcome_IsPolicyMinusBaseline()
    {
        JsonElement root = Json("--method", "swing", "--policy", "half", "--outcome", "delta:leaked");
        Assert.That(Row(root, "swing", "div").GetProperty("estimate").GetDouble(), Is.EqualTo(-0.5 * 1000 * 12 * 0.16).Within(1e-6));
    }

    [Test]
    public void Rank_MonotoneInput_RhoNearOne()
    {
        JsonElement root = Json("--method", "rank");
        Assert.That(Row(root, "rank", "div").GetProperty("estimate").GetDouble(), Is.GreaterThan(0.99));
        Assert.That(Math.Abs(Row(root, "rank", "idle").GetProperty("estimate").GetDouble()), Is.LessThan(0.1));
    }

    [Test]
    public void Sobol_LeakageDependsOnOneInput_OthersContainZeroAndDependentNearOne()
    {
        JsonElement root = Json("--method", "sobol");
        foreach (string input in new[] { "idle", "sg-cn2.cost" })
        {
            foreach (string method in new[] { "sobolFirstOrder", "sobolTotalOrder" })
            {
                JsonElement r = Row(root, method, input);
                Assert.That(r.GetProperty("low").GetDouble(), Is.LessThanOrEqualTo(0), $"{method} {input}");
                Assert.That(r.GetProperty("high").GetDouble(), Is.GreaterThanOrEqualTo(0), $"{method} {input}");
            }
        }

        Assert.That(Row(root, "sobolFirstOrder", "div").GetProperty("estimate").GetDouble(), Is.EqualTo(1).Within(0.08));
    }

    [Test]
    public void Sensitivity_OneAndTwoThreads_IdenticalResults()
    {
        string path = CliTestHelper.WriteScenario(OneInput.Replace("detection: 0,", "detection: 0.2,", StringComparison.Ordinal));
        CliResult one = CliTestHelper.Run("sensitivity", path, "--method", "all", "--trials", "700", "--threads", "1", "--format", "json", "-q");
        CliResult two = CliTestHelper.Run("sensitivity", path, "--method", "all", "--trials", "700", "--threads", "2", "--format", "json", "-q");
        Assert.That(one.Code, Is.Zero, one.Output);
        Assert.That(two.Stdout, Is.EqualTo(one.Stdout));
    }

    [TestCase("--outcome", "leakd", "allowed: leaked")]
    [TestCase("--outcome", "leaked.source[XX]", "allowed: CN")]
    [TestCase("--outcome", "delta:leaked", "give --policy")]
    [TestCase("--policy", "nope", "available: half")]
    public void Sensitivity_BadOutcomeOrPolicy_IsExit2WithAllowedNames(string option, string value, string message)
    {
        string path = CliTestHelper.WriteScenario(OneInput);
        CliResult r = CliTestHelper.Run("sensitivity", path, option, value, "-q");
        Assert.That(r.Code, Is.EqualTo(2), r.Output);
        Assert.That(r.Output, Does.Contain(message).And.Not.Contain("   at "));
    }

    [Test]
    public void Sobol_FewerThanTwoInputs_IsExit2()
    {
        string path = CliTestHelper.WriteScenario(OneInput.Replace("cost: idle", "cost: 1", StringComparison.Ordinal).Replace("cost: \"uniform(3, 4)\"", "cost: 3", StringComparison.Ordinal));
        CliResult r = CliTestHelper.Run("sensitivity", path, "--method", "sobol", "-q");
        Assert.That(r.Code, Is.EqualTo(2), r.Output);
        Assert.That(r.Output, Does.Contain("at least two uncertain inputs"));
    }

    [Test]
    public void Sensitivity_Out_WritesJsonCsvAndCharts()
    {
        string path = CliTestHelper.WriteScenario(OneInput);
        string dir = CliTestHelper.TempDirectory();
        CliResult r = CliTestHelper.Run("sensitivity", path, "--method", "all", "--trials", "200", "--out", dir, "-q");
        Assert.That(r.Code, Is.Zero, r.Output);
        Assert.That(s_files.Select(f => File.Exists(Path.Combine(dir, f))), Is.All.True);
    }
}
