namespace ExportFlow.Simulation.Cli;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The run was interrupted (Ctrl+C); partial results were printed.</summary>
    public const int Interrupted = 130;

    /// <summary>A user mistake: bad scenario, bad option or missing file.</summary>
    public const int UserError = 2;

    /// <summary>An internal failure (a bug): please report it.</summary>
    public const int InternalError = 70;
}
