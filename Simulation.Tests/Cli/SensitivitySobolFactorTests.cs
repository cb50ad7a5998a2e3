using System.Text.Json;
using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>
/// <c>exportflow sensitivity --method sobol</c> on correlated, autocorrelated and noisy scenarios, checked against
/// closed forms; and Ctrl+C.
/// </summary>
public class SensitivitySobolFactorTests
{
    private static readonly string[] s_groupedFactors = ["group(a, b)", "c"];

    /// <summary>
    /// Three hubs with their own supplier (1000 a period), detection 0: leaked = 12 000·(a + b + c) exactly. a and b are
    /// uniform(0.1, 0.3) with rank correlation 0.5 (for uniform marginals the Pearson correlation is the rank
    /// correlation, 0.5), c is uniform(0.1, 0.2). With v = 0.2²/12: Var(a + b) = 2v·(1 + 0.5) = 3v, Var c = v/4, so the
    /// group's index is 3/3.25 and c's 0.25/3.25, first and total order alike (additive model).
    /// </summary>
    private const string Grouped = """
        name: grouped
        horizon: { periods: 12, unit: month }
        run: { trials: 4000, seed: 11 }
        parameters:
          a: "uniform(0.1, 0.3)"
          b: "uniform(0.1, 0.3)"
          c: "uniform(0.1, 0.2)"
        correlations:
          - { between: [a, b], rank: 0.5 }
        nodes:
          - { id: us1, kind: supplier, country: US, supply: 1000 }
          - { id: us2, kind: supplier, country: US, supply: 1000 }
          - { id: us3, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: a }
          - { id: my, kind: hub, country: MY, diversion: b }
          - { id: th, kind: hub, country: TH, diversion: c }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us1, to: sg, channel: legit }
          - { from: us2, to: my, channel: legit }
          - { from: us3, to: th, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: th, to: mkt, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: 0 }
          - { from: my, to: cn, channel: illicit, detection: 0 }
          - { from: th, to: cn, channel: illicit, detection: 0 }
        """;

    /// <summary>Diversion 0.5–0.6 of 1000 always exceeds the illicit demand (10–100 a period, AR(1) 0.8): leaked = Σ_t demand_t, so S_demand = 1 and S_div = 0.</summary>
    private const string Autocorrelated = """
        name: autocorrelated
        horizon: { periods: 12, unit: month }
        run: { trials: 4000, seed: 3 }
        parameters:
          div: "uniform(0.5, 0.6)"
          demand: { value: "uniform(10, 100)", perPeriod: true, autocorrelation: 0.8 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0 }
        """;

    /// <summary>
    /// Two inputs on hubs with detection 0 (leaked 12 000·x1 and 12 000·x2, no noise), and a third hub whose diversion
    /// is fixed (400 units a period = 2 whole lots of 200) on a route with detection 0.5: its leakage is
    /// 200·Binomial(2, 0.5) each period, the engine's own noise, independent of the inputs. Law of total variance:
    /// Var(leaked) = 12 000²·(Var x1 + Var x2) + 12·200²·2·0.25 = 120 000 + 480 000 + 240 000.
    /// </summary>
    private const string Noisy = """
        name: noisy
        horizon: { periods: 12, unit: month }
        run: { trials: 8000, seed: 5 }
        parameters:
          x1: "uniform(0.1, 0.2)"
          x2: "uniform(0.1, 0.3)"
        nodes:
          - { id: us1, kind: supplier, country: US, supply: 1000 }
          - { id: us2, kind: supplier, country: US, supply: 1000 }
          - { id: us3, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: x1 }
          - { id: my, kind: hub, country: MY, diversion: x2 }
          - { id: th, kind: hub, country: TH, diversion: 0.4, lot: 200 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us1, to: sg, channel: legit }
          - { from: us2, to: my, channel: legit }
          - { from: us3, to: th, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: th, to: mkt, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: 0 }
          - { from: my, to: cn, channel: illicit, detection: 0 }
          - { from: th, to: cn, channel: illicit, detection: 0.5 }
        """;

