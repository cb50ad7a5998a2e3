using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ExportFlow.Simulation.Reporting.Html;

namespace ExportFlow.Simulation.Tests.Reporting.Html;

public class SankeyDiagramTests
{
    private static readonly string[] s_values = ["100", "300", "50"];
    private static readonly string[] s_drawn = ["s", "a", "b", "r"];
    private static readonly SankeyDiagram.Node[] s_nodes = [new("s", "Suppliers", 0), new("a", "AA", 1), new("b", "BB", 1), new("z", "ZZ", 1), new("r", "R", 2)];

    [Test]
    public void Render_Links_AreBandsAsWideAsTheirValuesWithoutZeroLinks()
    {
        SankeyDiagram.Link[] links = [new("s", "a", 100, false), new("s", "b", 300, false), new("s", "z", 0, false), new("a", "r", 50, true)];

        XElement svg = XElement.Parse(SankeyDiagram.Render(s_nodes, links, "units"));
        var paths = svg.Descendants().Where(e => e.Name.LocalName == "path").ToList();
        var heights = svg.Descendants().Where(e => e.Name.LocalName == "rect" && e.Attribute("data-node") is not null)
            .ToDictionary(e => (string)e.Attribute("data-node")!, e => double.Parse((string)e.Attribute("height")!, CultureInfo.InvariantCulture));

        Assert.Multiple(() =>
        {
            Assert.That(paths.Select(p => (string?)p.Attribute("data-value")), Is.EqualTo(s_values));
            Assert.That(heights.Keys, Is.EquivalentTo(s_drawn), "a node with no flow is left out");
            Assert.That(heights["b"] / heights["a"], Is.EqualTo(3).Within(1e-6), "node heights in proportion to their flows");
            Assert.That(heights["s"] / heights["a"], Is.EqualTo(4).Within(1e-6));
            Assert.That(paths.Last().Attribute("fill")!.Value, Is.EqualTo("#D55E00"), "illicit links in vermillion");
        });
    }

    [Test]
    public void Render_NoFlow_SaysSo()
    {
        string svg = SankeyDiagram.Render(s_nodes, [new("s", "a", 0, false)], "units");

        Assert.That(svg, Does.Contain("No flow in any trial"));
        Assert.That(Regex.Count(svg, "<path"), Is.Zero);
    }

    [Test]
    public void Render_LongMiddleLabels_EndBeforeTheNextColumnWithTheWholeLabelInTheTooltip()
    {
        SankeyDiagram.Node[] nodes =
        [
            new("s", "Suppliers", 0),
            new("m", "Singapore-registered distributors and system integrators of the region", 1),
            new("n", "Short", 1),
            new("e", "Malaysian data-centre builders and cloud resellers", 2),
            new("r", "PRC", 3),
        ];
        SankeyDiagram.Link[] links = [new("s", "m", 123_456, false), new("s", "n", 1_000, false), new("m", "e", 100_000, false), new("e", "r", 50_000, true), new("n", "r", 10, true)];

        XElement svg = XElement.Parse(SankeyDiagram.Render(nodes, links, "units"));
        var rects = svg.Descendants().Where(e => e.Name.LocalName == "rect" && e.Attribute("data-node") is not null)
            .ToDictionary(e => (string)e.Attribute("data-node")!, e => double.Parse((string)e.Attribute("x")!, CultureInfo.InvariantCulture));
        var labels = svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("data-node") is not null).ToList();
        double step = rects["e"] - rects["m"];

        Assert.Multiple(() =>
        {
            foreach (XElement label in labels)
            {
                string node = (string)label.Attribute("data-node")!;
                string shown = string.Concat(label.Nodes().OfType<XText>().Select(t => t.Value));
                string tooltip = label.Elements().Single(e => e.Name.LocalName == "title").Value;
                double x = double.Parse((string)label.Attribute("x")!, CultureInfo.InvariantCulture);
                Assert.That(tooltip, Does.StartWith(nodes.Single(n => n.Id == node).Label), "the whole label in the tooltip");
                Assert.That(shown, Does.EndWith(")"), "the value is always shown");
                if (node != "r")
                {
                    Assert.That(x + (shown.Length * SankeyDiagram.CharWidth), Is.LessThanOrEqualTo(rects[node] + step), $"label of {node} ends before the next column");
                }
            }

            string middle = string.Concat(labels.Single(l => (string)l.Attribute("data-node")! == "m").Nodes().OfType<XText>().Select(t => t.Value));
            Assert.That(middle, Does.Contain("…").And.EndWith($"({HtmlText.Number(123_456)})"));
            Assert.That(string.Concat(labels.Single(l => (string)l.Attribute("data-node")! == "n").Nodes().OfType<XText>().Select(t => t.Value)), Is.EqualTo($"Short ({HtmlText.Number(1_000)})"), "a label that fits is whole");
        });
    }

    [TestCase("Singapore", "1,234", 40, "Singapore (1,234)")]
    [TestCase("Singapore distributors", "1,234", 16, "Singapo… (1,234)")]
    [TestCase("Singapore", "123,456,789", 8, "Singapo…")]
    public void Fit_KeepsTheValueAndShortensTheLabel(string label, string value, int max, string expected)
    {
        string fitted = SankeyDiagram.Fit(label, value, max);

        Assert.That(fitted, Is.EqualTo(expected));
        Assert.That(fitted, Has.Length.LessThanOrEqualTo(max));
    }
}
