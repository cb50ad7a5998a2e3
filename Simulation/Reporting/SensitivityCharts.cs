using ExportFlow.Simulation.Analysis.Sensitivity;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The charts of <c>exportflow sensitivity</c>: tornado (swings) and sobol (indices with interval whiskers), PNG or SVG, written atomically.</summary>
internal static class SensitivityCharts
{
    /// <summary>The names of the charts, without extension.</summary>
    public static readonly IReadOnlyList<string> Names = ["tornado", "sobol"];

    /// <summary>Writes the charts the report has data for into <paramref name="directory"/> as PNG.</summary>
    public static void WriteAll(string directory, SensitivityReport report, int width = Charts.Width, int height = Charts.Height) =>
        WriteAll(new ChartWriter(directory), report, width, height);

    /// <summary>Writes the charts the report has data for with <paramref name="writer"/>.</summary>
    public static void WriteAll(ChartWriter writer, SensitivityReport report, int width = Charts.Width, int height = Charts.Height)
    {
        if (report.Swing is { Count: > 0 } swing)
        {
            Tornado(writer, report, swing, width, height);
        }

        if (report.SobolFirst is { Count: > 0 } first && report.SobolTotal is { } total)
        {
            Sobol(writer, report, first, total, width, height);
        }
    }

    private static Color ColorOf(int index) => ChartStyle.Series(index);

    private static string Caption(SensitivityReport report) =>
        ChartStyle.Caption(report.Scenario, report.Policy, report.Seed, report.Trials);

    private static void Tornado(ChartWriter writer, SensitivityReport report, IReadOnlyList<SensitivityRow> rows, int width, int height)
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
                LineColor = ColorOf(r.Estimate >= 0 ? 3 : 0),
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
        ChartStyle.Title(plot, $"Tornado: mean swing in {report.Outcome} from each input's q10 to q90 (95% paired t interval)", Caption(report));
        plot.XLabel($"Change in mean {report.Outcome} (per trial, whole horizon)");
        plot.YLabel("Input");
        writer.Save("tornado", plot, width, height, null, "Tornado: swing of each input");
    }

    private static void Sobol(ChartWriter writer, SensitivityReport report, IReadOnlyList<SensitivityRow> first, IReadOnlyList<SensitivityRow> total, int width, int height)
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
        ChartStyle.Title(plot, $"Sobol indices of {report.Outcome} (N = {report.Trials:N0}; whiskers: 95% bootstrap percentile interval)", Caption(report));
        plot.XLabel("Share of the outcome's variance");
        plot.YLabel("Input");
        writer.Save("sobol", plot, width, Math.Max(height, 120 + (30 * n)), null, "Sobol indices");
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
