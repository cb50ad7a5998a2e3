using ExportFlow.Simulation.Calibration;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The charts of <c>exportflow calibrate --out</c>: prior against posterior, per input and for leakage.</summary>
internal static class CalibrationCharts
{
    /// <summary>The chart names, without extension, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names = ["calibration-inputs", "calibration-leakage"];

    /// <summary>The chart files as PNG, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Files = [.. Names.Select(n => n + ".png")];

    /// <summary>Writes every chart into <paramref name="directory"/> as PNG.</summary>
    public static void WriteAll(string directory, CalibrationSummary s, EngineCalibrationModel model, int width = Charts.Width, int height = Charts.Height) =>
        WriteAll(new ChartWriter(directory), s, model, width, height);

    /// <summary>Writes every chart with <paramref name="writer"/>.</summary>
    public static void WriteAll(ChartWriter writer, CalibrationSummary s, EngineCalibrationModel model, int width = Charts.Width, int height = Charts.Height)
    {
        Inputs(writer, s, model, width, height);
        Leakage(writer, s, width, height);
    }

    // Particles stand for the trials here; the evidence file is named as well.
    private static string Caption(CalibrationSummary s) =>
        ChartStyle.Caption(s.Scenario.Name, s.Policy, s.Options.Seed, s.Result.Particles) + $" (particles) · evidence {Path.GetFileName(s.Evidence.File)}";

    // One row per input: the prior's and the posterior's 5–95% range as bars with the median marked, on the scale
    // of the prior's 5–95% range (so inputs of different units share one chart).
    private static void Inputs(ChartWriter writer, CalibrationSummary s, EngineCalibrationModel model, int width, int height)
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
            Range(plot, y + 0.15, Scale(input.Prior.P05), Scale(input.Prior.P95), Scale(input.Prior.P50), ChartStyle.Grey);
            Range(plot, y - 0.15, Scale(input.Posterior.P05), Scale(input.Posterior.P95), Scale(input.Posterior.P50), ChartStyle.Series(0));
        }

        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.SetLimitsY(0.3, n + 0.7);
        ChartStyle.Title(plot, "Inputs: prior (grey) and posterior (blue) 5–95% ranges, median marked", Caption(s));
        plot.XLabel("position on the prior's 5–95% range (0 = prior p05, 1 = prior p95)");
        writer.Save(Names[0], plot, width, height, null, "Inputs: prior and posterior");
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
    private static void Leakage(ChartWriter writer, CalibrationSummary s, int width, int height)
    {
        using var plot = new Plot();
        int m = s.Result.OutcomeCount, column = s.Observations.Count + (int)Engine.Outcome.Leaked;
        Cdf(plot, s.Result.PriorOutcomes, m, column, ChartStyle.Grey, "prior");
        Cdf(plot, s.Result.Outcomes, m, column, ChartStyle.Series(0), "posterior");
        plot.ShowLegend(Alignment.LowerRight);
        ChartStyle.Title(plot, "Leakage: prior and posterior (share of particles at or below)", Caption(s));
        plot.XLabel($"Leaked, {s.Scenario.QuantityUnit} per trial over {s.Scenario.Periods} {s.Scenario.PeriodUnit}(s)");
        plot.YLabel("Cumulative share");
        writer.Save(Names[1], plot, width, height, null, "Leakage: prior and posterior");
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
