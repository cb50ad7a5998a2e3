using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Reporting.Html;
using static ExportFlow.Simulation.Tests.Reporting.Html.ReportOutputs;

namespace ExportFlow.Simulation.Tests.Reporting.Html;

public class ReportHtmlTests
{
    private static string Page(string command) => File.ReadAllText(Path.Combine(DirectoryOf(command), "report.html"));

    private static JsonDocument Json(string command, string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(DirectoryOf(command), name)));

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_EveryCommand_HasEverySection(string command, string jsonName)
    {
        string html = Page(command);
        string[] sections = command is "run" or "compare"
            ? ["summary", "tables", "charts", "flows", "manifest"]
            : ["summary", "tables", "charts", "manifest"];

        Assert.Multiple(() =>
        {
            foreach (string id in sections)
            {
                Assert.That(html, Does.Contain($"<section id=\"{id}\">"), id);
            }

            Assert.That(html, command == "compare" ? Does.Contain("<section id=\"verdicts\">") : Does.Not.Contain("<section id=\"verdicts\">"));
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html.TrimEnd(), Does.EndWith("</html>"));
            Assert.That(html, Does.Contain(jsonName));
        });
    }

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_EveryCommand_IsSelfContained(string command, string jsonName)
    {
        string html = Page(command);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.IsMatch(html, "(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), Is.False, "a resource from the network");
            Assert.That(html, Does.Not.Contain("<link"), "a linked stylesheet");
            Assert.That(html, Does.Not.Contain("<img"), "an image file instead of inline SVG");
            Assert.That(Regex.Count(html, "<script"), Is.EqualTo(1), "only the inert JSON data block");
            Assert.That(html, Does.Not.Contain("<?xml"), "an XML prologue inside HTML");
        });
    }

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_EveryCommand_EmbedsItsJsonFileExactly(string command, string jsonName)
    {
        string file = File.ReadAllText(Path.Combine(DirectoryOf(command), jsonName));

        Assert.That(EmbeddedJson(Page(command)), Is.EqualTo(file));
    }

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_EveryCommand_EmbedsEveryChartAsSvg(string command, string jsonName)
    {
        string html = Page(command), dir = DirectoryOf(command);
        string[] charts = [.. Directory.GetFiles(dir, "*.png").Concat(Directory.GetFiles(dir, "*.svg")).Select(Path.GetFileNameWithoutExtension).Order().Cast<string>()];
        var figures = Regex.Matches(html, "<figure id=\"chart-([^\"]+)\" class=\"chart\"><svg").Select(m => m.Groups[1].Value).Order().ToList();

        Assert.That(charts, Is.Not.Empty);
        Assert.That(figures, Is.EqualTo(charts));
    }

    [Test]
    public void Report_Run_NumberCellsMatchSummaryJson()
    {
        using JsonDocument json = Json("run", "summary.json");
        var cells = NumberCells(Page("run"));

        Assert.That(cells, Has.Count.GreaterThan(40));
        Assert.That(cells.Select(c => c.Key).ToList(), Does.Contain("leaked.mean").And.Contain("billing[0].received.mean"));
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in cells)
            {
                Assert.That(value, Is.EqualTo(At(json.RootElement, key)), key);
            }
        });
    }

    [Test]
    public void Report_Compare_NumberCellsAndVerdictsMatchComparisonJson()
    {
        using JsonDocument json = Json("compare", "comparison.json");
        string html = Page("compare");
        var cells = NumberCells(html);
        var comparisons = json.RootElement.GetProperty("comparisons").EnumerateArray().ToList();

        Assert.That(cells.Select(c => c.Key), Does.Contain("comparisons[0].effects.leaked.spread.p05").And.Contain("comparisons[0].effects.leaked.meanChange95.high"));
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in cells)
            {
                Assert.That(value, Is.EqualTo(At(json.RootElement, key)), key);
            }

            foreach (JsonElement c in comparisons)
            {
                Assert.That(html, Does.Contain(System.Net.WebUtility.HtmlEncode(c.GetProperty("verdict").GetString()!)), c.GetProperty("label").GetString());
            }
        });
    }

    [Test]
    public void Report_Calibrate_NumberCellsMatchCalibrationJson()
    {
        using JsonDocument json = Json("calibrate", "calibration.json");
        var cells = NumberCells(Page("calibrate"));

        Assert.That(cells, Has.Count.GreaterThan(6));
        Assert.That(cells.Select(c => c.Key).ToList(), Does.Contain("observations[0].posteriorModelValue.p50").And.Contain("observations[0].priorTail"));
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in cells)
            {
                Assert.That(value, Is.EqualTo(At(json.RootElement, key)).Within(1e-12).Percent, key);
            }
        });
    }

    [Test]
    public void Report_Run_SankeyLinksAreTheMeansOfSummaryJson()
    {
        using JsonDocument json = Json("run", "summary.json");
        JsonElement root = json.RootElement;
        var links = SankeyLinks(Page("run"));
        var received = root.GetProperty("billing").EnumerateArray()
            .Select(b => ("country:" + b.GetProperty("country").GetString(), b.GetProperty("received").GetProperty("mean").GetDouble()))
            .Where(x => x.Item2 > 0).ToList();
        var countryOf = root.GetProperty("bySource").EnumerateArray().ToDictionary(s => s.GetProperty("node").GetString()!, s => s.GetProperty("country").GetString()!);
        var leaked = root.GetProperty("byRoute").EnumerateArray()
            .GroupBy(r => ("country:" + countryOf[r.GetProperty("source").GetString()!], "restricted:" + r.GetProperty("restricted").GetString()))
            .Select(g => (g.Key, g.Sum(r => r.GetProperty("leaked").GetProperty("mean").GetDouble())))
            .Where(x => x.Item2 > 0).ToList();

        Assert.That(links.Where(l => l.From == FlowDiagram.Suppliers).Select(l => (l.To, l.Value)), Is.EquivalentTo(received));
        Assert.That(links.Where(l => l.From != FlowDiagram.Suppliers).Select(l => ((l.From, l.To), l.Value)).ToList(),
            Has.Count.EqualTo(leaked.Count));
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in leaked)
            {
                double drawn = links.Single(l => l.From == key.Item1 && l.To == key.Item2).Value;
                Assert.That(drawn, Is.EqualTo(value).Within(1e-9).Percent, $"{key.Item1} → {key.Item2}");
            }
        });
    }

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_EveryCommand_ManifestSectionHashesMatchTheFiles(string command, string jsonName)
    {
        string html = Page(command), dir = DirectoryOf(command);
        var rows = Regex.Matches(html, "<tr><td>([^<]+)</td><td class=\"num\">[^<]*</td><td><code>([0-9a-f]{64})</code></td></tr>").ToList();

        Assert.That(rows.Select(r => r.Groups[1].Value), Does.Contain(jsonName));
        Assert.Multiple(() =>
        {
            foreach (Match row in rows)
            {
                string path = Path.Combine(dir, row.Groups[1].Value);
                Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), Is.EqualTo(row.Groups[2].Value), row.Groups[1].Value);
            }
        });
    }

    [Test]
    public void Report_RunAndCompare_ManifestJsonListsReportHtmlWithItsHash()
    {
        foreach (string command in new[] { "run", "compare" })
        {
            using JsonDocument manifest = Json(command, "manifest.json");
            JsonElement entry = manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "report.html");
            byte[] page = File.ReadAllBytes(Path.Combine(DirectoryOf(command), "report.html"));
            Assert.That(entry.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(page))), command);
        }
    }

    [Test]
    public void Report_Run_SummaryNamesTheScenarioSha256()
    {
        using JsonDocument manifest = Json("run", "manifest.json");

        Assert.That(Page("run"), Does.Contain(manifest.RootElement.GetProperty("scenarioSha256").GetString()));
    }
}
