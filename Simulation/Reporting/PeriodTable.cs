using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using Spectre.Console;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Console tables and long-format CSV of a run's per-period statistics (<c>run --by-period</c>).</summary>
internal static class PeriodTable
{
    /// <summary>Outcomes with a table in every run with per-period statistics.</summary>
    private static readonly Outcome[] s_always = [Outcome.Leaked, Outcome.Interdicted, Outcome.Deterred, Outcome.Unmet, Outcome.Delivered];

    /// <summary>Outcomes with a table when some period's mean is not 0, in the order of the totals table.</summary>
    private static readonly Outcome[] s_shown =
    [
        Outcome.Leaked, Outcome.Interdicted, Outcome.Flagged, Outcome.IllicitDemand, Outcome.Substituted, Outcome.Deterred,
        Outcome.Unmet, Outcome.Supply, Outcome.Delivered, Outcome.LicensedToRestricted, Outcome.BlockedByLicence,
        Outcome.BlockedByCap, Outcome.FinalStock,
    ];

    /// <summary>Header of the CSV.</summary>
    public const string CsvHeader = "period,outcome,country,mean,standardError,p05,p50,p95";

    /// <summary>Note under every table: what s.e. and the percentiles measure.</summary>
    private const string Legend = "± s.e. of mean: the Monte Carlo precision of the mean (it shrinks with more trials). p05, p50, p95 of trials: the spread of the outcome over trials (it does not).";

    /// <summary>Prints one table per outcome (one row per period), then leaked by source country, one table per country.</summary>
    public static void Write(IAnsiConsole console, MonteCarloResult result, int index)
    {
        PeriodAccumulator periods = Periods(result, index);
        FlowPlan plan = result.Plans[index];
        string unit = Markup.Escape(plan.Scenario.QuantityUnit), periodUnit = Markup.Escape(plan.Scenario.PeriodUnit);
        console.Write(new Rule($"[bold]Per {periodUnit}[/]: each outcome of the period alone over {result.TrialsCompleted:N0} trials").LeftJustified());
        console.MarkupLine($"[grey]{Markup.Escape(Legend)}[/]");
        foreach (Outcome o in s_shown)
        {
            OutcomeSummary[] rows = [.. Enumerable.Range(1, periods.Periods).Select(t => periods.ForOutcome(t, o).Summarise())];
            if (s_always.Contains(o) || rows.Any(r => r.Mean != 0))
            {
                string what = o switch
                {
                    Outcome.FinalStock => $"stock held at the end of the {periodUnit}",
                    _ => $"in the {periodUnit}",
                };
                console.Write(Table($"{RunSummaryWriter.Key(o)} ({unit} per trial, {what})", rows));
            }
        }

        for (int i = 0; i < periods.SourceCountries.Length; i++)
        {
            OutcomeSummary[] rows = [.. Enumerable.Range(1, periods.Periods).Select(t => periods.LeakedBySourceCountry(t, i).Summarise())];
            if (rows.Any(r => r.Mean != 0))
            {
                string country = Markup.Escape(plan.Countries[periods.SourceCountries[i]]);
                console.Write(Table($"leaked from source country {country} ({unit} per trial, in the {periodUnit})", rows));
            }
        }

        console.MarkupLine($"[grey]Percentiles come from a quantile sketch with relative accuracy ±{periods.ForOutcome(1, Outcome.Leaked).Sketch.RelativeAccuracy:P1}.[/]");
    }

    private static Table Table(string title, OutcomeSummary[] rows)
    {
        var table = new Table().Title(title);
        table.AddColumn(new TableColumn("period").RightAligned());
        foreach (string c in new[] { "mean\n", "± s.e. of mean\n[grey](MC precision)[/]", "p05\n[grey]of trials[/]", "p50\n[grey]of trials[/]", "p95\n[grey]of trials[/]" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        for (int t = 0; t < rows.Length; t++)
        {
            OutcomeSummary s = rows[t];
            table.AddRow((t + 1).ToString(CultureInfo.InvariantCulture), SummaryTable.Format(s.Mean), SummaryTable.Format(s.StandardError),
                SummaryTable.Format(s.P05), SummaryTable.Format(s.P50), SummaryTable.Format(s.P95));
        }

        return table;
    }

    /// <summary>
    /// Long-format CSV: one row per period and outcome (country empty), then one row per period and source
    /// country (outcome <c>leaked</c>); numbers in round-trip form, empty when undefined.
    /// </summary>
    public static string ToCsv(MonteCarloResult result, int index)
    {
        PeriodAccumulator periods = Periods(result, index);
        FlowPlan plan = result.Plans[index];
        var sb = new StringBuilder(CsvHeader).AppendLine();
        void Row(int t, string outcome, string country, OutcomeSummary s) =>
            sb.Append(t).Append(',').Append(outcome).Append(',').Append(ComparisonCsv.Field(country)).Append(',')
                .AppendJoin(',', new[] { s.Mean, s.StandardError, s.P05, s.P50, s.P95 }.Select(ComparisonCsv.Number)).AppendLine();
        for (int t = 1; t <= periods.Periods; t++)
        {
            foreach (Outcome o in Enum.GetValues<Outcome>())
            {
                Row(t, RunSummaryWriter.Key(o), "", periods.ForOutcome(t, o).Summarise());
            }
        }

        for (int t = 1; t <= periods.Periods; t++)
        {
            for (int i = 0; i < periods.SourceCountries.Length; i++)
            {
                Row(t, RunSummaryWriter.Key(Outcome.Leaked), plan.Countries[periods.SourceCountries[i]], periods.LeakedBySourceCountry(t, i).Summarise());
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static PeriodAccumulator Periods(MonteCarloResult result, int index) =>
        result.ByPeriod?[index] ?? throw new ArgumentException("The run has no per-period statistics.", nameof(result));
}
