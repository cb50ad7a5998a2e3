namespace ExportFlow.Simulation;

internal static class Program
{
    public static int Main(string[] args) => Cli.CliApp.Run(args);
}
