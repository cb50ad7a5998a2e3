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

        string noise = NoiseMark(console);
        console.MarkupLine(
            $"[grey]Δ = {Markup.Escape(comparison.Kind == ComparisonKind.Policies ? "policy" : "file")} − {Markup.Escape(reference)}, paired trial by trial (common random numbers). " +
            "Two different things are reported, never to be confused: the Monte Carlo (MC) precision of a mean, its 95% interval (z = 1.96), says how well these trials pin down the average change and narrows with more trials; " +
            "the spread over trials (p05–p95 of Δ, P(Δ<0), P(Δ>0)) says how much the change varies from one trial to the next and does not narrow with more trials. " +
            "\"MC CI width\" is the paired interval's width beside the width independent seeds would have given. " +
            $"Breakdown changes are differences of means; those marked {Markup.Escape(noise)} (grey) lie within 1.96·√(se₁² + se₂²), the noise of independent runs.[/]");
    }

    /// <summary>
    /// The mark of a change within Monte Carlo noise, beside its grey colour so that it survives pipes and
    /// NO_COLOR: "≈", or "~" when the console cannot show Unicode.
    /// </summary>
    internal static string NoiseMark(IAnsiConsole console) => console.Profile.Capabilities.Unicode ? "≈" : "~";

    /// <summary>A table cell: <paramref name="value"/>, marked and grey when it is within noise.</summary>
    private static string Cell(string value, bool withinNoise, string mark) =>
        withinNoise ? $"[grey]{Markup.Escape(mark)}{value}[/]" : value;

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

        string mark = NoiseMark(console);
        var paired = new Table().Title($"Change in leakage against {Markup.Escape(comparison.Reference)}, paired trial by trial, {unit} per trial");
        paired.AddColumn("run");
        foreach (string c in new[] { "mean Δ", "mean Δ: MC 95% CI", "mean reduction: MC 95% CI", "Δ p05 over trials", "Δ p95 over trials", "P(Δ<0)", "P(Δ=0)", "P(Δ>0)", "MC CI width paired", "MC CI width indep." })
        {
            paired.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (PolicyComparison c in comparison.Comparisons)
        {
            PairedSummary p = c.Leakage;
            bool within = Verdict.WithinNoise(p);
            paired.AddRow(
                Markup.Escape(c.Label),
                Cell(Format(p.MeanDifference), within, mark),
                $"{Format(p.DifferenceLow)} to {Format(p.DifferenceHigh)}",
                double.IsFinite(p.RelativeReduction) ? Verdict.PercentWithRange(p.RelativeReduction, p.RelativeReductionLow, p.RelativeReductionHigh).Replace("95% CI ", "", StringComparison.Ordinal) : "–",
                Format(p.DifferenceP05),
                Format(p.DifferenceP95),
                Probability(p.ProbabilityLess),
                Probability(p.ProbabilityEqual),
                Probability(p.ProbabilityGreater),
                Format(p.PairedIntervalWidth),
                Format(p.IndependentIntervalWidth));
        }

        paired.Caption(
            $"mean Δ and its MC 95% CI: the average change and how precisely {comparison.Trials:N0} trials pin it down (not a range of outcomes). " +
            $"p05/p95 and P(…): how the change varies from trial to trial. {Markup.Escape(mark)} (grey): the mean change is within Monte Carlo noise (its 95% CI contains 0).");
        console.Write(paired);
    }

    private static void WriteDemand(IAnsiConsole console, Comparison comparison, string unit)
    {
        string mark = NoiseMark(console);
        var table = new Table().Title($"Illicit demand and collateral, {unit} per trial (means; Δ paired)");
        table.AddColumn("run");
        foreach (string c in new[] { "deterred", "Δ", "unmet", "Δ", "mean Δ delivered", "mean Δ delivered: MC 95% CI", "Δ blocked: licence + cap", "deliveries lost per leaked unit avoided" })
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
                Cell(Format(d.MeanDifference), Verdict.WithinNoise(d), mark), $"{Format(d.DifferenceLow)} to {Format(d.DifferenceHigh)}",
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

        string mark = NoiseMark(console);
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
                cells.Add(Cell(value, !x.BeyondNoise, mark));
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

    /// <summary>
    /// One CSV row per compared run (its columns are listed in docs/output-format.md): ASCII headers, numbers
    /// in round-trip form; the verdict is UTF-8 text (<see cref="ComparisonCsv.Utf8WithBom"/> for files).
    /// </summary>
    public static string ToCsv(Comparison comparison)
    {
        var sb = new StringBuilder(
            "label,against,leakedMean,leakedP05,leakedP50,leakedP95,referenceLeakedMean,leakedChange,leakedChangeLow,leakedChangeHigh," +
            "relativeReduction,relativeReductionLow,relativeReductionHigh,probabilityLess,probabilityEqual,probabilityGreater," +
            "pairedIntervalWidth,independentIntervalWidth,deterredMean,deterredChange,unmetMean,unmetChange," +
            "deliveredChange,deliveredChangeLow,deliveredChangeHigh,blockedByLicenceChange,blockedByCapChange,lossPerUnitAvoided,verdict," +
            "leakedChangeMcse,leakedChangeP05,leakedChangeP50,leakedChangeP95,leakedChangeWithinNoise");
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

            sb.Append(',').Append(ComparisonCsv.Field(comparison.VerdictOf(c)));
            foreach (double v in new[] { Verdict.MeanDifferenceStandardError(p), p.DifferenceP05, p.DifferenceP50, p.DifferenceP95 })
            {
                sb.Append(',').Append(ComparisonCsv.Number(v));
            }

            sb.Append(',').Append(Verdict.WithinNoise(p) ? "true" : "false").AppendLine();
        }

        return sb.ToString().TrimEnd();
    }
}
