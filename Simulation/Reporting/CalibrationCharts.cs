using ExportFlow.Simulation.Calibration;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The charts of <c>exportflow calibrate --out</c>: prior against posterior, per input and for leakage.</summary>
internal static class CalibrationCharts
{
    /// <summary>The chart files, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Files = ["calibration-inputs.png", "calibration-leakage.png"];

    /// <summary>Writes every chart into <paramref name="directory"/>.</summary>
    public static void WriteAll(string directory, CalibrationSummary s, EngineCalibrationModel model, int width = Charts.Width, int height = Charts.Height)
    {
        Inputs(directory, s, model, width, height);
        Leakage(directory, s, width, height);
    }

    private static string Caption(CalibrationSummary s) =>
        $"{s.Scenario.Name} · {s.Policy} · {s.Result.Particles:N0} particles · seed {s.Options.Seed} · {Path.GetFileName(s.Evidence.File)}";

    // One row per input: the prior's and the posterior's 5–95% range as bars with the median marked, on the scale
    // of the prior's 5–95% range (so inputs of different units share one chart).
    private static void Inputs(string directory, CalibrationSummary s, EngineCalibrationModel model, int width, int height)
    {
        using var plot = new Plot();
        int n = s.Inputs.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int j = 0; j < n; j++)
        {
            InputSummary input = s.Inputs[j];
            double y = n - j;
            positions[j] = y;
            labels[j] = input.Name;
            double lo = input.Prior.P05, span = Math.Max(1e-300, input.Prior.P95 - input.Prior.P05);
            double Scale(double v) => (v - lo) / span;
            Range(plot, y + 0.15, Scale(input.Prior.P05), Scale(input.Prior.P95), Scale(input.Prior.P50), Colors.Gray);
            Range(plot, y - 0.15, Scale(input.Posterior.P05), Scale(input.Posterior.P95), Scale(input.Posterior.P50), new ScottPlot.Palettes.Category10().GetColor(0));
        }

        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        plot.Title($"Inputs: prior (grey) and posterior (blue) 5–95% ranges, median marked\n{Caption(s)}");
        plot.XLabel("position on the prior's 5–95% range (0 = prior p05, 1 = prior p95)");
        AtomicFile.WriteAllBytes(Path.Combine(directory, Files[0]), plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    private static void Range(Plot plot, double y, double low, double high, double median, Color color)
    {
        var bar = plot.Add.Line(low, y, high, y);
        bar.LineWidth = 8;
        bar.LineColor = color.WithAlpha(0.6);
        var mark = plot.Add.Marker(median, y);
        mark.MarkerSize = 10;
        mark.Color = Colors.Black;
    }

    // Leakage over the prior draws and over the posterior particles, as two empirical CDFs.
    private static void Leakage(string directory, CalibrationSummary s, int width, int height)
    {
        using var plot = new Plot();
        int m = s.Result.OutcomeCount, column = s.Observations.Count + (int)Engine.Outcome.Leaked;
        Cdf(plot, s.Result.PriorOutcomes, m, column, Colors.Gray, "prior");
        Cdf(plot, s.Result.Outcomes, m, column, new ScottPlot.Palettes.Category10().GetColor(0), "posterior");
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"Leakage: prior and posterior (share of particles at or below)\n{Caption(s)}");
        plot.XLabel($"Leaked, {s.Scenario.QuantityUnit} per trial over {s.Scenario.Periods} {s.Scenario.PeriodUnit}(s)");
        plot.YLabel("Cumulative share");
        AtomicFile.WriteAllBytes(Path.Combine(directory, Files[1]), plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    private static void Cdf(Plot plot, double[] rows, int stride, int column, Color color, string label)
    {
        int n = rows.Length / stride;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rows[(i * stride) + column];
        }

        Array.Sort(x);
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = (i + 1.0) / n;
        }

        var line = plot.Add.ScatterLine(x, y);
        line.Color = color;
        line.LineWidth = 2;
        line.LegendText = label;
    }
}
