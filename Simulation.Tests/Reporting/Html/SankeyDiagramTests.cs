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
}
