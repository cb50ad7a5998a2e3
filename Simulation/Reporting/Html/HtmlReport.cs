using System.Text;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>
/// A self-contained HTML page: inline CSS, inline SVG, no script that runs and no external resource, so it opens
/// offline and can be mailed as one file. Sections are added in order, each a <c>&lt;section id=…&gt;</c>.
/// </summary>
internal sealed class HtmlReport(string title)
{
    /// <summary>File name of the report in an output folder.</summary>
    public const string FileName = "report.html";

    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:2em auto;max-width:1100px;color:#111;background:#fff;line-height:1.4}
        h1{font-size:1.6em;border-bottom:3px solid #0072B2;padding-bottom:.2em}
        h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #bbb}
        table{border-collapse:collapse;margin:1em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#eef3f8}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        caption{text-align:left;font-weight:bold;padding:.3em 0}
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
        dl.facts dt{font-weight:bold}
        dl.facts dd{margin:0;word-break:break-all}
        figure{margin:1.5em 0}
        figure svg{max-width:100%;height:auto;border:1px solid #ddd}
        figcaption{font-size:.9em;color:#333}
        .verdict{border-left:5px solid #0072B2;padding:.3em .8em;background:#f4f8fb;margin:.6em 0}
        .note{font-size:.9em;color:#333}
        code{font-size:.95em}
        div.wide{overflow-x:auto;max-width:100%}
        div.wide td{white-space:nowrap}
        details summary{cursor:pointer;margin:.5em 0}
        """;

    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Heading)> _sections = [];

    /// <summary>Ids of the sections added so far.</summary>
    public IEnumerable<string> SectionIds => _sections.Select(s => s.Id);

    /// <summary>Adds a section with already-escaped <paramref name="html"/>.</summary>
    public HtmlReport Section(string id, string heading, string html)
    {
        _sections.Add((id, heading));
        _body.Append("<section id=\"").Append(HtmlText.Escape(id)).Append("\"><h2>").Append(HtmlText.Escape(heading)).Append("</h2>").AppendLine()
            .Append(html).AppendLine("</section>");
        return this;
    }

    /// <summary>
    /// Embeds a JSON document as an inert data block (<c>type="application/json"</c> is never run), so the page
    /// carries the exact numbers it shows.
    /// </summary>
    public static string JsonBlock(string id, string json) =>
        $"<script type=\"application/json\" id=\"{HtmlText.Escape(id)}\">{json.Replace("</", "<\\/", StringComparison.Ordinal)}</script>";

    /// <summary>The whole page.</summary>
    public override string ToString()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(HtmlText.Escape(title)).AppendLine("</title>")
            .Append("<style>").Append(Style).AppendLine("</style></head><body>")
            .Append("<h1>").Append(HtmlText.Escape(title)).AppendLine("</h1>")
            .Append("<nav><p class=\"note\">Contents: ");
        html.AppendJoin(" · ", _sections.Select(s => $"<a href=\"#{HtmlText.Escape(s.Id)}\">{HtmlText.Escape(s.Heading)}</a>"));
        html.AppendLine("</p></nav>").Append(_body)
            .Append("<footer><p class=\"note\">Written by exportflow ").Append(HtmlText.Escape(Cli.CliApp.VersionText))
            .AppendLine(". This page is self-contained: it loads nothing from the network.</p></footer>")
            .AppendLine("</body></html>");
        return html.ToString();
    }
}
