using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The charts of <c>run --out</c>: the leakage distribution (histogram with its CDF), leakage by source country,
/// and billed against received by country, each beside the CSV of the numbers it was drawn from (the same values
/// as summary.json, or for the histogram derived from the run's leakage quantile sketch).
/// </summary>
internal static class RunCharts
{
    /// <summary>Names of the charts, without extension, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names = ["leakage-distribution", "leakage-by-source", "billed-received"];

    /// <summary>Histogram bins of the leakage distribution.</summary>
    public const int Bins = 30;

    /// <summary>Quantile levels the histogram is estimated from: (k + 0.5)/1000, k = 0…999, each 0.1 % of the trials.</summary>
    public const int QuantilePoints = 1000;

    /// <summary>Writes every chart of plan <paramref name="index"/>; nothing when no trial completed.</summary>
    public static void WriteAll(ChartWriter writer, MonteCarloResult result, int index, int width = Charts.Width, int height = Charts.Height)
    {
        if (result.TrialsCompleted == 0)
        {
            return;
        }

        FlowPlan plan = result.Plans[index];
        RunAccumulator acc = result.Accumulators[index];
        string caption = ChartStyle.Caption(plan.Scenario.Name, plan.PolicyName, result.Options.Seed, result.TrialsCompleted, result.Partial);
        string horizon = $"{plan.Scenario.QuantityUnit} per trial, total over {plan.Periods} {plan.Scenario.PeriodUnit}(s)";
        Distribution(writer, acc.Outcomes[(int)Outcome.Leaked], caption, horizon, width, height);
        BySource(writer, plan, acc, caption, horizon, width, height);
        Billing(writer, plan, acc, caption, horizon, width, height);
    }

    /// <summary>
    /// The histogram's bins: <see cref="Bins"/> equal bins from the minimum to the maximum leakage, each with the
    /// share of trials in it and the cumulative share up to its upper edge, from <see cref="QuantilePoints"/>
    /// quantiles of the sketch (a single bin when every trial leaked the same).
    /// </summary>
    public static (double Low, double High, double Share, double Cumulative)[] Histogram(OutcomeAccumulator leaked)
    {
        OutcomeSummary s = leaked.Summarise();
        double min = s.Min, max = s.Max;
        int bins = max > min ? Bins : 1;
        double width = max > min ? (max - min) / bins : 0;
        var counts = new int[bins];
        for (int k = 0; k < QuantilePoints; k++)
        {
            double v = leaked.Sketch.Quantile((k + 0.5) / QuantilePoints);
            int bin = width > 0 ? (int)Math.Clamp(Math.Floor((v - min) / width), 0, bins - 1) : 0;
            counts[bin]++;
        }

        var rows = new (double, double, double, double)[bins];
        int cumulative = 0;
        for (int b = 0; b < bins; b++)
        {
            cumulative += counts[b];
            rows[b] = (min + (b * width), b == bins - 1 ? max : min + ((b + 1) * width), (double)counts[b] / QuantilePoints, (double)cumulative / QuantilePoints);
        }

        return rows;
    }

