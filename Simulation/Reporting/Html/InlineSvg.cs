using System.Text.RegularExpressions;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>Prepares an SVG document for inlining in HTML: no XML declaration or doctype, and ids made unique per chart.</summary>
internal static partial class InlineSvg
{
    /// <summary>
    /// <paramref name="svg"/> without its prologue, with every <c>id</c> and every reference to one
    /// (<c>url(#…)</c>, <c>href="#…"</c>) prefixed by <paramref name="prefix"/>, so that two charts on one page
    /// cannot take each other's clip paths.
    /// </summary>
    public static string Of(string svg, string prefix)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        string body = start >= 0 ? svg[start..] : svg;
        body = IdAttribute().Replace(body, m => $"id=\"{prefix}-{m.Groups[1].Value}\"");
        body = UrlReference().Replace(body, m => $"url(#{prefix}-{m.Groups[1].Value})");
        return HrefReference().Replace(body, m => $"{m.Groups[1].Value}=\"#{prefix}-{m.Groups[2].Value}\"");
    }

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("(href|xlink:href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