    private static JsonElement Sobol(string yaml, params string[] args)
    {
        string path = CliTestHelper.WriteScenario(yaml);
        CliResult r = CliTestHelper.Run(["sensitivity", path, "--method", "sobol", "--format", "json", "-q", .. args]);
        Assert.That(r.Code, Is.Zero, r.Output);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    private static JsonElement Row(JsonElement root, string method, string input) =>
        root.GetProperty(method).EnumerateArray().Single(e => e.GetProperty("input").GetString() == input);

    /// <summary>The estimate is within <paramref name="tolerance"/> of the closed form and its 95 % interval contains it.</summary>
    private static void AssertIndex(JsonElement row, double expected, double tolerance, string what)
    {
        double estimate = row.GetProperty("estimate").GetDouble();
        Assert.That(estimate, Is.EqualTo(expected).Within(tolerance), what);
        Assert.That(row.GetProperty("low").GetDouble(), Is.LessThanOrEqualTo(expected), $"{what}: interval low");
        Assert.That(row.GetProperty("high").GetDouble(), Is.GreaterThanOrEqualTo(expected), $"{what}: interval high");
    }

    [Test]
    public void Sobol_CorrelatedPairAndIndependentInput_GroupIndexMatchesClosedForm()
    {
        JsonElement root = Sobol(Grouped);

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("sobolFirstOrder").EnumerateArray().Select(e => e.GetProperty("input").GetString()), Is.EqualTo(s_groupedFactors));
            AssertIndex(Row(root, "sobolFirstOrder", "group(a, b)"), 3 / 3.25, 0.05, "S group(a, b)");
            AssertIndex(Row(root, "sobolFirstOrder", "c"), 0.25 / 3.25, 0.02, "S c");
            AssertIndex(Row(root, "sobolTotalOrder", "group(a, b)"), 3 / 3.25, 0.05, "ST group(a, b)");
            AssertIndex(Row(root, "sobolTotalOrder", "c"), 0.25 / 3.25, 0.02, "ST c");
            Assert.That(Row(root, "sobolFirstOrder", "group(a, b)").GetProperty("detail").GetString(), Does.Contain("correlation group"));
        });
    }

    [Test]
    public void Sobol_GroupWithADegenerateMemberFirst_GroupIndexStillMatchesClosedForm()
    {
        // z is a single value (not an input) but heads the group: its normal score feeds a's and b's through the
        // Cholesky factor, so it must follow the group's prefix in the Sobol rows, or A_B^(group) mixes A and B.
        string yaml = Grouped
            .Replace("  a: \"uniform", "  z: \"uniform(5, 5)\"\n  a: \"uniform", StringComparison.Ordinal)
            .Replace("  - { between: [a, b], rank: 0.5 }", "  - { between: [z, a], rank: 0.7 }\n  - { between: [a, b], rank: 0.5 }", StringComparison.Ordinal)
            .Replace("diversion: a }", "diversion: a, lot: z }", StringComparison.Ordinal);

        JsonElement root = Sobol(yaml);

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()), Does.Not.Contain("z"));
            AssertIndex(Row(root, "sobolFirstOrder", "group(a, b)"), 3 / 3.25, 0.05, "S group(a, b)");
            AssertIndex(Row(root, "sobolFirstOrder", "c"), 0.25 / 3.25, 0.02, "S c");
        });
    }

    [Test]
    public void Sobol_CorrelatedScenarioWithMethodAll_RunsSobolWithoutSkipping()
    {
        string path = CliTestHelper.WriteScenario(Grouped);
        CliResult r = CliTestHelper.Run("sensitivity", path, "--method", "all", "--trials", "300", "--format", "json", "-q");

        Assert.That(r.Code, Is.Zero, r.Output);
        Assert.That(r.Output, Does.Not.Contain("skipped"));
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.That(json.RootElement.GetProperty("sobolFirstOrder").GetArrayLength(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("rank").GetArrayLength(), Is.EqualTo(3), "rank stays per input");
        Assert.That(json.RootElement.GetProperty("swing").GetArrayLength(), Is.EqualTo(3), "swing stays per input");
    }

    [Test]
    public void Sobol_AutocorrelatedPerPeriodInput_IsOneFactorWithTheWholeVariance()
    {
        JsonElement root = Sobol(Autocorrelated);

        Assert.Multiple(() =>
        {
            AssertIndex(Row(root, "sobolFirstOrder", "demand"), 1, 0.05, "S demand");
            AssertIndex(Row(root, "sobolTotalOrder", "demand"), 1, 0.05, "ST demand");
            Assert.That(Row(root, "sobolFirstOrder", "div").GetProperty("estimate").GetDouble(), Is.Zero, "div does not move leakage");
            Assert.That(Row(root, "sobolFirstOrder", "demand").GetProperty("detail").GetString(), Does.Contain("autocorrelated"));
        });
    }

    [Test]
    public void Sobol_OnlyOneCorrelationGroup_IsExit2()
    {
        string path = CliTestHelper.WriteScenario(Grouped.Replace("diversion: c", "diversion: 0.15", StringComparison.Ordinal));

        CliResult r = CliTestHelper.Run("sensitivity", path, "--method", "sobol", "-q");

        Assert.That(r.Code, Is.EqualTo(2), r.Output);
        Assert.That(r.Output, Does.Contain("group(a, b)").And.Contain("use --method rank or swing").And.Not.Contain("   at "));
    }

    [Test]
    public void Sobol_EnginesOwnNoise_IndicesAndUnexplainedShareMatchTheLawOfTotalVariance()
    {
        JsonElement root = Sobol(Noisy);
        const double v1 = 120_000, v2 = 480_000, noise = 240_000, total = v1 + v2 + noise;

        Assert.Multiple(() =>
        {
            AssertIndex(Row(root, "sobolFirstOrder", "x1"), v1 / total, 0.02, "S x1");
            AssertIndex(Row(root, "sobolFirstOrder", "x2"), v2 / total, 0.04, "S x2");
            AssertIndex(root.GetProperty("sobolUnexplained"), noise / total, 0.04, "1 - sum S");

            // The noise is keyed by base sample, shared by its k + 2 rows: additive noise cancels from the total indices.
            AssertIndex(Row(root, "sobolTotalOrder", "x1"), v1 / total, 0.02, "ST x1");
            AssertIndex(Row(root, "sobolTotalOrder", "x2"), v2 / total, 0.04, "ST x2");
        });
    }

    [TestCase(0)]
    [TestCase(300)]
    public void Sensitivity_Cancelled_Exits130WithAWarningAndNoFiles(int afterMilliseconds)
    {
        string path = CliTestHelper.WriteScenario(Noisy);
        string dir = CliTestHelper.TempDirectory();
        using var cancel = new CancellationTokenSource();
        if (afterMilliseconds == 0)
        {
            cancel.Cancel();
        }
        else
        {
            cancel.CancelAfter(afterMilliseconds);
        }

        using var console = new TestConsole();
        using var errors = new StringWriter();

        int code = CliApp.Run(["sensitivity", path, "--method", "sobol", "--trials", "5000000", "--out", dir, "-q"], console, errors, cancel.Token);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(130), errors.ToString());
            Assert.That(errors.ToString(), Does.Contain("interrupted: no sensitivity result"));
            Assert.That(console.Output, Is.Empty, "nothing printed as a result");
            Assert.That(Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir) : [], Is.Empty, "nothing half-written in --out");
        });
    }
}
