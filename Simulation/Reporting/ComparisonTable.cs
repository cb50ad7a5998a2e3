using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using Spectre.Console;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Console tables and CSV of a comparison.</summary>
internal static class ComparisonTable
{
    /// <summary>Most routes shown on the console (the largest changes); all are in comparison.json.</summary>
    private const int RouteLimit = 15;

    /// <summary>Writes the comparison's tables and verdicts.</summary>
    public static void Write(IAnsiConsole console, Comparison comparison, string title)
    {
        string unit = Markup.Escape(comparison.QuantityUnit);
        string reference = comparison.Reference;
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/] · compare · {comparison.Trials:N0} trials · seed {comparison.Seed}{(comparison.Partial ? " · [red]PARTIAL[/]" : "")}").LeftJustified());
        WriteLeakage(console, comparison, unit);
        WriteDemand(console, comparison, unit);
        WriteDisplacement(console, comparison, unit);

        console.MarkupLine("[bold]Verdicts[/]");
        foreach (PolicyComparison c in comparison.Comparisons)
        {
            console.MarkupLine($"  [bold]{Markup.Escape(c.Label)}[/]: {Markup.Escape(comparison.VerdictOf(c))}");
        }

        console.MarkupLine(
            $"[grey]Δ = {Markup.Escape(comparison.Kind == ComparisonKind.Policies ? "policy" : "file")} − {Markup.Escape(reference)}, paired trial by trial (common random numbers); intervals are 95% (z = 1.96). " +
            "\"CI width\" is the paired interval's width beside the width independent seeds would have given. " +
            "Breakdown changes are differences of means; grey ones lie within 1.96·√(se₁² + se₂²), the noise of independent runs.[/]");
    }

    private static void WriteLeakage(IAnsiConsole console, Comparison comparison, string unit)
    {
        var table = new Table().Title($"Leakage, {unit} per trial over {comparison.Periods} {Markup.Escape(comparison.PeriodUnit)}(s)");
        table.AddColumn("run");
        foreach (string c in new[] { "mean", "± s.e.", "p05", "p50", "p95" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (ComparedRun r in comparison.Runs)
        {
            table.AddRow([Markup.Escape(r.Label), .. Leak(r.Leaked)]);
        }

        console.Write(table);

        var paired = new Table().Title($"Change in leakage against {Markup.Escape(comparison.Reference)}, paired trial by trial, {unit} per trial");
        paired.AddColumn("run");
        foreach (string c in new[] { "Δ mean", "Δ 95% CI", "reduction (95% CI)", "P(less)", "P(equal)", "P(greater)", "CI width paired", "CI width indep." })
        {
            paired.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (PolicyComparison c in comparison.Comparisons)
        {
            PairedSummary p = c.Leakage;
            paired.AddRow(
                Markup.Escape(c.Label),
                Format(p.MeanDifference),
                $"{Format(p.DifferenceLow)} to {Format(p.DifferenceHigh)}",
                double.IsFinite(p.RelativeReduction) ? Verdict.PercentWithRange(p.RelativeReduction, p.RelativeReductionLow, p.RelativeReductionHigh).Replace("95% CI ", "", StringComparison.Ordinal) : "–",
                Probability(p.ProbabilityLess),
                Probability(p.ProbabilityEqual),
                Probability(p.ProbabilityGreater),
                Format(p.PairedIntervalWidth),
                Format(p.IndependentIntervalWidth));
        }

        console.Write(paired);
    }

    private static void WriteDemand(IAnsiConsole console, Comparison comparison, string unit)
    {
        var table = new Table().Title($"Illicit demand and collateral, {unit} per trial (means; Δ paired)");
        table.AddColumn("run");
        foreach (string c in new[] { "deterred", "Δ", "unmet", "Δ", "Δ delivered", "Δ delivered 95% CI", "Δ blocked: licence + cap", "deliveries lost per leaked unit avoided" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        PolicyComparison first = comparison.Comparisons[0];
        table.AddRow(
            Markup.Escape(comparison.Reference),
            Format(first.Paired[Outcome.Deterred].MeanBaseline), "",
            Format(first.Paired[Outcome.Unmet].MeanBaseline), "", "", "", "", "");
        foreach (PolicyComparison c in comparison.Comparisons)
        {
            PairedSummary d = c.Delivered;
            table.AddRow(
                Markup.Escape(c.Label),
                Format(c.Deterred.Mean), Format(c.Paired[Outcome.Deterred].MeanDifference),
                Format(c.Unmet.Mean), Format(c.Paired[Outcome.Unmet].MeanDifference),
                Format(d.MeanDifference), $"{Format(d.DifferenceLow)} to {Format(d.DifferenceHigh)}",
                $"{Format(c.BlockedChange)} ({Format(c.Paired[Outcome.BlockedByLicence].MeanDifference)} + {Format(c.Paired[Outcome.BlockedByCap].MeanDifference)})",
                c.LossPerUnitAvoided is { } ratio ? Verdict.Quantity(ratio) : "–");
        }

        console.Write(table);
    }

    private static void WriteDisplacement(IAnsiConsole console, Comparison comparison, string unit)
    {
        var comparisons = comparison.Comparisons;
        string targetedNote = comparison.Kind == ComparisonKind.Policies
            ? "* a targeted country (a node the policy selects is there)"
            : "* a targeted country (its leakage fell)";
        Breakdown(
            console,
            $"Displacement: Δ leaked by source country, {unit} per trial; share = Δ / fall of the targeted countries",
            targetedNote,
            comparisons,
            c => c.BySourceCountry,
            withShares: true,
            limit: int.MaxValue);
        Breakdown(console, $"Δ leaked by transit country (every country a route passes, source included), {unit} per trial", null, comparisons, c => c.ByTransitCountry, withShares: false, limit: int.MaxValue);
        Breakdown(console, $"Δ leaked by route, {unit} per trial", null, comparisons, c => c.ByRoute, withShares: false, limit: RouteLimit);
    }

    private static void Breakdown(
        IAnsiConsole console,
        string title,
        string? caption,
        IReadOnlyList<PolicyComparison> comparisons,
        Func<PolicyComparison, IReadOnlyList<BreakdownChange>> rowsOf,
        bool withShares,
        int limit)
    {
        var rows = Enumerable.Range(0, rowsOf(comparisons[0]).Count)
            .Select(i => (Index: i, Largest: comparisons.Max(c => Math.Abs(rowsOf(c)[i].Change)), Reference: rowsOf(comparisons[0])[i].Reference))
            .Where(x => x.Largest > 0 || x.Reference > 0)
            .OrderByDescending(x => x.Largest)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Title(title).AddColumn("name").AddColumn(new TableColumn(Markup.Escape(comparisons[0].Reference)).RightAligned());
        foreach (PolicyComparison c in comparisons)
        {
            table.AddColumn(new TableColumn($"Δ {Markup.Escape(c.Label)}").RightAligned());
            if (withShares)
            {
                table.AddColumn(new TableColumn("share").RightAligned());
            }
        }

        foreach (var (index, _, reference) in rows.Take(limit))
        {
            var cells = new List<string> { Markup.Escape(rowsOf(comparisons[0])[index].Name), Format(reference) };
            foreach (PolicyComparison c in comparisons)
            {
                BreakdownChange x = rowsOf(c)[index];
                string value = Format(x.Change) + (x.Targeted ? "*" : "");
                cells.Add(x.BeyondNoise ? value : $"[grey]{value}[/]");
                if (withShares)
                {
                    cells.Add(x.Displacement is { } share ? $"{Verdict.Percent(share)}%" : "");
                }
            }

            table.AddRow([.. cells]);
        }

        string? more = rows.Count > limit ? $"{rows.Count - limit} more in comparison.json" : null;
        if (caption is not null || more is not null)
        {
            table.Caption(string.Join("; ", new[] { caption, more }.Where(s => s is not null)));
        }

        console.Write(table);
    }

    /// <summary>As <see cref="SummaryTable.Format"/>, without a "-0" for tiny negative rounding residues.</summary>
    private static string Format(double v) => SummaryTable.Format(Math.Abs(v) < 5e-4 ? 0.0 : v);

    private static IEnumerable<string> Leak(OutcomeSummary s) =>
        [Format(s.Mean), Format(s.StandardError), Format(s.P05), Format(s.P50), Format(s.P95)];

    private static string Probability(double p) => double.IsFinite(p) ? p.ToString("0.###", CultureInfo.InvariantCulture) : "–";

    /// <summary>One CSV row per compared run (its columns are listed in docs/output-format.md).</summary>
    public static string ToCsv(Comparison comparison)
    {
        var sb = new StringBuilder(
            "label,against,leakedMean,leakedP05,leakedP50,leakedP95,referenceLeakedMean,leakedChange,leakedChangeLow,leakedChangeHigh," +
            "relativeReduction,relativeReductionLow,relativeReductionHigh,probabilityLess,probabilityEqual,probabilityGreater," +
            "pairedIntervalWidth,independentIntervalWidth,deterredMean,deterredChange,unmetMean,unmetChange," +
            "deliveredChange,deliveredChangeLow,deliveredChangeHigh,blockedByLicenceChange,blockedByCapChange,lossPerUnitAvoided,verdict");
        sb.AppendLine();
        foreach (PolicyComparison c in comparison.Comparisons)
        {
            PairedSummary p = c.Leakage, d = c.Delivered;
            double[] values =
            [
                c.Leaked.Mean, c.Leaked.P05, c.Leaked.P50, c.Leaked.P95, p.MeanBaseline, p.MeanDifference, p.DifferenceLow, p.DifferenceHigh,
                p.RelativeReduction, p.RelativeReductionLow, p.RelativeReductionHigh, p.ProbabilityLess, p.ProbabilityEqual, p.ProbabilityGreater,
                p.PairedIntervalWidth, p.IndependentIntervalWidth, c.Deterred.Mean, c.Paired[Outcome.Deterred].MeanDifference,
                c.Unmet.Mean, c.Paired[Outcome.Unmet].MeanDifference, d.MeanDifference, d.DifferenceLow, d.DifferenceHigh,
                c.Paired[Outcome.BlockedByLicence].MeanDifference, c.Paired[Outcome.BlockedByCap].MeanDifference, c.LossPerUnitAvoided ?? double.NaN,
            ];
            sb.Append(ComparisonCsv.Field(c.Label)).Append(',').Append(ComparisonCsv.Field(c.Reference));
            foreach (double v in values)
            {
                sb.Append(',').Append(ComparisonCsv.Number(v));
            }

            sb.Append(',').Append(ComparisonCsv.Field(comparison.VerdictOf(c))).AppendLine();
        }

        return sb.ToString().TrimEnd();
    }
}
