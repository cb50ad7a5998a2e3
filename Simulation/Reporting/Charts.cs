using System.Text;
using ExportFlow.Simulation.Analysis;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The charts of a comparison, each a PNG or SVG with a title, a caption (scenario, policies, seed, trials,
/// version), labelled axes and units in the Okabe–Ito palette, and beside it a CSV of exactly the numbers it
/// was drawn from (the same values as comparison.json). Every file is written to a temporary path and renamed
/// into place.
/// </summary>
internal static class Charts
{
    /// <summary>Default image width, pixels.</summary>
    public const int Width = 1000;

    /// <summary>Default image height, pixels.</summary>
    public const int Height = 650;

    /// <summary>Names of the charts, without extension, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names = ["leakage-cdf", "forest", "displacement", "tradeoff"];

    /// <summary>Writes every chart and its CSV into <paramref name="directory"/> as PNG.</summary>
    public static void WriteAll(string directory, Comparison comparison, int width = Width, int height = Height) =>
        WriteAll(new ChartWriter(directory), comparison, width, height);

    /// <summary>Writes every chart and its CSV with <paramref name="writer"/>.</summary>
    public static void WriteAll(ChartWriter writer, Comparison comparison, int width = Width, int height = Height)
    {
        LeakageCdf(writer, comparison, width, height);
        Forest(writer, comparison, width, height);
        Displacement(writer, comparison, width, height);
        Tradeoff(writer, comparison, width, height);
    }

    private static string Horizon(Comparison c) => $"{c.QuantityUnit} per trial, total over {c.Periods} {c.PeriodUnit}(s)";

    /// <summary>Colour of run <paramref name="index"/> of <see cref="Comparison.Runs"/>: black for the reference.</summary>
    private static Color ColorOf(int index) => index == 0 ? ChartStyle.Reference : ChartStyle.Series(index - 1);

    /// <summary>The caption of a comparison's charts.</summary>
    private static string Caption(Comparison c)
    {
        string scenario = string.Join(" vs ", c.Runs.Select(r => r.Scenario).Distinct(StringComparer.Ordinal));
        string policies = string.Join(", ", c.Comparisons.Select(p => p.Label)) + " against " + c.Reference;
        return ChartStyle.Caption(scenario, policies, c.Seed, c.Trials, c.Partial);
    }

    /// <summary>Leakage CDF of every run, overlaid, from the quantile sketches (q = 0.01…0.99).</summary>
    private static void LeakageCdf(ChartWriter writer, Comparison c, int width, int height)
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

            if (xs.All(double.IsFinite) && j > 0)
            {
                var line = plot.Add.ScatterLine(xs, ys);
                line.LegendText = run.Label;
                line.LineWidth = 3;
                line.MarkerSize = 0;
                line.Color = ColorOf(j);
            }
        }

        // The reference last, so it is drawn on top: black and dashed, it stays visible over an identical line.
        double[] reference = [.. c.Runs[0].LeakedQuantiles];
        if (reference.All(double.IsFinite))
        {
            var line = plot.Add.ScatterLine(reference, [.. c.QuantileLevels]);
            line.LegendText = c.Reference + " (reference)";
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LinePattern = LinePattern.Dashed;
            line.Color = ChartStyle.Reference;
        }

        ChartStyle.Title(plot, "Leakage distribution by run (CDF from the quantile sketch, q = 0.01 to 0.99)", Caption(c));
        plot.XLabel($"Leaked ({Horizon(c)})");
        plot.YLabel("Cumulative probability P(leaked ≤ x)");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        writer.Save("leakage-cdf", plot, width, height, csv.ToString(), "Leakage distribution by run (CDF)");
    }

    /// <summary>
    /// Forest plot of the paired Δ leaked, one row per compared run: thin whiskers from the 5th to the 95th
    /// percentile of the trial-by-trial difference (the effect's spread over trials), a thick bar for the
    /// Monte Carlo 95% interval of its mean (the precision of the estimate), and a dot at the mean.
    /// </summary>
    private static void Forest(ChartWriter writer, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,meanDifference,differenceLow,differenceHigh,spreadP05,spreadP95").AppendLine();
        using var plot = new Plot();
        int n = c.Comparisons.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int j = 0; j < n; j++)
        {
            PolicyComparison p = c.Comparisons[j];
            var leak = p.Leakage;
            csv.Append(ComparisonCsv.Field(p.Label)).Append(',').Append(ComparisonCsv.Number(leak.MeanDifference)).Append(',')
                .Append(ComparisonCsv.Number(leak.DifferenceLow)).Append(',').Append(ComparisonCsv.Number(leak.DifferenceHigh)).Append(',')
                .Append(ComparisonCsv.Number(leak.DifferenceP05)).Append(',').Append(ComparisonCsv.Number(leak.DifferenceP95)).AppendLine();
            double y = n - j;
            positions[j] = y;
            labels[j] = p.Label;
            Color color = ColorOf(j + 1);
            if (double.IsFinite(leak.DifferenceP05) && double.IsFinite(leak.DifferenceP95))
            {
                var spread = plot.Add.Line(leak.DifferenceP05, y, leak.DifferenceP95, y);
                spread.LineWidth = 2;
                spread.LineColor = color;
                foreach (double end in new[] { leak.DifferenceP05, leak.DifferenceP95 })
                {
                    var cap = plot.Add.Line(end, y - 0.12, end, y + 0.12);
                    cap.LineWidth = 2;
                    cap.LineColor = color;
                }
            }

            if (double.IsFinite(leak.DifferenceLow) && double.IsFinite(leak.DifferenceHigh))
            {
                var ci = plot.Add.Line(leak.DifferenceLow, y, leak.DifferenceHigh, y);
                ci.LineWidth = 10;
                ci.LineColor = color;
                var mean = plot.Add.Marker(leak.MeanDifference, y);
                mean.MarkerSize = 12;
                mean.Color = Colors.Black;
            }
        }

        var zero = plot.Add.VerticalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = ChartStyle.Grey;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "whiskers: 5th–95th percentile of the trial-by-trial Δ (spread over trials)", LineColor = Colors.Black, LineWidth = 2 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "thick bar: Monte Carlo 95% interval of the mean Δ (precision)", LineColor = Colors.Black, LineWidth = 10 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dot: mean Δ", MarkerShape = MarkerShape.FilledCircle, MarkerColor = Colors.Black, MarkerSize = 10 });
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        ChartStyle.Title(plot, $"Change in leakage against {c.Reference}: spread over trials and precision of the mean", Caption(c));
        plot.XLabel($"Δ leaked, compared − {c.Reference} ({Horizon(c)})");
        plot.YLabel(c.Kind == ComparisonKind.Policies ? "Policy" : "Scenario file");
        writer.Save("forest", plot, width, height, csv.ToString(), "Change in leakage (forest plot)");
    }

    /// <summary>Grouped bars: Δ leakage by source country, one bar per compared run.</summary>
    private static void Displacement(ChartWriter writer, Comparison c, int width, int height)
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
        zero.Color = ChartStyle.Grey;
        zero.LineWidth = 1;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, shown.Length).Select(g => (double)g)], [.. shown.Select(i => c.Comparisons[0].BySourceCountry[i].Name)]);
        ChartStyle.Title(plot, $"Displacement: change in leakage by source country against {c.Reference}", Caption(c));
        plot.XLabel("Source country (where the diverted units left from)");
        plot.YLabel($"Δ leaked ({Horizon(c)})");
        plot.ShowLegend(Edge.Right);
        writer.Save("displacement", plot, width, height, csv.ToString(), "Displacement by source country");
    }

    /// <summary>Leakage avoided against legitimate deliveries lost, one labelled point per compared run, with 95 % intervals.</summary>
    private static void Tradeoff(ChartWriter writer, Comparison c, int width, int height)
    {
        var csv = new StringBuilder("run,leakageAvoided,leakageAvoidedLow,leakageAvoidedHigh,deliveriesLost,deliveriesLostLow,deliveriesLostHigh").AppendLine();
        using var plot = new Plot();
        var points = new List<(double X, double Y, string Label, Color Color)>();
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
            int same = points.FindIndex(q => q.X == x && q.Y == y);
            if (same >= 0)
            {
                points[same] = points[same] with { Label = points[same].Label + ", " + p.Label };
            }
            else
            {
                points.Add((x, y, p.Label, color));
            }
        }

        // Both axes include the origin (no change); room for the labels to the right of the points;
        // a visible range when every change is 0.
        double xPad = xMax > xMin ? (xMax - xMin) : 1, yPad = yMax > yMin ? (yMax - yMin) : 1;
        AxisLimits limits = new(xMin - (0.05 * xPad), xMax + (0.35 * xPad), yMin - (0.1 * yPad), yMax + (0.1 * yPad));
        plot.Axes.SetLimits(limits);
        foreach (LabelPlacement.Placed label in LabelPlacement.Place(points.Select(q => (q.X, q.Y, q.Label)).ToList(), limits, width, height))
        {
            var text = plot.Add.Text(label.Text, label.X, label.Y);
            text.LabelFontSize = LabelPlacement.FontSize;
            text.LabelFontColor = Colors.Black;
            text.LabelOffsetX = (float)label.OffsetX;
            text.LabelOffsetY = (float)label.OffsetY;
            text.LabelAlignment = Alignment.MiddleLeft;
        }

        var xZero = plot.Add.VerticalLine(0);
        xZero.LinePattern = LinePattern.Dashed;
        xZero.Color = ChartStyle.Grey;
        var yZero = plot.Add.HorizontalLine(0);
        yZero.LinePattern = LinePattern.Dashed;
        yZero.Color = ChartStyle.Grey;
        ChartStyle.Title(plot, $"Trade-off against {c.Reference}: leakage avoided vs legitimate deliveries lost (bars: Monte Carlo 95% intervals of the means)", Caption(c));
        plot.XLabel($"Leakage avoided, −Δ leaked ({Horizon(c)})");
        plot.YLabel($"Legitimate deliveries lost, −Δ delivered ({c.QuantityUnit} per trial)");
        writer.Save("tradeoff", plot, width, height, csv.ToString(), "Trade-off: leakage avoided vs deliveries lost");
    }

    /// <summary>0 for a rounding residue (|v| &lt; 10⁻⁶ units), else v.</summary>
    private static double Snap(double v) => Math.Abs(v) < 1e-6 ? 0.0 : v;
}
