using System.Text;
using ExportFlow.Simulation.Analysis;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The charts of a comparison, each a PNG with a title, labelled axes and units, and beside it a CSV of
/// exactly the numbers it was drawn from (the same values as comparison.json). Every file is written to
/// a temporary path and renamed into place.
/// </summary>
internal static class Charts
{
    /// <summary>Default image width, pixels.</summary>
    public const int Width = 1000;

    /// <summary>Default image height, pixels.</summary>
    public const int Height = 650;

    /// <summary>Names of the charts, without extension, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names = ["leakage-cdf", "forest", "displacement", "tradeoff"];

    /// <summary>Writes every chart and its CSV into <paramref name="directory"/>.</summary>
    public static void WriteAll(string directory, Comparison comparison, int width = Width, int height = Height)
    {
        LeakageCdf(directory, comparison, width, height);
        Forest(directory, comparison, width, height);
        Displacement(directory, comparison, width, height);
        Tradeoff(directory, comparison, width, height);
    }

    private static string Horizon(Comparison c) => $"{c.QuantityUnit} per trial, total over {c.Periods} {c.PeriodUnit}(s)";

    private static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Leakage CDF of every run, overlaid, from the quantile sketches (q = 0.01…0.99).</summary>
    private static void LeakageCdf(string directory, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,q,leaked").AppendLine();
        using var plot = new Plot();
        for (int j = 0; j < c.Runs.Count; j++)
        {
            ComparedRun run = c.Runs[j];
            double[] xs = [.. run.LeakedQuantiles];
            double[] ys = [.. c.QuantileLevels];
            for (int i = 0; i < xs.Length; i++)
            {
                csv.Append(ComparisonCsv.Field(run.Label)).Append(',').Append(ComparisonCsv.Number(ys[i])).Append(',').Append(ComparisonCsv.Number(xs[i])).AppendLine();
            }

            if (xs.All(double.IsFinite))
            {
                var line = plot.Add.ScatterLine(xs, ys);
                line.LegendText = run.Label;
                line.LineWidth = 2;
                line.Color = ColorOf(j);
            }
        }

        plot.Title("Leakage distribution by run (CDF from the quantile sketch, q = 0.01 to 0.99)");
        plot.XLabel($"Leaked ({Horizon(c)})");
        plot.YLabel("Cumulative probability P(leaked ≤ x)");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        Save(directory, "leakage-cdf", plot, csv, width, height);
    }

    /// <summary>Forest plot: paired Δ leaked, mean and 95 % interval, one row per compared run.</summary>
    private static void Forest(string directory, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,meanDifference,differenceLow,differenceHigh").AppendLine();
        using var plot = new Plot();
        int n = c.Comparisons.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int j = 0; j < n; j++)
        {
            PolicyComparison p = c.Comparisons[j];
            var leak = p.Leakage;
            csv.Append(ComparisonCsv.Field(p.Label)).Append(',').Append(ComparisonCsv.Number(leak.MeanDifference)).Append(',')
                .Append(ComparisonCsv.Number(leak.DifferenceLow)).Append(',').Append(ComparisonCsv.Number(leak.DifferenceHigh)).AppendLine();
            double y = n - j;
            positions[j] = y;
            labels[j] = p.Label;
            if (double.IsFinite(leak.DifferenceLow) && double.IsFinite(leak.DifferenceHigh))
            {
                var ci = plot.Add.Line(leak.DifferenceLow, y, leak.DifferenceHigh, y);
                ci.LineWidth = 3;
                ci.LineColor = ColorOf(j + 1);
                var mean = plot.Add.Marker(leak.MeanDifference, y);
                mean.MarkerSize = 12;
                mean.Color = ColorOf(j + 1);
            }
        }

