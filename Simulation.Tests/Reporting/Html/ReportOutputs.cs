using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Reporting.Html;

/// <summary>
/// The --out folders of run, compare, sensitivity and calibrate on small inputs, each made once per test run and
/// shared by the report tests; and helpers that read report.html back.
/// </summary>
internal static partial class ReportOutputs
{
    public const string CalibrationScenario = """
        name: small-network
        horizon: { periods: 3 }
        run: { seed: 5 }
        parameters:
          S: lognormal(8, 0.3)
          d: uniform(0.1, 0.5)
        nodes:
          - { id: us-nv, kind: supplier, country: US, supply: S }
          - { id: sg-hub, kind: hub, country: SG, diversion: d }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us-nv, to: sg-hub, channel: legit }
          - { from: sg-hub, to: jp, channel: legit }
          - { id: sg-cn, from: sg-hub, to: cn, channel: illicit, detection: 0.2 }
        """;

    public const string Evidence = """
        scenario: small-network
        evidence:
          - id: supply
            outcome: supply
            observed: 9000
            error: lognormal(0.05)
            source: a filing
        """;

    private static readonly Lazy<string> s_run = new(() => Make("run", Baseline, "--trials", "1500"));
    private static readonly Lazy<string> s_compare = new(() => Make("compare", Baseline, "--trials", "1500", "--chart-format", "svg"));
    private static readonly Lazy<string> s_sensitivity = new(() => Make("sensitivity", Baseline, "--trials", "40", "--method", "swing"));
    private static readonly Lazy<string> s_calibrate = new(() =>
        Make("calibrate", CliTestHelper.WriteScenario(CalibrationScenario), CliTestHelper.WriteScenario(Evidence), "--particles", "200", "--threads", "1"));

    public static string Baseline => Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "baseline-2024.yaml");

    /// <summary>run --out (PNG charts).</summary>
    public static string RunDirectory => s_run.Value;

    /// <summary>compare --out --chart-format svg, every policy of baseline-2024.</summary>
    public static string CompareDirectory => s_compare.Value;

    public static string SensitivityDirectory => s_sensitivity.Value;

    public static string CalibrateDirectory => s_calibrate.Value;

    /// <summary>Command, its arguments, and the name of its JSON file, for each command.</summary>
    public static IEnumerable<TestCaseData> Commands()
    {
        yield return new TestCaseData("run", "summary.json").SetArgDisplayNames("run");
        yield return new TestCaseData("compare", "comparison.json").SetArgDisplayNames("compare");
        yield return new TestCaseData("sensitivity", "sensitivity.json").SetArgDisplayNames("sensitivity");
        yield return new TestCaseData("calibrate", "calibration.json").SetArgDisplayNames("calibrate");
    }

    public static string DirectoryOf(string command) => command switch
    {
        "run" => RunDirectory,
        "compare" => CompareDirectory,
        "sensitivity" => SensitivityDirectory,
        _ => CalibrateDirectory,
    };

    private static string Make(string command, params string[] args)
    {
        string dir = CliTestHelper.TempDirectory();
        CliResult r = CliTestHelper.Run([command, .. args, "--quiet", "--out", dir]);
        Assert.That(r.Code, Is.Zero, r.Output);
        return dir;
    }

    /// <summary>The (data-key, data-value) pairs of every number cell of a page.</summary>
    public static List<(string Key, double Value)> NumberCells(string html) =>
        [.. DataCell().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value),
            m.Groups[2].Value.Length == 0 ? double.NaN : double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The value at a path such as <c>comparisons[0].effects.leaked.spread.p05</c>; NaN for null.</summary>
    public static double At(JsonElement root, string path)
    {
        JsonElement e = root;
        foreach (Match part in PathPart().Matches(path))
        {
            e = part.Groups[1].Success ? e.GetProperty(part.Groups[1].Value) : e[int.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture)];
        }

        return e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
    }

    /// <summary>The JSON embedded in the page's data block.</summary>
    public static string EmbeddedJson(string html)
    {
        Match m = JsonBlock().Match(html);
        Assert.That(m.Success, Is.True, "the page embeds its JSON");
        return m.Groups[1].Value.Replace("<\\/", "</", StringComparison.Ordinal);
    }

    /// <summary>Every link of the Sankey diagrams: from, to and value.</summary>
    public static List<(string From, string To, double Value)> SankeyLinks(string html) =>
        [.. SankeyLink().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value),
            double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex("data-key=\"([^\"]*)\" data-value=\"([^\"]*)\"")]
    private static partial Regex DataCell();

    [GeneratedRegex("([A-Za-z0-9_]+)|\\[(\\d+)\\]")]
    private static partial Regex PathPart();

    [GeneratedRegex("<script type=\"application/json\" id=\"data-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("class=\"link\" data-from=\"([^\"]*)\" data-to=\"([^\"]*)\" data-value=\"([^\"]*)\"")]
    private static partial Regex SankeyLink();
}
