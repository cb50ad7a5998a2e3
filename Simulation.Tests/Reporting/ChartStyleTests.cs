using System.Xml.Linq;
using ExportFlow.Simulation.Reporting;
using ScottPlot;

namespace ExportFlow.Simulation.Tests.Reporting;

public class ChartStyleTests
{
    private static readonly string[] s_lineFiles = ["line.svg", "line.csv"];

    private static readonly string[] s_okabeIto = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

    [Test]
    public void Series_EveryColour_IsAnOkabeItoColourOtherThanBlack()
    {
        var colours = Enumerable.Range(0, 14).Select(i => ChartStyle.Series(i).ToHex().ToUpperInvariant()[..7]).ToList();

        Assert.That(colours, Is.All.AnyOf(s_okabeIto.Skip(1).ToArray()));
        Assert.That(colours.Take(7).Distinct().Count(), Is.EqualTo(7), "seven distinct colours before repeating");
    }

    [Test]
    public void Caption_NamesScenarioPolicySeedTrialsAndVersion()
    {
        string caption = ChartStyle.Caption("baseline-2024", "kyc", 42, 12_345, partial: true);

        Assert.That(caption, Does.Contain("baseline-2024").And.Contain("policy kyc").And.Contain("seed 42").And.Contain("12,345 trials (partial)")
            .And.Contain("exportflow " + ExportFlow.Simulation.Cli.CliApp.VersionText));
    }

    [Test]
    public void Wrap_LongCaption_BreaksAtSeparatorsIntoLinesThatFit()
    {
        string caption = ChartStyle.Caption("baseline-2024", string.Join(", ", Enumerable.Range(1, 12).Select(i => $"policy-number-{i}")), 1, 100);

        IReadOnlyList<string> lines = ChartStyle.Wrap(caption, 60);

        Assert.That(lines, Has.Count.GreaterThan(2));
        Assert.That(lines, Has.All.Length.LessThanOrEqualTo(60));
        Assert.That(string.Join(" ", lines), Is.EqualTo(caption));
    }

    [Test]
    public void WrapWords_TradeOffTitle_BreaksBetweenWordsIntoLinesOfTheCaptionsWidth()
    {
        const string title = "Trade-off against baseline: leakage avoided vs legitimate deliveries lost (bars: Monte Carlo 95% intervals of the means)";

        IReadOnlyList<string> lines = ChartStyle.WrapWords(title, ChartStyle.CaptionLine);

        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines, Has.All.Length.LessThanOrEqualTo(ChartStyle.CaptionLine));
        Assert.That(string.Join(" ", lines), Is.EqualTo(title));
        Assert.That(ChartStyle.WrapWords("short title", ChartStyle.CaptionLine).Single(), Is.EqualTo("short title"));
    }

    [Test]
    public void Place_PointsAtTheSamePlace_GiveLabelsThatDoNotOverlap()
    {
        var points = new List<(double, double, string)> { (1, 1, "alpha"), (1.001, 1, "beta"), (1, 0.999, "gamma-longer-label"), (5, 5, "far") };

        var placed = LabelPlacement.Place(points, new AxisLimits(0, 10, 0, 10), 1000, 650);

        Assert.That(placed, Has.Count.EqualTo(4));
        for (int i = 0; i < placed.Count; i++)
        {
            for (int j = i + 1; j < placed.Count; j++)
            {
                var (a, b) = (placed[i], placed[j]);
                bool overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
                Assert.That(overlap, Is.False, $"{a.Text} and {b.Text}");
            }
        }

        Assert.That(placed.Single(p => p.Text == "far").OffsetY, Is.Zero, "a label with room stays beside its point");
    }

    [Test]
    public void Save_SvgFormat_WritesAnSvgOfTheGivenSizeAndKeepsItForTheReport()
    {
        string dir = Directory.CreateTempSubdirectory("exportflow-chart-").FullName;
        var writer = new ChartWriter(dir, ChartFormat.Svg);
        using var plot = new Plot();
        plot.Add.Line(0, 0, 1, 1);

        writer.Save("line", plot, 640, 480, "x,y\n0,0\n", "A line");

        XElement svg = XElement.Load(Path.Combine(dir, "line.svg"));
        Assert.Multiple(() =>
        {
            Assert.That(((string?)svg.Attribute("width"), (string?)svg.Attribute("height")), Is.EqualTo(("640", "480")));
            Assert.That(writer.Files, Is.EqualTo(s_lineFiles));
            Assert.That(writer.Charts.Single().Svg, Does.Contain("<svg"));
            Assert.That(File.Exists(Path.Combine(dir, "line.png")), Is.False);
        });
    }
}
