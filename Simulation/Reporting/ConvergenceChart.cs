using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The convergence of a run (<c>run --out DIR</c>, and per run for <c>compare --out DIR</c>): the running mean
/// of leaked against the number of trials with its 95 % interval (the Monte Carlo precision of the mean, not
/// the spread over trials), at the checkpoints of <see cref="CheckpointSchedule"/>. Written atomically as
/// <c>convergence.png</c> beside <c>convergence.csv</c>, the numbers it is drawn from.
/// </summary>
internal static class ConvergenceChart
{
    /// <summary>Name of the chart, without extension.</summary>
    public const string Name = "convergence";

    /// <summary>Files the chart writes.</summary>
    public static readonly IReadOnlyList<string> Files = [Name + ".png", Name + ".svg", Name + ".csv"];

    /// <summary>The CSV: <c>run,trials,leakedMean,standardError,meanLow95,meanHigh95</c>, one row per run and checkpoint.</summary>
    public static string ToCsv(ConvergenceRecorder recorder, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(labels);
        var csv = new StringBuilder("run,trials,leakedMean,standardError,meanLow95,meanHigh95").AppendLine();
        foreach (ConvergenceRow row in recorder.ByPlan())
        {
            ConfidenceInterval interval = row.Interval;
            csv.Append(ComparisonCsv.Field(labels[row.Plan])).Append(',').Append(row.Trials.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(ComparisonCsv.Number(row.Mean)).Append(',').Append(ComparisonCsv.Number(row.StandardError)).Append(',')
                .Append(ComparisonCsv.Number(interval.Low)).Append(',').Append(ComparisonCsv.Number(interval.High)).AppendLine();
        }

        return csv.ToString();
    }

    /// <summary>Writes convergence.png (or .svg) and convergence.csv with <paramref name="charts"/>.</summary>
    public static void Write(ChartWriter charts, ConvergenceRecorder recorder, IReadOnlyList<string> labels, MonteCarloResult result, int width = Charts.Width, int height = Charts.Height)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(result);
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.ColorblindFriendly();
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity;
        foreach (IGrouping<int, ConvergenceRow> run in recorder.ByPlan().GroupBy(r => r.Plan))
        {
            ConvergenceRow[] rows = [.. run];
            double[] xs = [.. rows.Select(r => Math.Log10(r.Trials))];
            double[] mean = [.. rows.Select(r => r.Mean)];
            double[] low = [.. rows.Select(r => r.Interval.Low)], high = [.. rows.Select(r => r.Interval.High)];
            if (!mean.Concat(low).Concat(high).All(double.IsFinite))
            {
                continue;
            }

            Color color = palette.GetColor(run.Key);
            var band = plot.Add.FillY(xs, low, high);
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(xs, mean);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = rows.Length == 1 ? 6 : 0;
            line.LegendText = labels[run.Key];
            minX = Math.Min(minX, xs[0]);
            maxX = Math.Max(maxX, xs[^1]);
        }

        FlowPlan plan = result.Plans[0];
        string policies = result.Plans.Count == 1 ? $"policy {plan.PolicyName}" : $"{result.Plans.Count} runs";
        plot.Title("Running mean of leaked against trials, with its 95% interval\n"
            + "(the band is the Monte Carlo precision of the mean, not the spread over trials)\n"
            + $"{plan.Scenario.Name} · {policies} · seed {result.Options.Seed} · {result.TrialsCompleted:N0} trials{(result.Partial ? " (partial)" : "")}");
        plot.XLabel("Trials (log scale)");
        plot.YLabel($"Mean leaked ({plan.Scenario.QuantityUnit} per trial, total over {plan.Periods} {plan.Scenario.PeriodUnit}(s))");
        if (double.IsFinite(minX))
        {
            double lo = Math.Floor(minX), hi = Math.Ceiling(Math.Max(maxX, minX + 1));
            double[] ticks = [.. Enumerable.Range((int)lo, (int)(hi - lo) + 1).Select(k => (double)k)];
            plot.Axes.Bottom.SetTicks(ticks, [.. ticks.Select(k => Math.Pow(10, k).ToString("N0", CultureInfo.InvariantCulture))]);
            plot.Axes.SetLimitsX(minX - 0.05, maxX + 0.05);
            plot.Axes.AutoScaleY();
            if (result.Plans.Count > 1)
            {
                plot.ShowLegend(Alignment.UpperRight);
            }
        }

        ArgumentNullException.ThrowIfNull(charts);
        charts.Save(Name, plot, width, height, ToCsv(recorder, labels), "Running mean of leaked against trials (Monte Carlo precision of the mean)");
    }
}
