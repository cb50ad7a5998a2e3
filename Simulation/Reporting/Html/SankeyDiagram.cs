using System.Globalization;
using System.Text;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>
/// A Sankey diagram drawn as plain SVG: nodes in columns, each as tall as the larger of its inflow and outflow,
/// and links as bands as wide as their values. Every link carries its exact value in <c>data-value</c>.
/// </summary>
internal static class SankeyDiagram
{
    /// <summary>A node: its id, label and column (0 = left).</summary>
    public sealed record Node(string Id, string Label, int Column);

    /// <summary>A link of <paramref name="Value"/> units from one node to another; <paramref name="Illicit"/> colours it.</summary>
    public sealed record Link(string From, string To, double Value, bool Illicit);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The diagram as an <c>&lt;svg&gt;</c> element; links of value 0 or less are left out.</summary>
    public static string Render(IReadOnlyList<Node> nodes, IReadOnlyList<Link> links, string unit, int width = 1000, int height = 560)
    {
        links = [.. links.Where(l => l.Value > 0 && double.IsFinite(l.Value))];
        var used = new HashSet<string>(links.SelectMany(l => new[] { l.From, l.To }), StringComparer.Ordinal);
        nodes = [.. nodes.Where(n => used.Contains(n.Id))];
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sankey\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Mean flows through the network\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        if (links.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\" font-size=\"16\">No flow in any trial</text></svg>");
            return svg.ToString();
        }

        double Value(Node n) => Math.Max(links.Where(l => l.To == n.Id).Sum(l => l.Value), links.Where(l => l.From == n.Id).Sum(l => l.Value));
        int columns = nodes.Max(n => n.Column) + 1;
        const double nodeWidth = 16, top = 20, bottom = 20, gap = 14, left = 10;

        // Room on the right for the last column's labels (about 7.5 pixels a character at 13 px).
        double labelRoom = 30 + (CharWidth * nodes.Where(n => n.Column == columns - 1).Max(n => $"{n.Label} ({HtmlText.Number(Value(n))})".Length));
        double available = height - top - bottom;
        double scale = Enumerable.Range(0, columns)
            .Select(c => nodes.Where(n => n.Column == c).ToList())
            .Where(col => col.Count > 0)
            .Min(col => (available - (gap * (col.Count - 1))) / Math.Max(1e-300, col.Sum(Value)));
        double step = columns > 1 ? (width - left - labelRoom - nodeWidth) / (columns - 1) : 0;
        var box = new Dictionary<string, (double X, double Y, double H)>(StringComparer.Ordinal);
        for (int c = 0; c < columns; c++)
        {
            double y = top;
            foreach (Node n in nodes.Where(n => n.Column == c))
            {
                double h = Math.Max(1, Value(n) * scale);
                box[n.Id] = (left + (c * step), y, h);
                y += h + gap;
            }
        }

        var outOffset = nodes.ToDictionary(n => n.Id, _ => 0.0, StringComparer.Ordinal);
        var inOffset = nodes.ToDictionary(n => n.Id, _ => 0.0, StringComparer.Ordinal);
        svg.Append("<g class=\"links\">");
        foreach (Link l in links)
        {
            var (fx, fy, _) = box[l.From];
            var (tx, ty, _) = box[l.To];
            double w = l.Value * scale;
            double x0 = fx + nodeWidth, y0 = fy + outOffset[l.From], x1 = tx, y1 = ty + inOffset[l.To], xm = (x0 + x1) / 2;
            outOffset[l.From] += w;
            inOffset[l.To] += w;
            string colour = l.Illicit ? "#D55E00" : "#0072B2";
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"link\" data-from=\"{HtmlText.Escape(l.From)}\" data-to=\"{HtmlText.Escape(l.To)}\" data-value=\"{HtmlText.Exact(l.Value)}\" data-illicit=\"{(l.Illicit ? "true" : "false")}\" ")
                .Append(CultureInfo.InvariantCulture, $"d=\"M{F(x0)},{F(y0)} C{F(xm)},{F(y0)} {F(xm)},{F(y1)} {F(x1)},{F(y1)} L{F(x1)},{F(y1 + w)} C{F(xm)},{F(y1 + w)} {F(xm)},{F(y0 + w)} {F(x0)},{F(y0 + w)} Z\" ")
                .Append(CultureInfo.InvariantCulture, $"fill=\"{colour}\" fill-opacity=\"0.45\" stroke=\"{colour}\" stroke-opacity=\"0.8\" stroke-width=\"0.5\">")
                .Append("<title>").Append(HtmlText.Escape($"{LabelOf(nodes, l.From)} → {LabelOf(nodes, l.To)}: {HtmlText.Number(l.Value)} {unit} per trial (mean)")).Append("</title></path>");
        }

        svg.Append("</g><g class=\"nodes\">");
        foreach (Node n in nodes)
        {
            var (x, y, h) = box[n.Id];
            string full = $"{n.Label} ({HtmlText.Number(Value(n))})";
            // A label left of the last column must end before the next column's nodes: shortened with "…" (the value
            // kept) to the characters that fit, the whole label in its tooltip; a white halo keeps it legible over links.
            string shown = n.Column == columns - 1 ? full : Fit(n.Label, HtmlText.Number(Value(n)), MaxChars(step - nodeWidth - 12));
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"node\" data-node=\"{HtmlText.Escape(n.Id)}\" x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(nodeWidth)}\" height=\"{F(h)}\" fill=\"#333333\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"label\" data-node=\"{HtmlText.Escape(n.Id)}\" x=\"{F(x + nodeWidth + 6)}\" y=\"{F(y + (h / 2) + 5)}\" font-size=\"13\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">")
                .Append("<title>").Append(HtmlText.Escape(full)).Append("</title>")
                .Append(HtmlText.Escape(shown)).Append("</text>");
        }

        return svg.Append("</g></svg>").ToString();
    }

    /// <summary>Width of one character of a 13-pixel label, in pixels (an upper estimate for the report's sans-serif font).</summary>
    internal const double CharWidth = 7.5;

    private static int MaxChars(double pixels) => Math.Max(4, (int)Math.Floor(pixels / CharWidth));

    /// <summary>"label (value)" in at most <paramref name="max"/> characters: the label shortened with "…", the value kept.</summary>
    internal static string Fit(string label, string value, int max)
    {
        string full = $"{label} ({value})";
        if (full.Length <= max)
        {
            return full;
        }

        int room = max - value.Length - 4; // " (", ")" and "…"
        return room >= 1 ? $"{label[..room]}… ({value})" : $"{label[..Math.Min(label.Length, Math.Max(1, max - 1))]}…";
    }

    private static string LabelOf(IReadOnlyList<Node> nodes, string id) => nodes.FirstOrDefault(n => n.Id == id)?.Label ?? id;
}
