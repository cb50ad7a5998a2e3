using ExportFlow.Simulation.Cli;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// Warnings: valid scenarios that are almost surely not what was meant. Each test pairs a scenario that must
/// warn with a near twin that must not, so a warning that fires always (or never) fails.
/// </summary>
public class ScenarioWarningsTests
{
    // A supplier feeding a reseller that sells 2,000 a month and diverts some to a restricted node.
    private const string Network = """
        name: w
        horizon: { periods: 12, unit: month }
        parameters:
          div: pert(0.01, 0.04, 0.12)
        nodes:
          - { id: us, kind: supplier, country: US, supply: SUPPLY }
          - { id: sg, kind: reseller, country: SG, demand: 2000, diversion: div }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 5000 }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: 0.1 }
        """;

    [Test]
    public void Load_SupplyFarAboveDemand_WarnsThatItPilesUpAsStockAtTheNodeHoldingIt()
    {
        var warnings = Warnings(Network.Replace("SUPPLY", "100000", StringComparison.Ordinal));

        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("still held as stock").And.Contain("'sg'"));
        Assert.That(warnings[0].Location.Line, Is.EqualTo(7), "points at the node that holds the stock");
    }

    [Test]
    public void Load_SupplyMatchingDemand_DoesNotWarn()
    {
        Assert.That(Warnings(Network.Replace("SUPPLY", "2100", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Load_RestrictedNodeWithoutIllicitDemand_Warns()
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal).Replace(", illicitDemand: 5000", "", StringComparison.Ordinal);

        var warnings = Warnings(yaml);

        Assert.That(warnings.Select(w => w.Message), Has.Some.Contains("has no illicit demand"));
        Assert.That(warnings.First(w => w.Message.Contains("illicit demand", StringComparison.Ordinal)).Location.Line, Is.EqualTo(8));
    }

    [TestCase("lognormal(2000, 30000)", true, "lognormal(p05=2000, p95=30000)")]
    [TestCase("lognormal(25, 1)", true, "lognormal(p05=")]
    [TestCase("lognormal(8, 3.5)", true, "lognormal(p05=")]
    [TestCase("lognormal(8, 1.2)", false, "")]
    [TestCase("lognormal(p05=2000, p95=30000)", false, "")]
    public void Load_LognormalByMuSigma_WarnsWhenItLooksLikeARangeWithoutNames(string distribution, bool warns, string suggestion)
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal).Replace("illicitDemand: 5000", $"illicitDemand: \"{distribution}\"", StringComparison.Ordinal);

        var warnings = Warnings(yaml);

        if (!warns)
        {
            Assert.That(warnings, Is.Empty);
            return;
        }

        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("is read as mu =").And.Contain(suggestion));
        Assert.That(warnings[0].Location.Line, Is.EqualTo(8));
    }

    [Test]
    public void Load_PolicyWithoutEffectAtTheMedians_Warns_AndOneWithAnEffectDoesNot()
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal) + """

            policies:
              - name: no-op
                rules:
                  - nodes: { id: sg }
                    set: { penalty: 0 }
              - name: halve
                rules:
                  - nodes: { id: sg }
                    scale: { diversion: 0.5 }
            """;

        var warnings = Warnings(yaml);

        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("policy 'no-op' changes no outcome"));
    }

    [TestCase("horizon", true)]
    [TestCase("period", false)]
    public void Load_PerHorizonCapWithPerPeriodAmount_Warns(string per, bool warns)
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal)
            .Replace("  div: pert(0.01, 0.04, 0.12)", "  div: pert(0.01, 0.04, 0.12)\n  quota: { value: \"uniform(20000, 30000)\", perPeriod: true }", StringComparison.Ordinal)
            + $"\ncaps:\n  - {{ id: q, nodes: {{ id: sg }}, amount: quota, per: {per} }}\n";

        var warnings = Warnings(yaml);

        Assert.That(warnings.Any(w => w.Message.Contains("only the first period's draw is used", StringComparison.Ordinal)), Is.EqualTo(warns));
    }

    [Test]
    public void Load_BundledAndValidCorpusScenarios_HaveNoWarnings()
    {
        foreach (string path in CliTestHelper.BundledScenarios().Concat(ScenarioCorpus.YamlFiles(ScenarioCorpus.ValidDirectory)))
        {
            LoadResult result = ScenarioLoader.Load(path);
            Assert.That(result.Diagnostics, Is.Empty, path);
        }
    }

    [Test]
    public void Validate_Strict_TurnsWarningsIntoExitTwo_AndWithoutItExitsZero()
    {
        string file = CliTestHelper.WriteScenario(Network.Replace("SUPPLY", "100000", StringComparison.Ordinal));

        var (lenient, stdout, stderr) = CliHygieneTests.RunSplit("validate", file);
        var (strict, strictOut, _) = CliHygieneTests.RunSplit("validate", "--strict", file);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lenient, Is.Zero);
            Assert.That(stdout, Does.StartWith("OK").And.Contain("1 warning(s)"));
            Assert.That(stderr, Does.Contain(": warning: "));
            Assert.That(strict, Is.EqualTo(ExitCodes.UserError));
            Assert.That(strictOut, Does.StartWith("FAILED").And.Contain("--strict"));
        }
    }

    [Test]
    public void Run_ScenarioWithAWarning_ShowsItOnStandardErrorAndListsItInSummaryJson()
    {
        string file = CliTestHelper.WriteScenario(Network.Replace("SUPPLY", "100000", StringComparison.Ordinal));
        string dir = CliTestHelper.TempDirectory();

        var (code, _, stderr) = CliHygieneTests.RunSplit("run", file, "--trials", "50", "--quiet", "--out", dir);

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Does.Contain(": warning: ").And.Contain("still held as stock"));
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var warnings = summary.RootElement.GetProperty("warnings");
        Assert.That(warnings.GetArrayLength(), Is.EqualTo(1));
        Assert.That(warnings[0].GetProperty("line").GetInt32(), Is.EqualTo(7));
        Assert.That(warnings[0].GetProperty("message").GetString(), Does.Contain("still held as stock"));
    }

    [Test]
    public void Run_ScenarioWithoutWarnings_HasAnEmptyWarningsList()
    {
        string file = CliTestHelper.WriteScenario(Network.Replace("SUPPLY", "2100", StringComparison.Ordinal));

        var (code, stdout, stderr) = CliHygieneTests.RunSplit("run", file, "--trials", "50", "--quiet", "--format", "json");

        Assert.That(code, Is.Zero, stderr);
        using var summary = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.That(summary.RootElement.GetProperty("warnings").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Load_BadParameterDistribution_IsReportedOnceNotAgainAsUnknownWhereItIsUsed()
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal).Replace("pert(0.01, 0.04, 0.12)", "pert(0.2, 0.04, 0.12)", StringComparison.Ordinal);

        LoadResult result = ScenarioLoader.LoadFromString("cascade.yaml", yaml);

        Assert.That(result.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics[0].Message, Does.Contain("min ≤ mode ≤ max"));
    }

    [Test]
    public void Load_PolicyNamingAnEdgeThatHasItsOwnError_IsNotReportedAgainAsUnknown()
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal)
            .Replace("{ from: sg, to: cn, channel: illicit, detection: 0.1 }", "{ id: sc, from: sg, to: cn, channel: illicit, detection: 1.5 }", StringComparison.Ordinal) + """

            policies:
              - name: inspect
                rules:
                  - edges: { id: sc }
                    scale: { detection: 2 }
            """;

        LoadResult result = ScenarioLoader.LoadFromString("cascade.yaml", yaml);

        Assert.That(result.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics[0].Path, Does.Contain("detection"));
    }

    [TestCase("add: { premium: 2 }", true)]
    [TestCase("scale: { premium: 2 }", true)]
    [TestCase("set: { premium: 2000 }", false)]
    public void Load_PolicyChangingAPremiumTheNodeDoesNotHave_IsAnError(string action, bool error)
    {
        string yaml = Network.Replace("SUPPLY", "2100", StringComparison.Ordinal).Replace("illicitDemand: 5000", "illicitDemand: 5000, beta: 0.001", StringComparison.Ordinal) + $$"""

            policies:
              - name: p
                rules:
                  - nodes: { id: cn }
                    {{action}}
            """;

        LoadResult result = ScenarioLoader.LoadFromString("premium.yaml", yaml);

        Assert.That(result.Succeeded, Is.EqualTo(!error), string.Join("\n", result.Diagnostics));
        if (error)
        {
            Assert.That(result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error).Message, Does.Contain("changes nothing").And.Contain("premium"));
        }
    }

    private static List<Diagnostic> Warnings(string yaml)
    {
        LoadResult result = ScenarioLoader.LoadFromString("warn.yaml", yaml);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)];
    }
}
