using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>Collects every diagnostic of a file, so the user sees all problems at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>All diagnostics in the order found.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True when at least one error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Reports an error.</summary>
    public void Error(SourceLocation location, string path, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, location, path, message));

    /// <summary>Reports a warning.</summary>
    public void Warning(SourceLocation location, string path, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, location, path, message));

    /// <summary>Diagnostics sorted by line, then column, for printing.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
}