    private static void Distribution(ChartWriter writer, OutcomeAccumulator leaked, string caption, string horizon, int width, int height)
    {
        var rows = Histogram(leaked);
        var csv = new StringBuilder("binLow,binHigh,shareOfTrials,cumulativeShare").AppendLine();
        foreach (var r in rows)
        {
            csv.Append(ComparisonCsv.Number(r.Low)).Append(',').Append(ComparisonCsv.Number(r.High)).Append(',')
                .Append(ComparisonCsv.Number(r.Share)).Append(',').Append(ComparisonCsv.Number(r.Cumulative)).AppendLine();
        }

        using var plot = new Plot();
        double span = rows[^1].High - rows[0].Low;
        double barWidth = span > 0 ? span / rows.Length : 1;
        var bars = rows.Select(r => new Bar
        {
            Position = span > 0 ? (r.Low + r.High) / 2 : r.Low,
            Value = r.Share,
            Size = barWidth * 0.95,
            FillColor = ChartStyle.Series(0).WithAlpha(0.75),
            LineColor = ChartStyle.Series(0),
        }).ToList();
        plot.Add.Bars(bars);
        double[] xs = [rows[0].Low, .. rows.Select(r => r.High)];
        double[] ys = [0, .. rows.Select(r => r.Cumulative)];
        var cdf = plot.Add.ScatterLine(xs, ys);
        cdf.Color = ChartStyle.Series(1);
        cdf.LineWidth = 3;
        cdf.MarkerSize = 0;
        cdf.Axes.YAxis = plot.Axes.Right;
        cdf.LegendText = "cumulative share of trials (right axis)";
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "share of trials in the bin (left axis)", FillColor = ChartStyle.Series(0) });
        plot.ShowLegend(Alignment.MiddleRight);
        plot.Axes.SetLimitsY(0, Math.Max(1e-9, rows.Max(r => r.Share)) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
        ChartStyle.Title(plot, "Leakage distribution: histogram over trials and cumulative share", caption);
        plot.XLabel($"Leaked ({horizon})");
        plot.Axes.Left.Label.Text = "Share of trials in the bin";
        plot.Axes.Right.Label.Text = "Cumulative share P(leaked ≤ x)";
        writer.Save(Names[0], plot, width, height, csv.ToString(), "Leakage distribution");
    }

    /// <summary>Countries some source (a node units can be diverted from) lies in, in the plan's country order.</summary>
    public static int[] SourceCountries(FlowPlan plan) => [.. Enumerable.Range(0, plan.Countries.Length).Where(c => plan.SourceCountry.Contains(c))];

    private static void BySource(ChartWriter writer, FlowPlan plan, RunAccumulator acc, string caption, string horizon, int width, int height)
    {
        int[] countries = SourceCountries(plan);
        var csv = new StringBuilder("country,mean,standardError,p05,p50,p95").AppendLine();
        using var plot = new Plot();
        for (int i = 0; i < countries.Length; i++)
        {
            OutcomeSummary s = acc.BySourceCountry[countries[i]].Summarise();
            csv.Append(ComparisonCsv.Field(plan.Countries[countries[i]])).Append(',').Append(ComparisonCsv.Number(s.Mean)).Append(',')
                .Append(ComparisonCsv.Number(s.StandardError)).Append(',').Append(ComparisonCsv.Number(s.P05)).Append(',')
                .Append(ComparisonCsv.Number(s.P50)).Append(',').Append(ComparisonCsv.Number(s.P95)).AppendLine();
            plot.Add.Bar(new Bar { Position = i, Value = s.Mean, Size = 0.6, FillColor = ChartStyle.Series(3), LineColor = ChartStyle.Series(3) });
            var whisker = plot.Add.Line(i, s.P05, i, s.P95);
            whisker.LineColor = Colors.Black;
            whisker.LineWidth = 2;
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "bar: mean", FillColor = ChartStyle.Series(3) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "whisker: 5th–95th percentile over trials", LineColor = Colors.Black, LineWidth = 2 });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, countries.Length).Select(i => (double)i)], [.. countries.Select(c => plan.Countries[c])]);
        plot.Axes.SetLimitsX(-0.6, countries.Length - 0.4);
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsY(0, Math.Max(1e-9, plot.Axes.GetLimits().Top));
        ChartStyle.Title(plot, "Leakage by source country (where the diverted units left from)", caption);
        plot.XLabel("Source country");
        plot.YLabel($"Leaked ({horizon})");
        writer.Save(Names[1], plot, width, height, csv.ToString(), "Leakage by source country");
    }

    private static void Billing(ChartWriter writer, FlowPlan plan, RunAccumulator acc, string caption, string horizon, int width, int height)
    {
        var csv = new StringBuilder("country,billedMean,billedStandardError,receivedMean,receivedStandardError").AppendLine();
        var shown = new List<int>();
        for (int c = 0; c < plan.Countries.Length; c++)
        {
            OutcomeSummary billed = acc.Billed[c].Summarise(), received = acc.Received[c].Summarise();
            csv.Append(ComparisonCsv.Field(plan.Countries[c])).Append(',').Append(ComparisonCsv.Number(billed.Mean)).Append(',')
                .Append(ComparisonCsv.Number(billed.StandardError)).Append(',').Append(ComparisonCsv.Number(received.Mean)).Append(',')
                .Append(ComparisonCsv.Number(received.StandardError)).AppendLine();
            if (billed.Mean != 0 || received.Mean != 0)
            {
                shown.Add(c);
            }
        }

        using var plot = new Plot();
        for (int g = 0; g < shown.Count; g++)
        {
            double billed = acc.Billed[shown[g]].Summarise().Mean, received = acc.Received[shown[g]].Summarise().Mean;
            plot.Add.Bar(new Bar { Position = g - 0.2, Value = billed, Size = 0.38, FillColor = ChartStyle.Series(0), LineColor = ChartStyle.Series(0) });
            plot.Add.Bar(new Bar { Position = g + 0.2, Value = received, Size = 0.38, FillColor = ChartStyle.Series(1), LineColor = ChartStyle.Series(1) });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "billed to the country (mean)", FillColor = ChartStyle.Series(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "received in the country (mean)", FillColor = ChartStyle.Series(1) });
        plot.ShowLegend(Alignment.UpperRight);
        if (shown.Count == 0)
        {
            plot.Add.Annotation("Nothing billed or received in any trial", Alignment.MiddleCenter);
        }
        else
        {
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, shown.Count).Select(i => (double)i)], [.. shown.Select(c => plan.Countries[c])]);
            plot.Axes.SetLimitsX(-0.6, shown.Count - 0.4);
            plot.Axes.AutoScaleY();
            plot.Axes.SetLimitsY(0, Math.Max(1e-9, plot.Axes.GetLimits().Top * 1.1));
        }

        ChartStyle.Title(plot, "Billed vs received by country: units invoiced to each country and legitimate imports into it", caption);
        plot.XLabel("Country");
        plot.YLabel($"Mean units ({horizon})");
        writer.Save(Names[2], plot, width, height, csv.ToString(), "Billed vs received by country");
    }
}
