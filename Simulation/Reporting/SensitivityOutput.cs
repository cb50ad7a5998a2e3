using System.Globalization;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Analysis.Sensitivity;
using Spectre.Console;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The console table, JSON and CSV of <c>exportflow sensitivity</c>.</summary>
internal static class SensitivityOutput
{
    private static string Format(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "#,0" : "0.####", CultureInfo.InvariantCulture) : "–";

    /// <summary>One table per method: input, estimate and its 95 % interval, labelled with what the interval is.</summary>
    public static void Write(IAnsiConsole console, SensitivityReport report)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(report.Scenario)}[/] · {Markup.Escape(report.Policy)} · outcome {Markup.Escape(report.Outcome)} · N = {report.Trials:N0} · seed {report.Seed} · {report.Evaluations:N0} trials run").LeftJustified());
        Table(console, "Rank correlation (Spearman ρ with the outcome; 95% interval by Fisher's z)", "ρ", report.Rank, "");
        Table(console, "Swing (mean change in the outcome when the input goes from its q10 to its q90, others random with common random numbers; 95% paired t interval), tornado order", "swing", report.Swing, "input at");
        Table(console, "Sobol first-order indices S_i (share of the outcome's variance; a correlation group is one factor; 95% bootstrap percentile interval)", "S_i", report.SobolFirst, "factor");
        Table(console, "Sobol total-order indices S_Ti (95% bootstrap percentile interval)", "S_Ti", report.SobolTotal, "factor");
        if (report.SobolUnexplained is { } u)
        {
            console.WriteLine($"1 − ΣS_i (interactions and the engine's own noise): {Format(u.Estimate)} [{Format(u.Low)}, {Format(u.High)}]");
        }
    }

    private static void Table(IAnsiConsole console, string title, string column, IReadOnlyList<SensitivityRow>? rows, string detailColumn)
    {
        if (rows is null)
        {
            return;
        }

        var table = new Table().Title(Markup.Escape(title));
        table.AddColumn(new TableColumn("input").NoWrap());
        table.AddColumn(new TableColumn(column).RightAligned());
        table.AddColumn(new TableColumn("95% low").RightAligned());
        table.AddColumn(new TableColumn("95% high").RightAligned());
        bool extra = rows.Any(r => r.Extra.Length > 0);
        if (extra)
        {
            table.AddColumn(new TableColumn(detailColumn));
        }

        foreach (SensitivityRow r in rows)
        {
            string[] cells = [Markup.Escape(r.Input), Format(r.Estimate), Format(r.Low), Format(r.High)];
            table.AddRow(extra ? [.. cells, Markup.Escape(r.Extra)] : cells);
        }

        console.Write(table);
    }

    /// <summary>The report as JSON.</summary>
    public static string ToJson(SensitivityReport report) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("scenario", report.Scenario);
        w.WriteString("policy", report.Policy);
        w.WriteString("outcome", report.Outcome);
        w.WriteNumber("trials", report.Trials);
        w.WriteString("seed", report.Seed.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("evaluations", report.Evaluations);
        w.WriteStartArray("inputs");
        foreach (string name in report.Inputs)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        Rows(w, "rank", report.Rank);
        Rows(w, "swing", report.Swing);
        Rows(w, "sobolFirstOrder", report.SobolFirst);
        Rows(w, "sobolTotalOrder", report.SobolTotal);
        if (report.SobolUnexplained is { } u)
        {
            w.WritePropertyName("sobolUnexplained");
            Row(w, u);
        }

        w.WriteEndObject();
    });

    private static void Rows(Utf8JsonWriter w, string name, IReadOnlyList<SensitivityRow>? rows)
    {
        if (rows is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (SensitivityRow r in rows)
        {
            Row(w, r);
        }

        w.WriteEndArray();
    }

    private static void Row(Utf8JsonWriter w, SensitivityRow r)
    {
        w.WriteStartObject();
        w.WriteString("input", r.Input);
        Number(w, "estimate", r.Estimate);
        Number(w, "low", r.Low);
        Number(w, "high", r.High);
        w.WriteString("interval", r.Interval);
        if (r.Extra.Length > 0)
        {
            w.WriteString("detail", r.Extra);
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The report as CSV: method,input,estimate,low,high,interval,detail.</summary>
    public static string ToCsv(SensitivityReport report)
    {
        var csv = new StringBuilder("method,input,estimate,low,high,interval,detail").AppendLine();
        foreach (SensitivityRow r in report.Rows)
        {
            csv.Append(r.Method).Append(',').Append(ComparisonCsv.Field(r.Input)).Append(',').Append(ComparisonCsv.Number(r.Estimate)).Append(',')
                .Append(ComparisonCsv.Number(r.Low)).Append(',').Append(ComparisonCsv.Number(r.High)).Append(',')
                .Append(ComparisonCsv.Field(r.Interval)).Append(',').Append(ComparisonCsv.Field(r.Extra)).AppendLine();
        }

        return csv.ToString();
    }
}
