using System.Globalization;
using System.Text.RegularExpressions;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// Reads numbers typed on the command line the way people write them: <c>100000</c>, <c>1e5</c>,
/// <c>100_000</c> and <c>100,000</c> (commas only between groups of three digits).
/// </summary>
internal static partial class NumberText
{
    /// <summary>Reads a finite number; false for anything else (text, NaN, infinity, misplaced separators).</summary>
    public static bool TryParseReal(string? text, out double value)
    {
        value = 0;
        if (Normalize(text) is not { } plain)
        {
            return false;
        }

        return double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Reads a whole number (1e5 counts, 1.5 does not); exact up to ±7.9e28.</summary>
    public static bool TryParseWhole(string? text, out decimal value)
    {
        value = 0;
        if (Normalize(text) is not { } plain)
        {
            return false;
        }

        try
        {
            if (!decimal.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }
        catch (OverflowException)
        {
            // decimal.TryParse throws instead of returning false for some huge exponents.
            return false;
        }

        return value == decimal.Truncate(value);
    }

    /// <summary>The text without digit-group separators, or null when a separator is misplaced.</summary>
    private static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string t = text.Trim();
        if (t.Contains(',', StringComparison.Ordinal))
        {
            if (!ThousandsPattern().IsMatch(t))
            {
                return null;
            }

            t = t.Replace(",", "", StringComparison.Ordinal);
        }

        if (t.Contains('_', StringComparison.Ordinal))
        {
            if (!UnderscorePattern().IsMatch(t))
            {
                return null;
            }

            t = t.Replace("_", "", StringComparison.Ordinal);
        }

        return PlainPattern().IsMatch(t) ? t : null;
    }

    [GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsPattern();

    [GeneratedRegex(@"^[+-]?\d+(_\d+)*(\.\d+(_\d+)*)?([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnderscorePattern();

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainPattern();
}
