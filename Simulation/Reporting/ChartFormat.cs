namespace ExportFlow.Simulation.Reporting;

/// <summary>File format of the charts a command writes with <c>--out</c> (<c>--chart-format</c>).</summary>
internal enum ChartFormat
{
    /// <summary>PNG raster images (the default).</summary>
    Png,

    /// <summary>SVG vector images, which scale without blurring in reports.</summary>
    Svg,
}
