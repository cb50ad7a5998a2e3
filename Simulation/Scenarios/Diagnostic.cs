using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>One problem found in a scenario file.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Location">File, line and column.</param>
/// <param name="Path">Key path such as <c>edges[3].detection</c>; empty for whole-file problems.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, SourceLocation Location, string Path, string Message)
{
    /// <summary>Formats as <c>file:line:column: error: path: message</c>.</summary>
    public override string ToString()
    {
        string severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        string where = Location.Line > 0 ? Location.ToString() : Location.File;
        return Path.Length == 0 ? $"{where}: {severity}: {Message}" : $"{where}: {severity}: {Path}: {Message}";
    }
}
