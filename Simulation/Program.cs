using ExportFlow.Simulation.Cli;

namespace ExportFlow.Simulation;

internal static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C stops the run and prints the result so far; a second one ends the process.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        return CliApp.Run(args, null, cancel.Token);
    }
}
