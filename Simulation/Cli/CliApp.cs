using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>Builds and runs the <c>exportflow</c> command line.</summary>
public static class CliApp
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Console to write to; the real terminal when null.</param>
    /// <param name="cancellation">Stops a run early (Ctrl+C); partial results are still printed.</param>
    public static int Run(string[] args, IAnsiConsole? console = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (console is null)
        {
            console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                // Redirected output has no terminal width; keep tables and numbers on one line.
                console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 40 ? columns : 200;
            }
        }

        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        registrar.RegisterInstance(typeof(RunContext), new RunContext(args, cancellation));
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("exportflow");
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) => HandleException(console, ex));
            config.AddCommand<RunCommand>("run")
                .WithDescription("Run a Monte Carlo simulation of a scenario and report leakage with its uncertainty.")
                .WithExample("run", "scenarios/baseline-2024.yaml", "--trials", "100000", "--out", "out/");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Compare policies with the baseline (or several files' baselines) trial by trial: Δ leakage with its interval, displacement, collateral, verdicts and charts.")
                .WithExample("compare", "scenarios/baseline-2024.yaml", "--trials", "20000", "--out", "out/compare/");
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check scenario files and report every problem with file:line:column.")
                .WithExample("validate", "scenarios/baseline-2024.yaml");
            config.AddCommand<InspectCommand>("inspect")
                .WithDescription("Show the network: nodes, edges, illicit routes with their detection, and the max-flow bound on leakage.")
                .WithExample("inspect", "scenarios/baseline-2024.yaml");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Measure the engine on a scenario (or a synthetic network): trials/s, ns per trial-period, bytes per trial, parallel speed-up.")
                .WithExample("bench", "scenarios/baseline-2024.yaml", "--trials", "50000");
        });
        return app.Run(args, cancellation);
    }

    private static int HandleException(IAnsiConsole console, Exception ex)
    {
        switch (ex)
        {
            case Engine.SimulationException sim:
                ConsoleText.Line(console, $"error: the run stopped: {sim.Message}");
                return ExitCodes.UserError;
            case UserErrorException user:
                ConsoleText.Line(console, $"error: {user.Message}");
                return ExitCodes.UserError;
            case CommandAppException cli:
                ConsoleText.Line(console, $"error: {cli.Message}");
                ConsoleText.Line(console, "Run 'exportflow --help' to see the commands and their options.");
                return ExitCodes.UserError;
            case IOException or UnauthorizedAccessException:
                ConsoleText.Line(console, $"error: {ex.Message}");
                return ExitCodes.UserError;
            default:
                ConsoleText.Line(console, $"internal error (please report it): {ex.GetType().Name}: {ex.Message}");
                ConsoleText.Line(console, ex.ToString());
                return ExitCodes.InternalError;
        }
    }
}
