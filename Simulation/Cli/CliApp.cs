namespace ExportFlow.Simulation.Cli;

/// <summary>Builds the exportflow command line.</summary>
public static class CliApp
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return 0;
    }
}
