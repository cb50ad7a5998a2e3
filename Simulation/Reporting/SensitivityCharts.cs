using ExportFlow.Simulation.Analysis.Sensitivity;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The charts of <c>exportflow sensitivity</c>: tornado.png (swings) and sobol.png (indices with interval whiskers), written atomically.</summary>
internal static class SensitivityCharts
{
    /// <summary>The files the charts may write.</summary>
    public static readonly IReadOnlyList<string> Files = ["tornado.png", "sobol.png"];

    /// <summary>Writes the charts the report has data for into <paramref name="directory"/>.</summary>
    public static void WriteAll(string directory, SensitivityReport report, int width = Charts.Width, int height = Charts.Height)
    {
        if (report.Swing is { Count: > 0 } swing)
        {
            Tornado(directory, report, swing, width, height);
        }

        if (report.SobolFirst is { Count: > 0 } first && report.SobolTotal is { } total)
        {
            Sobol(directory, report, first, total, width, height);
        }
    }

    private static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static void Tornado(string directory, SensitivityReport report, IReadOnlyList<SensitivityRow> rows, int width, int height)
    {
        using var plot = new Plot();
        int n = rows.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int j = 0; j < n; j++)
        {
            SensitivityRow r = rows[j];
            double y = n - j;
            positions[j] = y;
            labels[j] = r.Input;
            plot.Add.Bar(new Bar
            {
                Position = y,
                ValueBase = 0,
                Value = double.IsFinite(r.Estimate) ? r.Estimate : 0,
                Size = 0.7,
                FillColor = ColorOf(r.Estimate >= 0 ? 3 : 0),
                Error = 0,
                Orientation = Orientation.Horizontal,
            });
            if (double.IsFinite(r.Low) && double.IsFinite(r.High))
            {
                var ci = plot.Add.Line(r.Low, y, r.High, y);
                ci.LineWidth = 2;
                ci.LineColor = Colors.Black;
            }
        }

        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        plot.Title($"Tornado: mean swing in {report.Outcome} from each input's q10 to q90 (95% paired t interval)");
        plot.XLabel($"Change in mean {report.Outcome} (per trial, whole horizon)");
        plot.YLabel("Input");
        AtomicFile.WriteAllBytes(Path.Combine(directory, "tornado.png"), plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    private static void Sobol(string directory, SensitivityReport report, IReadOnlyList<SensitivityRow> first, IReadOnlyList<SensitivityRow> total, int width, int height)
    {
        using var plot = new Plot();
        int n = first.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int i = 0; i < n; i++)
        {
            double y = n - i;
            positions[i] = y;
            labels[i] = first[i].Input;
            Whisker(plot, y + 0.18, first[i], 0);
            Whisker(plot, y - 0.18, total[i], 1);
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "first order S_i", FillColor = ColorOf(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "total order S_Ti", FillColor = ColorOf(1) });
        plot.ShowLegend(Alignment.UpperRight);
        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        plot.Title($"Sobol indices of {report.Outcome} (N = {report.Trials:N0}; whiskers: 95% bootstrap percentile interval)");
        plot.XLabel("Share of the outcome's variance");
        plot.YLabel("Input");
        AtomicFile.WriteAllBytes(Path.Combine(directory, "sobol.png"), plot.GetImageBytes(width, Math.Max(height, 120 + (30 * n)), ImageFormat.Png));
    }

    private static void Whisker(Plot plot, double y, SensitivityRow r, int color)
    {
        plot.Add.Bar(new Bar
        {
            Position = y,
            Value = double.IsFinite(r.Estimate) ? r.Estimate : 0,
            Size = 0.34,
            FillColor = ColorOf(color),
            Orientation = Orientation.Horizontal,
        });
        if (double.IsFinite(r.Low) && double.IsFinite(r.High))
        {
            var ci = plot.Add.Line(r.Low, y, r.High, y);
            ci.LineWidth = 2;
            ci.LineColor = Colors.Black;
        }
    }
}
