using System.Globalization;
using System.Text;

namespace ExportFlow.Simulation.Reporting;

/// <summary>CSV fields for the comparison's files: RFC 4180 quoting, round-trip numbers (0 for either zero), empty for a missing number.</summary>
internal static class ComparisonCsv
{
    /// <summary>A text field, quoted when it holds a comma, a quote or a line break.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    /// <summary>
    /// <paramref name="csv"/> as UTF-8 bytes behind a byte-order mark, so that Excel reads the non-ASCII
    /// text of a verdict (Δ, ±, –) as UTF-8 instead of the local code page.
    /// </summary>
    public static byte[] Utf8WithBom(string csv) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv + Environment.NewLine)];

    /// <summary>A number in round-trip form, or an empty field when it is NaN or infinite.</summary>
    public static string Number(double v) => !double.IsFinite(v) ? "" : v == 0 ? "0" : v.ToString("R", CultureInfo.InvariantCulture);
}
