using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using Spectre.Console;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Console tables and CSV of a run's statistics.</summary>
internal static class SummaryTable
{
    private static readonly Outcome[] s_shown =
    [
        Outcome.Leaked, Outcome.Interdicted, Outcome.Flagged, Outcome.IllicitDemand, Outcome.Substituted, Outcome.Deterred,
        Outcome.Unmet, Outcome.Supply, Outcome.Delivered, Outcome.LicensedToRestricted, Outcome.BlockedByLicence,
        Outcome.BlockedByCap, Outcome.FinalStock,
    ];

    public static string Format(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "#,0" : "#,0.###", CultureInfo.InvariantCulture) : "–";

    public static void Write(IAnsiConsole console, MonteCarloResult result, int index)
    {
        FlowPlan plan = result.Plans[index];
        RunAccumulator acc = result.Accumulators[index];
        string unit = plan.Scenario.QuantityUnit;
        console.Write(new Rule($"[bold]{Markup.Escape(plan.Scenario.Name)}[/] · {Markup.Escape(plan.PolicyName)} · {result.TrialsCompleted:N0} trials · seed {result.Options.Seed}{(result.Partial ? " · [red]PARTIAL[/]" : "")}").LeftJustified());
        var table = new Table().Title($"Totals over {plan.Periods} {Markup.Escape(plan.Scenario.PeriodUnit)}(s), {Markup.Escape(unit)} per trial");
        table.AddColumn(new TableColumn("outcome").NoWrap());
        foreach (string c in new[] { "mean", "± s.e.", "sd", "p05", "p25", "p50", "p75", "p95" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        var thresholds = result.Options.Thresholds;
        foreach (double x in thresholds)
        {
            table.AddColumn(new TableColumn($"P(>{Format(x)})").RightAligned());
        }

        foreach (Outcome o in s_shown)
        {
            OutcomeSummary s = acc.Outcomes[(int)o].Summarise();
            table.AddRow([RunSummaryWriter.Key(o), .. Stats(s), .. s.Exceedances.Select(e => e.Probability.ToString("0.###", CultureInfo.InvariantCulture))]);
        }

        console.Write(table);
        Breakdown(console, "Leaked by source country", plan.Countries, acc.BySourceCountry);
        Breakdown(console, "Leaked by transit country (every country a route passes, source included)", plan.Countries, acc.ByTransitCountry);
        Breakdown(console, "Leaked by source", [.. Enumerable.Range(0, plan.SourceCount).Select(s => plan.NodeIds[plan.SourcePosition[s]])], acc.BySource);
        Breakdown(console, "Leaked by route", plan.RouteKeys, acc.ByRoute, limit: 15);
        var billing = new Table().Title("Billed (supplier shipments invoiced to) vs received (accepted imports into)").AddColumns("country");
        foreach (string c in new[] { "billed mean", "received mean", "leaked via (transit) mean" })
        {
            billing.AddColumn(new TableColumn(c).RightAligned());
        }

        for (int c = 0; c < plan.Countries.Length; c++)
        {
            double b = acc.Billed[c].Moments.Mean, r = acc.Received[c].Moments.Mean, l = acc.ByTransitCountry[c].Moments.Mean;
            if (b > 0 || r > 0 || l > 0)
            {
                billing.AddRow(plan.Countries[c], Format(b), Format(r), Format(l));
            }
        }

        console.Write(billing);
        double pUnmet = acc.Count == 0 ? double.NaN : (double)acc.UnmetTrials / acc.Count;
        console.MarkupLine($"Binding regime: P(unmet > 0) = {pUnmet.ToString("0.###", CultureInfo.InvariantCulture)}; share of active sources saturated = {acc.SaturatedShare.Moments.Mean.ToString("0.###", CultureInfo.InvariantCulture)} (mean).");
        console.MarkupLine($"[grey]Percentiles come from a quantile sketch with relative accuracy ±{acc.SaturatedShare.Sketch.RelativeAccuracy:P1}; s.e. is the standard error of the mean.[/]");
    }

    private static IEnumerable<string> Stats(OutcomeSummary s) =>
        [Format(s.Mean), Format(s.StandardError), Format(s.StdDev), Format(s.P05), Format(s.P25), Format(s.P50), Format(s.P75), Format(s.P95)];

    private static void Breakdown(IAnsiConsole console, string title, string[] names, OutcomeAccumulator[] accumulators, int limit = int.MaxValue)
    {
        var rows = Enumerable.Range(0, names.Length)
            .Select(i => (Name: names[i], Summary: accumulators[i].Summarise()))
            .Where(r => r.Summary.Mean > 0)
            .OrderByDescending(r => r.Summary.Mean)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        double total = rows.Sum(r => r.Summary.Mean);
        var table = new Table().Title(title).AddColumn(new TableColumn("name").NoWrap());
        foreach (string c in new[] { "mean", "± s.e.", "p05", "p50", "p95" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (var (name, s) in rows.Take(limit))
        {
            table.AddRow(Markup.Escape(name), Format(s.Mean), Format(s.StandardError), Format(s.P05), Format(s.P50), Format(s.P95));
        }

        if (rows.Count > limit)
        {
            table.Caption($"{rows.Count - limit} more in summary.json");
        }

        console.Write(table);
    }

    public static string ToCsv(MonteCarloResult result, int index)
    {
        RunAccumulator acc = result.Accumulators[index];
        var sb = new StringBuilder("outcome,mean,stdDev,standardError,p05,p25,p50,p75,p95");
        foreach (double x in result.Options.Thresholds)
        {
            sb.Append(",P(>").Append(x.ToString("R", CultureInfo.InvariantCulture)).Append(')');
        }

        sb.AppendLine();
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            OutcomeSummary s = acc.Outcomes[(int)o].Summarise();
            double[] values = [s.Mean, s.StdDev, s.StandardError, s.P05, s.P25, s.P50, s.P75, s.P95, .. s.Exceedances.Select(e => e.Probability)];
            sb.Append(RunSummaryWriter.Key(o)).Append(',').AppendJoin(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).AppendLine();
        }

        return sb.ToString().TrimEnd();
    }
}
