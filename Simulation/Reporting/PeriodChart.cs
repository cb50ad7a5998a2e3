using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The chart of a run with per-period statistics (<c>run --by-period --out DIR</c>): leaked per period by
/// source country, a median line and a 90% band (p05 to p95 over trials) per country, written atomically as
/// <c>leakage-by-period.png</c> beside <c>leakage-by-period.csv</c>, the numbers it was drawn from (the same
/// values as <c>byPeriod</c> in summary.json).
/// </summary>
internal static class PeriodChart
{
    /// <summary>Name of the chart, without extension.</summary>
    public const string Name = "leakage-by-period";

    /// <summary>Files the chart may write (the image as PNG or SVG).</summary>
    public static readonly IReadOnlyList<string> Files = [Name + ".png", Name + ".svg", Name + ".csv"];

    /// <summary>Writes the chart of plan <paramref name="index"/> and its CSV into <paramref name="directory"/> as PNG.</summary>
    /// <exception cref="ArgumentException">The run has no per-period statistics.</exception>
    public static void Write(string directory, MonteCarloResult result, int index, int width = Charts.Width, int height = Charts.Height) =>
        Write(new ChartWriter(directory), result, index, width, height);

    /// <summary>Writes the chart of plan <paramref name="index"/> and its CSV with <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">The run has no per-period statistics.</exception>
    public static void Write(ChartWriter writer, MonteCarloResult result, int index, int width = Charts.Width, int height = Charts.Height)
    {
        if (result.ByPeriod is null)
        {
            throw new ArgumentException("The run has no per-period statistics.", nameof(result));
        }

        FlowPlan plan = result.Plans[index];
        PeriodAccumulator periods = result.ByPeriod[index];
        var csv = new StringBuilder("country,period,mean,standardError,p05,p50,p95").AppendLine();
        using var plot = new Plot();
        double[] xs = [.. Enumerable.Range(1, periods.Periods).Select(t => (double)t)];
        int drawn = 0;
        for (int i = 0; i < periods.SourceCountries.Length; i++)
        {
            string country = plan.Countries[periods.SourceCountries[i]];
            var rows = Enumerable.Range(1, periods.Periods).Select(t => periods.LeakedBySourceCountry(t, i).Summarise()).ToArray();
            for (int t = 0; t < rows.Length; t++)
            {
                OutcomeSummary s = rows[t];
                csv.Append(ComparisonCsv.Field(country)).Append(',').Append(t + 1).Append(',').Append(ComparisonCsv.Number(s.Mean)).Append(',')
                    .Append(ComparisonCsv.Number(s.StandardError)).Append(',').Append(ComparisonCsv.Number(s.P05)).Append(',')
                    .Append(ComparisonCsv.Number(s.P50)).Append(',').Append(ComparisonCsv.Number(s.P95)).AppendLine();
            }

            // A country that never leaked in any trial (every p95 is 0) would only draw a line on the axis.
            double[] low = [.. rows.Select(r => r.P05)], median = [.. rows.Select(r => r.P50)], high = [.. rows.Select(r => r.P95)];
            if (!high.Any(v => v > 0) || !low.Concat(median).Concat(high).All(double.IsFinite))
            {
                continue;
            }

            Color color = ChartStyle.Series(drawn++);
            var band = plot.Add.FillY(xs, low, high);
            band.FillColor = color.WithAlpha(0.15);
            band.LineWidth = 0;

            // Thin dashed edges keep each band readable where bands overlap.
            foreach (double[] edge in new[] { low, high })
            {
                var bound = plot.Add.ScatterLine(xs, edge);
                bound.Color = color;
                bound.LineWidth = 1;
                bound.LinePattern = LinePattern.Dashed;
                bound.MarkerSize = 0;
            }

            var line = plot.Add.ScatterLine(xs, median);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = country;
        }

        string unit = plan.Scenario.QuantityUnit, periodUnit = plan.Scenario.PeriodUnit;
        ChartStyle.Title(plot, $"Leaked per {periodUnit} by source country: median and 90% band over trials",
            ChartStyle.Caption(plan.Scenario.Name, plan.PolicyName, result.Options.Seed, result.TrialsCompleted, result.Partial));
        plot.XLabel($"Period ({periodUnit})");
        plot.YLabel($"Leaked in the period ({unit} per trial)");
        plot.Axes.Bottom.SetTicks(xs, [.. xs.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsX(0.5, periods.Periods + 0.5);
        if (drawn == 0)
        {
            plot.Axes.SetLimitsY(0, 1);
            plot.Add.Annotation("No leakage in any trial", Alignment.MiddleCenter);
        }
        else
        {
            plot.Axes.AutoScaleY();
            plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "line: median", LineColor = Colors.Gray, LineWidth = 2 });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dashed: p05, p95", LineColor = Colors.Gray, LinePattern = LinePattern.Dashed, LineWidth = 1 });
            plot.ShowLegend(Edge.Right);
        }

        writer.Save(Name, plot, width, height, csv.ToString(), "Leakage by period and source country");
    }
}
