using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary><c>exportflow run FILE --by-period</c>: tables, byPeriod in summary.json, the long CSV and the chart.</summary>
public partial class RunByPeriodTests
{
    private const int Periods = 12;
    private static readonly string[] s_sg = ["SG"];
    private static readonly string[] s_runCharts = ["leakage-distribution.png", "leakage-distribution.csv", "leakage-by-source.png", "leakage-by-source.csv", "billed-received.png", "billed-received.csv", "convergence.png", "convergence.csv", "report.html"];
    private static readonly string[] s_summaryOnly = ["summary.json", .. s_runCharts];
    private static readonly string[] s_withChart = ["summary.json", "leakage-by-period.png", "leakage-by-period.csv", .. s_runCharts];
    private static string s_out = "";
    private static string s_stdout = "";
    private static JsonDocument s_summary = null!;

    [OneTimeSetUp]
    public void RunOnce()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        s_out = CliTestHelper.TempDirectory();
        CliResult r = CliTestHelper.Run("run", file, "--trials", "1500", "--seed", "4", "--quiet", "--by-period", "--out", s_out);
        Assert.That(r.Code, Is.Zero, r.Output);
        s_stdout = r.Stdout;
        s_summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_out, "summary.json")));
    }

    [OneTimeTearDown]
    public void Dispose() => s_summary.Dispose();

    [GeneratedRegex(@"^│\s+(\d+) │", RegexOptions.Multiline)]
    private static partial Regex PeriodRow();

    private static double Json(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private static double Number(string field) => field.Length == 0 ? double.NaN : double.Parse(field, CultureInfo.InvariantCulture);

    [TestCase("leaked (")]
    [TestCase("interdicted (")]
    [TestCase("deterred (")]
    [TestCase("unmet (")]
    [TestCase("delivered (")]
    [TestCase("leaked from source country SG (")]
    public void Run_ByPeriod_PrintsATableWithOneRowPerPeriod(string title)
    {
        int at = s_stdout.IndexOf(title, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"no table '{title}' in:\n{s_stdout}");

        // The table runs from its title to the line closing it.
        string table = s_stdout[at..s_stdout.IndexOf('└', at)];
        int[] periods = [.. PeriodRow().Matches(table).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.That(periods, Is.EqualTo(Enumerable.Range(1, Periods)), table);
        Assert.That(table, Does.Contain("± s.e. of mean").And.Contain("(MC precision)").And.Contain("of trials"), "columns say what s.e. and the percentiles measure");
    }

    [Test]
    public void Run_ByPeriod_SummaryHasEveryPeriodWithEveryOutcome()
    {
        JsonElement[] periods = [.. s_summary.RootElement.GetProperty("byPeriod").EnumerateArray()];
        Assert.That(periods.Select(p => p.GetProperty("period").GetInt32()), Is.EqualTo(Enumerable.Range(1, Periods)));

        // E[leaked per period] = d·S·(1 − p) = 0.1·1000·0.8 = 80 in each period.
        foreach (JsonElement p in periods)
        {
            JsonElement leaked = p.GetProperty("leaked");
            Assert.That(leaked.GetProperty("mean").GetDouble(), Is.EqualTo(80).Within(4 * leaked.GetProperty("standardError").GetDouble()));
            Assert.That(p.GetProperty("delivered").GetProperty("mean").GetDouble(), Is.EqualTo(900).Within(1e-9));
            Assert.That(p.GetProperty("leakedBySourceCountry").EnumerateArray().Select(c => c.GetProperty("country").GetString()), Is.EqualTo(s_sg));
        }

        double sum = periods.Sum(p => p.GetProperty("leaked").GetProperty("mean").GetDouble());
        Assert.That(sum, Is.EqualTo(s_summary.RootElement.GetProperty("leaked").GetProperty("mean").GetDouble()).Within(1e-9).Percent, "periods add up to the total");
    }

    [Test]
    public void Run_WithoutByPeriod_SummaryHasNoByPeriodAndNoChart()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();
        Assert.That(CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--by-period", "--out", dir).Code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(dir, "leakage-by-period.png")), Is.True);

        CliResult r = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--out", dir);
        Assert.That(r.Code, Is.Zero, r.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        Assert.Multiple(() =>
        {
            Assert.That(summary.RootElement.TryGetProperty("byPeriod", out _), Is.False);
            Assert.That(r.Stdout, Does.Not.Contain("Per month"));
            Assert.That(File.Exists(Path.Combine(dir, "leakage-by-period.png")), Is.False, "the chart of the earlier run would not match this summary");
            Assert.That(File.Exists(Path.Combine(dir, "leakage-by-period.csv")), Is.False);
            Assert.That(manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()), Is.EqualTo(s_summaryOnly));
        });
    }

    [Test]
    public void Run_ByPeriod_ManifestListsTheChartAndItsCsv()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_out, "manifest.json")));
        Assert.That(manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()),
            Is.EqualTo(s_withChart));
    }

    [Test]
    public void Run_ByPeriodJson_PrintsByPeriod()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        CliResult with = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--format", "json", "--by-period");
        CliResult without = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--format", "json");
        using var a = JsonDocument.Parse(with.Stdout);
        using var b = JsonDocument.Parse(without.Stdout);

        Assert.That(a.RootElement.GetProperty("byPeriod").GetArrayLength(), Is.EqualTo(Periods));
        Assert.That(b.RootElement.TryGetProperty("byPeriod", out _), Is.False);
        Assert.That(a.RootElement.GetProperty("leaked").GetRawText(), Is.EqualTo(b.RootElement.GetProperty("leaked").GetRawText()), "the totals do not change");
    }

    [Test]
    public void Run_ByPeriodCsv_PrintsOneRowPerPeriodAndOutcomeThenPerCountry()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        CliResult r = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--format", "csv", "--by-period");
        Assert.That(r.Code, Is.Zero, r.Output);
        string[] lines = r.Stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int outcomes = Enum.GetValues<ExportFlow.Simulation.Engine.Outcome>().Length;

        Assert.That(lines[0], Is.EqualTo(PeriodTable.CsvHeader));
        Assert.That(lines, Has.Length.EqualTo(1 + (Periods * (outcomes + 1))));
        Assert.That(lines.Skip(1).Count(l => l.StartsWith("3,", StringComparison.Ordinal)), Is.EqualTo(outcomes + 1));
        Assert.That(lines[^1], Does.StartWith($"{Periods},leaked,SG,"));
    }

    [Test]
    public void Run_ByPeriodWithOut_ChartIsAPngOfTheExpectedSize()
    {
        byte[] png = File.ReadAllBytes(Path.Combine(s_out, "leakage-by-period.png"));

        Assert.Multiple(() =>
        {
            Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), Is.EqualTo(Charts.Width), "IHDR width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)), Is.EqualTo(Charts.Height), "IHDR height");
            Assert.That(png, Has.Length.GreaterThan(10_000), "a drawn chart, not a blank image");
            Assert.That(Directory.GetFiles(s_out, "*.tmp"), Is.Empty, "no temporary file left");
        });
    }

    [Test]
    public void Run_ByPeriodWithOut_ChartCsvMatchesByPeriodInSummaryJson()
    {
        var expected = s_summary.RootElement.GetProperty("byPeriod").EnumerateArray()
            .SelectMany(p => p.GetProperty("leakedBySourceCountry").EnumerateArray().Select(c => (
                c.GetProperty("country").GetString(), p.GetProperty("period").GetInt32(),
                Json(c.GetProperty("leaked").GetProperty("mean")), Json(c.GetProperty("leaked").GetProperty("p05")),
                Json(c.GetProperty("leaked").GetProperty("p50")), Json(c.GetProperty("leaked").GetProperty("p95")))))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2)
            .ToList();
        string[] lines = File.ReadAllLines(Path.Combine(s_out, "leakage-by-period.csv"));
        var rows = lines.Skip(1).Select(l => l.Split(','))
            .Select(f => ((string?)f[0], int.Parse(f[1], CultureInfo.InvariantCulture), Number(f[2]), Number(f[4]), Number(f[5]), Number(f[6])))
            .ToList();

        Assert.That(lines[0], Is.EqualTo("country,period,mean,standardError,p05,p50,p95"));
        Assert.That(rows, Has.Count.EqualTo(Periods));
        Assert.That(rows, Is.EqualTo(expected));
    }
}
