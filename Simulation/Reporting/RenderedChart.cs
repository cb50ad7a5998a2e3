namespace ExportFlow.Simulation.Reporting;

/// <summary>One chart as written: its name, title, files and SVG (for the HTML report).</summary>
/// <param name="Name">Name without extension.</param>
/// <param name="Title">Short title for the report.</param>
/// <param name="Image">The image file's name.</param>
/// <param name="Csv">The data CSV's name, or null.</param>
/// <param name="Svg">The chart as an SVG document.</param>
internal sealed record RenderedChart(string Name, string Title, string Image, string? Csv, string Svg);
