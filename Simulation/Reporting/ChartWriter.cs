using ScottPlot;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// Saves charts into an output folder in the chosen <see cref="ChartFormat"/>, each with the CSV of the numbers
/// it was drawn from, atomically; keeps every chart's SVG for the HTML report, and the names of the files written.
/// </summary>
internal sealed class ChartWriter(string directory, ChartFormat format = ChartFormat.Png)
{
    private readonly List<string> _files = [];
    private readonly List<RenderedChart> _charts = [];

    /// <summary>The folder the charts go in.</summary>
    public string Directory { get; } = directory;

    /// <summary>Format of the image files.</summary>
    public ChartFormat Format { get; } = format;

    /// <summary>Extension of the image files, with the dot.</summary>
    public string Extension => ExtensionOf(Format);

    /// <summary>Files written so far, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Charts written so far, in order, with their SVG.</summary>
    public IReadOnlyList<RenderedChart> Charts => _charts;

    /// <summary>Extension of a chart format's files, with the dot.</summary>
    public static string ExtensionOf(ChartFormat format) => format == ChartFormat.Svg ? ".svg" : ".png";

    /// <summary>Parses a <c>--chart-format</c> value; null when it is not png or svg.</summary>
    public static ChartFormat? Parse(string text) => text switch
    {
        "png" => ChartFormat.Png,
        "svg" => ChartFormat.Svg,
        _ => null,
    };

    /// <summary>Writes chart <paramref name="name"/> (and <paramref name="csv"/> as name.csv when given).</summary>
    public void Save(string name, Plot plot, int width, int height, string? csv = null, string? title = null)
    {
        string svg = plot.GetSvgXml(width, height);
        string image = name + Extension;
        if (Format == ChartFormat.Svg)
        {
            AtomicFile.WriteAllText(Path.Combine(Directory, image), svg);
        }
        else
        {
            AtomicFile.WriteAllBytes(Path.Combine(Directory, image), plot.GetImageBytes(width, height, ImageFormat.Png));
        }

        _files.Add(image);
        if (csv is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(Directory, name + ".csv"), csv);
            _files.Add(name + ".csv");
        }

        _charts.Add(new RenderedChart(name, title ?? name, image, csv is null ? null : name + ".csv", svg));
    }
}