        var zero = plot.Add.VerticalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Gray;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        plot.Title($"Change in leakage against {c.Reference}: paired mean and 95% CI");
        plot.XLabel($"Δ leaked, compared − {c.Reference} ({Horizon(c)})");
        plot.YLabel(c.Kind == ComparisonKind.Policies ? "Policy" : "Scenario file");
        Save(directory, "forest", plot, csv, width, height);
    }

    /// <summary>Grouped bars: Δ leakage by source country, one bar per compared run.</summary>
    private static void Displacement(string directory, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,country,change,noise,targeted,share").AppendLine();
        int countries = c.Comparisons[0].BySourceCountry.Count;
        int[] shown = [.. Enumerable.Range(0, countries).Where(i =>
            c.Comparisons.Any(p => p.BySourceCountry[i].Change != 0) || c.Comparisons[0].BySourceCountry[i].Reference > 0)];
        using var plot = new Plot();
        int groups = c.Comparisons.Count;
        double barWidth = 0.8 / groups;
        var bars = new List<Bar>();
        for (int j = 0; j < groups; j++)
        {
            PolicyComparison p = c.Comparisons[j];
            foreach (BreakdownChange row in p.BySourceCountry)
            {
                csv.Append(ComparisonCsv.Field(p.Label)).Append(',').Append(ComparisonCsv.Field(row.Name)).Append(',')
                    .Append(ComparisonCsv.Number(row.Change)).Append(',').Append(ComparisonCsv.Number(row.Noise)).Append(',')
                    .Append(row.Targeted ? "true" : "false").Append(',').Append(ComparisonCsv.Number(row.Displacement ?? double.NaN)).AppendLine();
            }

            for (int g = 0; g < shown.Length; g++)
            {
                double change = p.BySourceCountry[shown[g]].Change;
                bars.Add(new Bar
                {
                    Position = g - 0.4 + (barWidth * (j + 0.5)),
                    Value = double.IsFinite(change) ? change : 0,
                    Size = barWidth * 0.9,
                    FillColor = ColorOf(j + 1),
                });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = p.Label, FillColor = ColorOf(j + 1) });
        }

        plot.Add.Bars(bars);
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, shown.Length).Select(g => (double)g)], [.. shown.Select(i => c.Comparisons[0].BySourceCountry[i].Name)]);
        plot.Title($"Displacement: change in leakage by source country against {c.Reference}");
        plot.XLabel("Source country (where the diverted units left from)");
        plot.YLabel($"Δ leaked ({Horizon(c)})");
        plot.ShowLegend(Edge.Right);
        Save(directory, "displacement", plot, csv, width, height);
    }

    /// <summary>Leakage avoided against legitimate deliveries lost, one labelled point per compared run, with 95 % intervals.</summary>
    private static void Tradeoff(string directory, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,leakageAvoided,leakageAvoidedLow,leakageAvoidedHigh,deliveriesLost,deliveriesLostLow,deliveriesLostHigh").AppendLine();
        using var plot = new Plot();
        var labels = new Dictionary<(double X, double Y), ScottPlot.Plottables.Text>();
        double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
        for (int j = 0; j < c.Comparisons.Count; j++)
        {
            PolicyComparison p = c.Comparisons[j];
            var leak = p.Leakage;
            var delivered = p.Delivered;
            double[] values = [-leak.MeanDifference, -leak.DifferenceHigh, -leak.DifferenceLow, -delivered.MeanDifference, -delivered.DifferenceHigh, -delivered.DifferenceLow];
            csv.Append(ComparisonCsv.Field(p.Label));
            foreach (double v in values)
            {
                csv.Append(',').Append(ComparisonCsv.Number(v));
            }

            csv.AppendLine();
            if (!values.All(double.IsFinite))
            {
                continue;
            }

            // Differences of sums of many terms leave rounding residues (1e-13) where the true change is
            // 0; drawn as they are, they would make an axis of identical "0" ticks.
            var (x, xLow, xHigh, y, yLow, yHigh) = (Snap(values[0]), Snap(values[1]), Snap(values[2]), Snap(values[3]), Snap(values[4]), Snap(values[5]));
            (xMin, xMax) = (Math.Min(xMin, xLow), Math.Max(xMax, xHigh));
            (yMin, yMax) = (Math.Min(yMin, yLow), Math.Max(yMax, yHigh));
            Color color = ColorOf(j + 1);
            var horizontal = plot.Add.Line(xLow, y, xHigh, y);
            horizontal.LineColor = color;
            var vertical = plot.Add.Line(x, yLow, x, yHigh);
            vertical.LineColor = color;
            var point = plot.Add.Marker(x, y);
            point.MarkerSize = 12;
            point.Color = color;

            // Runs at the same point share one label.
            if (labels.TryGetValue((x, y), out ScottPlot.Plottables.Text? shared))
            {
                shared.LabelText += ", " + p.Label;
                continue;
            }

            var text = plot.Add.Text(p.Label, x, y);
            text.LabelFontSize = 14;
            text.LabelOffsetX = 8;
            text.LabelOffsetY = -8;
            labels[(x, y)] = text;
        }

        // Both axes include the origin (no change); room for the labels to the right of the points;
        // a visible range when every change is 0.
        double xPad = xMax > xMin ? (xMax - xMin) : 1, yPad = yMax > yMin ? (yMax - yMin) : 1;
        plot.Axes.SetLimits(xMin - (0.05 * xPad), xMax + (0.25 * xPad), yMin - (0.1 * yPad), yMax + (0.1 * yPad));
        var xZero = plot.Add.VerticalLine(0);
        xZero.LinePattern = LinePattern.Dashed;
        xZero.Color = Colors.Gray;
        var yZero = plot.Add.HorizontalLine(0);
        yZero.LinePattern = LinePattern.Dashed;
        yZero.Color = Colors.Gray;
        plot.Title($"Trade-off against {c.Reference}: leakage avoided vs legitimate deliveries lost (95% CI)");
        plot.XLabel($"Leakage avoided, −Δ leaked ({Horizon(c)})");
        plot.YLabel($"Legitimate deliveries lost, −Δ delivered ({c.QuantityUnit} per trial)");
        Save(directory, "tradeoff", plot, csv, width, height);
    }

    /// <summary>0 for a rounding residue (|v| &lt; 10⁻⁶ units), else v.</summary>
    private static double Snap(double v) => Math.Abs(v) < 1e-6 ? 0.0 : v;

    private static void Save(string directory, string name, Plot plot, StringBuilder csv, int width, int height)
    {
        AtomicFile.WriteAllBytes(Path.Combine(directory, name + ".png"), plot.GetImageBytes(width, height, ImageFormat.Png));
        AtomicFile.WriteAllText(Path.Combine(directory, name + ".csv"), csv.ToString());
    }
}
