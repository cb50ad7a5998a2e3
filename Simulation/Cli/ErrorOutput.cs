using ExportFlow.Simulation.Scenarios;
using Spectre.Console;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// Standard error: errors, warnings, notes and the progress bar, so that standard output carries only
/// the output the user asked for (a table, JSON or CSV that can be redirected to a file).
/// </summary>
internal sealed class ErrorOutput(TextWriter writer, IAnsiConsole? progress)
{
    /// <summary>The stream itself.</summary>
    public TextWriter Writer { get; } = writer;

    /// <summary>A console on standard error for the progress bar; null when standard error is not an interactive terminal.</summary>
    public IAnsiConsole? Progress { get; } = progress;

    /// <summary>Writes <c>error: message</c>.</summary>
    public void Error(string message) => Writer.WriteLine($"error: {message}");

    /// <summary>Writes <c>warning: message</c>.</summary>
    public void Warning(string message) => Writer.WriteLine($"warning: {message}");

    /// <summary>Writes a line of information that is not the requested output (e.g. where files were written).</summary>
    public void Note(string message) => Writer.WriteLine(message);

    /// <summary>Writes scenario diagnostics one per line as <c>file:line:column: severity: path: message</c>.</summary>
    public void Diagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic d in diagnostics)
        {
            Writer.WriteLine(d.ToString());
        }
    }
}
