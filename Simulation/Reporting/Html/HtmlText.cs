using System.Globalization;
using System.Net;
using System.Text;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>Small helpers for writing HTML by hand: escaping, numbers, tables.</summary>
internal static class HtmlText
{
    /// <summary>Text escaped for an element's content or a quoted attribute.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number for reading: up to 6 significant digits, invariant culture; an en dash for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(Math.Abs(value) >= 1e6 ? "N0" : "G6", CultureInfo.InvariantCulture);

    /// <summary>A number exactly, as in the JSON (round-trip format); empty for NaN.</summary>
    public static string Exact(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A table cell with a number: shown rounded, and carrying the exact value and its JSON path in
    /// <c>data-key</c> and <c>data-value</c>, so a reader (or a test) can check it against the JSON.
    /// </summary>
    public static string Cell(string key, double value) =>
        $"<td class=\"num\" data-key=\"{Escape(key)}\" data-value=\"{Exact(value)}\">{Number(value)}</td>";

    /// <summary>A table: a header row and body rows of ready-made cells (each row's cells already in td tags).</summary>
    public static string Table(string id, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? caption = null)
    {
        var html = new StringBuilder();
        html.Append("<table id=\"").Append(Escape(id)).Append("\">");
        if (caption is not null)
        {
            html.Append("<caption>").Append(Escape(caption)).Append("</caption>");
        }

        html.Append("<thead><tr>");
        foreach (string h in headers)
        {
            html.Append("<th>").Append(Escape(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (IEnumerable<string> row in rows)
        {
            html.Append("<tr>").AppendJoin("", row).Append("</tr>");
        }

        return html.Append("</tbody></table>").AppendLine().ToString();
    }

    /// <summary>A text cell.</summary>
    public static string TextCell(string text) => $"<td>{Escape(text)}</td>";

    /// <summary>A definition list of label/value pairs (values escaped).</summary>
    public static string Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var html = new StringBuilder("<dl class=\"facts\">");
        foreach (var (label, value) in facts)
        {
            html.Append("<dt>").Append(Escape(label)).Append("</dt><dd>").Append(Escape(value)).Append("</dd>");
        }

        return html.Append("</dl>").AppendLine().ToString();
    }
}
