using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Tests.Cli;
using ExportFlow.Simulation.Tests.Reporting.Html;

namespace ExportFlow.Simulation.Tests.Reporting;

public class RunChartsTests
{
    private static readonly string[] s_sensitivitySvgFiles = ["report.html", "sensitivity.csv", "sensitivity.json", "tornado.svg"];

    private static string Dir => ReportOutputs.RunDirectory;

    private static JsonDocument Summary() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "summary.json")));

    private static List<string[]> ReadCsv(string dir, string name) =>
        [.. File.ReadAllLines(Path.Combine(dir, name)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];

    private static double Number(string field) => field.Length == 0 ? double.NaN : double.Parse(field, CultureInfo.InvariantCulture);

    [TestCaseSource(typeof(RunCharts), nameof(RunCharts.Names))]
    public void Run_Out_EveryChartIsAPngOfTheExpectedSize(string name)
    {
        byte[] png = File.ReadAllBytes(Path.Combine(Dir, name + ".png"));

        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), Is.EqualTo(Charts.Width), "IHDR width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)), Is.EqualTo(Charts.Height), "IHDR height");
            Assert.That(png, Has.Length.GreaterThan(10_000), "a drawn chart");
            Assert.That(File.Exists(Path.Combine(Dir, name + ".csv")), Is.True, "its data CSV");
        });
    }

    [Test]
    public void Run_Out_LeakageBySourceCsv_MatchesSummaryJson()
    {
        using JsonDocument json = Summary();
        var source = json.RootElement.GetProperty("byCountry").GetProperty("source").EnumerateArray()
            .ToDictionary(c => c.GetProperty("country").GetString()!, c => c.GetProperty("leaked"));
        var rows = ReadCsv(Dir, "leakage-by-source.csv");
        var sourceCountries = json.RootElement.GetProperty("bySource").EnumerateArray().Select(s => s.GetProperty("country").GetString()).Distinct().Order().ToList();

        Assert.That(rows.Select(r => r[0]).Order(), Is.EqualTo(sourceCountries));
        Assert.Multiple(() =>
        {
            foreach (string[] r in rows)
            {
                JsonElement s = source[r[0]];
                Assert.That((Number(r[1]), Number(r[3]), Number(r[4]), Number(r[5])),
                    Is.EqualTo((s.GetProperty("mean").GetDouble(), s.GetProperty("p05").GetDouble(), s.GetProperty("p50").GetDouble(), s.GetProperty("p95").GetDouble())), r[0]);
            }
        });
    }

    [Test]
    public void Run_Out_BilledReceivedCsv_MatchesSummaryJson()
    {
        using JsonDocument json = Summary();
        var expected = json.RootElement.GetProperty("billing").EnumerateArray()
            .Select(b => (b.GetProperty("country").GetString(), b.GetProperty("billed").GetProperty("mean").GetDouble(), b.GetProperty("received").GetProperty("mean").GetDouble()));

        Assert.That(ReadCsv(Dir, "billed-received.csv").Select(r => (r[0], Number(r[1]), Number(r[3]))), Is.EqualTo(expected));
    }

    [Test]
    public void Run_Out_LeakageDistributionCsv_SpansMinToMaxAndSumsToOne()
    {
        using JsonDocument json = Summary();
        JsonElement leaked = json.RootElement.GetProperty("leaked");
        var rows = ReadCsv(Dir, "leakage-distribution.csv");

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(RunCharts.Bins));
            Assert.That(Number(rows[0][0]), Is.EqualTo(leaked.GetProperty("min").GetDouble()), "first bin starts at the minimum");
            Assert.That(Number(rows[^1][1]), Is.EqualTo(leaked.GetProperty("max").GetDouble()), "last bin ends at the maximum");
            Assert.That(rows.Sum(r => Number(r[2])), Is.EqualTo(1).Within(1e-9), "shares of trials");
            Assert.That(Number(rows[^1][3]), Is.EqualTo(1).Within(1e-12), "cumulative share");
            Assert.That(rows.Select(r => Number(r[3])), Is.Ordered, "the CDF never falls");
        });
    }

    [Test]
    public void Run_ChartFormatSvg_WritesSvgChartsOfTheExpectedSizeAndNoPng()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();
        Assert.That(CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--out", dir).Code, Is.Zero);
        CliResult r = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--by-period", "--chart-format", "svg", "--out", dir);
        Assert.That(r.Code, Is.Zero, r.Output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(dir, "*.png"), Is.Empty, "the PNGs of the earlier run are removed");
            foreach (string name in RunCharts.Names.Append(PeriodChart.Name))
            {
                XElement svg = XElement.Load(Path.Combine(dir, name + ".svg"));
                Assert.That(svg.Name.LocalName, Is.EqualTo("svg"), name);
                Assert.That((string?)svg.Attribute("width"), Is.EqualTo(Charts.Width.ToString(CultureInfo.InvariantCulture)), name);
                Assert.That((string?)svg.Attribute("height"), Is.EqualTo(Charts.Height.ToString(CultureInfo.InvariantCulture)), name);
                Assert.That(listed, Does.Contain(name + ".svg"), name);
            }
        });
    }

    [Test]
    public void Run_ChartFormatUnknown_IsAUserError()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        CliResult r = CliTestHelper.Run("run", file, "--trials", "10", "--chart-format", "jpeg", "--out", CliTestHelper.TempDirectory());

        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("--chart-format 'jpeg' is not allowed; use png or svg"));
    }

    [TestCase("compare")]
    [TestCase("sensitivity")]
    [TestCase("calibrate")]
    public void OtherCommands_ChartFormatUnknown_IsAUserError(string command)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        string[] args = command == "calibrate" ? [command, file, file, "--chart-format", "gif"] : [command, file, "--chart-format", "gif"];

        CliResult r = CliTestHelper.Run(args);

        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("--chart-format 'gif' is not allowed; use png or svg"));
    }

    [Test]
    public void Sensitivity_SvgAfterPng_LeavesOnlyTheSvgChartAndAReport()
    {
        string dir = CliTestHelper.TempDirectory(), baseline = ReportOutputs.Baseline;
        Assert.That(CliTestHelper.Run("sensitivity", baseline, "--trials", "20", "--method", "swing", "--quiet", "--out", dir).Code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(dir, "tornado.png")), Is.True);

        CliResult r = CliTestHelper.Run("sensitivity", baseline, "--trials", "20", "--method", "swing", "--quiet", "--chart-format", "svg", "--out", dir);

        Assert.That(r.Code, Is.Zero, r.Output);
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName).Order(), Is.EqualTo(s_sensitivitySvgFiles));
    }
}
