using System.Text.Json;
using System.Text.RegularExpressions;
using SkiaSharp;
using static ExportFlow.Simulation.Tests.Reporting.Html.ReportOutputs;

namespace ExportFlow.Simulation.Tests.Reporting.Html;

/// <summary>report.html opened in a real headless Chromium: it loads cleanly, shows every section, draws something, and shows the JSON's numbers.</summary>
[NonParallelizable]
public class BrowserTests
{
    private static string PageOf(string command) => Path.Combine(DirectoryOf(command), "report.html");

    /// <summary>Share of pixels that are not white, and the number of distinct colours, of a PNG.</summary>
    private static (double Inked, int Colours) Ink(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.That(bitmap, Is.Not.Null, "the screenshot decodes as PNG");
        var colours = new HashSet<uint>();
        long inked = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                SKColor c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (c.Red < 240 || c.Green < 240 || c.Blue < 240)
                {
                    inked++;
                }
            }
        }

        return ((double)inked / (((bitmap.Width + 1) / 2) * ((bitmap.Height + 1) / 2)), colours.Count);
    }

    [TestCaseSource(typeof(ReportOutputs), nameof(Commands))]
    public void Report_InChromium_LoadsWithoutConsoleMessagesAndShowsEverySection(string command, string jsonName)
    {
        HeadlessChromium.Require();
        var (dom, console) = HeadlessChromium.DumpDom(PageOf(command));
        string[] sections = command is "run" or "compare" ? ["summary", "tables", "charts", "flows", "manifest"] : ["summary", "tables", "charts", "manifest"];
        int charts = Regex.Count(File.ReadAllText(PageOf(command)), "<figure id=\"chart-");

        Assert.Multiple(() =>
        {
            Assert.That(console, Is.Empty, "console messages (errors) while loading");
            foreach (string id in sections)
            {
                Assert.That(dom, Does.Contain($"<section id=\"{id}\">"), id);
            }

            Assert.That(Regex.Count(dom, "<figure id=\"chart-[^\"]+\" class=\"chart\"><svg"), Is.EqualTo(charts).And.GreaterThan(0), "every chart is an inline SVG in the DOM");
            Assert.That(dom, Does.Contain(jsonName));
        });
    }

    [Test]
    public void ConsoleLines_PageWithAScriptError_AreFound()
    {
        // The check above must be able to fail: a page that throws is caught.
        HeadlessChromium.Require();
        string page = Path.Combine(Directory.CreateTempSubdirectory("exportflow-page-").FullName, "bad.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");

        var (_, console) = HeadlessChromium.DumpDom(page);

        Assert.That(console, Has.Some.Contains("Uncaught"));
    }

    [TestCase("run")]
    [TestCase("compare")]
    public void Report_InChromium_ScreenshotIsNotBlank(string command)
    {
        HeadlessChromium.Require();
        string png = Path.Combine(Directory.CreateTempSubdirectory("exportflow-shot-").FullName, "report.png");

        HeadlessChromium.Screenshot(PageOf(command), png, 1200, 3000);

        var (inked, colours) = Ink(png);
        Assert.Multiple(() =>
        {
            Assert.That(inked, Is.GreaterThan(0.03), "share of non-white pixels");
            Assert.That(colours, Is.GreaterThan(50), "distinct colours (text, charts, flows)");
        });
    }

    [Test]
    public void Ink_BlankPage_IsJudgedBlank()
    {
        // The screenshot check must be able to fail: an empty page has one colour and no ink.
        HeadlessChromium.Require();
        string dir = Directory.CreateTempSubdirectory("exportflow-shot-").FullName, page = Path.Combine(dir, "blank.html"), png = Path.Combine(dir, "blank.png");
        File.WriteAllText(page, "<!DOCTYPE html><html><body style=\"background:#fff\"></body></html>");

        HeadlessChromium.Screenshot(page, png, 400, 300);

        var (inked, colours) = Ink(png);
        Assert.That((inked, colours), Is.EqualTo((0.0, 1)));
    }

    [TestCase("run", "summary.json")]
    [TestCase("compare", "comparison.json")]
    [TestCase("calibrate", "calibration.json")]
    public void Report_InChromium_NumbersInTheDomMatchTheJson(string command, string jsonName)
    {
        HeadlessChromium.Require();
        var (dom, _) = HeadlessChromium.DumpDom(PageOf(command));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DirectoryOf(command), jsonName)));
        var cells = NumberCells(dom);

        Assert.That(cells, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in cells)
            {
                Assert.That(value, Is.EqualTo(At(json.RootElement, key)).Within(1e-12).Percent, key);
            }
        });
    }
}
