using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// Places point labels so that no two overlap: each label starts to the right of its point, and labels whose
/// boxes would overlap are pushed down, one text line at a time, in pixel space (estimated from the axis limits
/// and the image size).
/// </summary>
internal static class LabelPlacement
{
    /// <summary>Font size of the labels, pixels.</summary>
    public const float FontSize = 14;

    private const double LineHeight = FontSize * 1.4;
    private const double CharWidth = FontSize * 0.62;
    private const double Gap = 10;

    /// <summary>A placed label: its anchor point (data units) and its offset from it (pixels, y down).</summary>
    public readonly record struct Placed(string Text, double X, double Y, double OffsetX, double OffsetY, double Left, double Top, double Right, double Bottom);

    /// <summary>Places the labels of <paramref name="points"/> on a chart of the given size and limits.</summary>
    public static IReadOnlyList<Placed> Place(IReadOnlyList<(double X, double Y, string Text)> points, AxisLimits limits, int width, int height)
    {
        // The data area is the image less the margins ScottPlot keeps for the title, ticks and axis labels.
        double plotWidth = Math.Max(1, width - 140), plotHeight = Math.Max(1, height - 170);
        double xSpan = limits.Right - limits.Left, ySpan = limits.Top - limits.Bottom;
        xSpan = xSpan > 0 ? xSpan : 1;
        ySpan = ySpan > 0 ? ySpan : 1;
        var placed = new List<Placed>();
        foreach (var p in points.OrderByDescending(p => p.Y).ThenBy(p => p.X))
        {
            double px = (p.X - limits.Left) / xSpan * plotWidth, py = (limits.Top - p.Y) / ySpan * plotHeight;
            double left = px + Gap, right = left + (p.Text.Length * CharWidth), top = py - (LineHeight / 2), offsetY = 0;
            while (placed.Any(o => left < o.Right && o.Left < right && top < o.Bottom && o.Top < top + LineHeight))
            {
                top += LineHeight;
                offsetY += LineHeight;
            }

            placed.Add(new Placed(p.Text, p.X, p.Y, Gap, offsetY, left, top, right, top + LineHeight));
        }

        return placed;
    }
}
