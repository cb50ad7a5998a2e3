using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The look every chart shares: the Okabe–Ito palette (distinguishable with the common forms of colour
/// blindness), black for the reference run, and a caption naming what the chart shows.
/// </summary>
internal static class ChartStyle
{
    /// <summary>Okabe–Ito colours, black first: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.</summary>
    public static readonly IReadOnlyList<string> Hex = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

    /// <summary>Grey for secondary marks (zero lines, priors).</summary>
    public static readonly Color Grey = Color.FromHex("#7F7F7F");

    /// <summary>Black: the reference (baseline) run.</summary>
    public static readonly Color Reference = Colors.Black;

    /// <summary>
    /// Colour of series <paramref name="index"/> (0-based) other than the reference: the Okabe–Ito colours
    /// without black, with yellow last (it is pale on white), cycling.
    /// </summary>
    public static Color Series(int index)
    {
        string[] order = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"];
        return Color.FromHex(order[((index % order.Length) + order.Length) % order.Length]);
    }

    /// <summary>The caption line: scenario, policy, seed, trial count and tool version.</summary>
    public static string Caption(string scenario, string policy, ulong seed, long trials, bool partial = false) =>
        $"{scenario} · policy {policy} · seed {seed} · {trials:N0} trials{(partial ? " (partial)" : "")} · exportflow {Cli.CliApp.VersionText}";

    /// <summary>Longest caption line, characters, so that a caption fits a chart 1,000 pixels wide.</summary>
    public const int CaptionLine = 85;

    /// <summary>Sets the title with the caption below it, wrapped at " · " and ", " to lines that fit.</summary>
    public static void Title(Plot plot, string title, string caption)
    {
        // Long titles are broken between words at the caption's width, so no title runs off a chart's edge.
        plot.Title(string.Join("\n", WrapWords(title, CaptionLine)) + "\n" + string.Join("\n", Wrap(caption, CaptionLine)));
        plot.Axes.Title.Label.FontSize = 15;
    }

    /// <summary><paramref name="text"/> in lines of at most <paramref name="width"/> characters, broken between words (a longer word keeps its own line).</summary>
    public static IReadOnlyList<string> WrapWords(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    /// <summary><paramref name="text"/> in lines of at most <paramref name="width"/> characters where it can break (after " · " or ", ").</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        var pieces = System.Text.RegularExpressions.Regex.Split(text, "(?<= · )|(?<=, )");
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string piece in pieces)
        {
            if (line.Length > 0 && line.Length + piece.TrimEnd().Length > width)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }

            line.Append(piece);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }

        return lines;
    }
}
