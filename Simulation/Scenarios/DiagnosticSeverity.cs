namespace ExportFlow.Simulation.Scenarios;

/// <summary>How serious a diagnostic is. Errors stop a run; warnings do not.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The scenario cannot be run.</summary>
    Error,

    /// <summary>The scenario runs, but probably not as meant.</summary>
    Warning,
}
