using ExportFlow.Simulation.Scenarios;
using Spectre.Console;

namespace ExportFlow.Simulation.Cli;

/// <summary>Plain-text output that is never wrapped, so diagnostics stay one per line for tools and tests.</summary>
internal static class ConsoleText
{
    public static void Line(IAnsiConsole console, string text) => console.Profile.Out.Writer.WriteLine(text);

    public static void Diagnostics(IAnsiConsole console, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic d in diagnostics)
        {
            Line(console, d.ToString());
        }
    }
}
