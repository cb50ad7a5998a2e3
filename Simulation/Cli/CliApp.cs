using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>Builds and runs the <c>exportflow</c> command line.</summary>
public static class CliApp
{
    /// <summary>The commands by name.</summary>
    private static readonly Dictionary<string, Type> s_commands = new(StringComparer.Ordinal)
    {
        ["run"] = typeof(RunCommand),
        ["compare"] = typeof(CompareCommand),
        ["validate"] = typeof(ValidateCommand),
        ["inspect"] = typeof(InspectCommand),
        ["bench"] = typeof(BenchCommand),
        ["sensitivity"] = typeof(SensitivityCommand),
        ["calibrate"] = typeof(CalibrateCommand),
    };

    /// <summary>The tool's version and the commit it was built from, e.g. <c>0.1.0 (commit 20a3f90a6d50)</c>.</summary>
    public static string VersionText
    {
        get
        {
            string informational = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            if (plus < 0)
            {
                return $"{informational} (commit unknown)";
            }

            string commit = informational[(plus + 1)..];
            return $"{informational[..plus]} (commit {commit[..Math.Min(12, commit.Length)]})";
        }
    }

    /// <summary>Runs the command line and returns the process exit code; errors go where <see cref="Run(string[], IAnsiConsole?, TextWriter?, CancellationToken)"/> sends them by default.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Standard output; the real one when null.</param>
    /// <param name="cancellation">Stops a run early (Ctrl+C); partial results are still printed.</param>
    public static int Run(string[] args, IAnsiConsole? console = null, CancellationToken cancellation = default) => Run(args, console, null, cancellation);

    /// <summary>Runs the command line and returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Standard output; the real one when null.</param>
    /// <param name="errors">
    /// Standard error (errors, warnings, notes). When null: the real standard error if <paramref name="console"/>
    /// is null too, else <paramref name="console"/>'s own writer, so a test console sees everything in one place.
    /// </param>
    /// <param name="cancellation">Stops a run early (Ctrl+C); partial results are still printed.</param>
    public static int Run(string[] args, IAnsiConsole? console, TextWriter? errors, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ErrorOutput errorOutput;
        if (console is null)
        {
            console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                // Redirected output has no terminal width; keep tables and numbers on one line.
                console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 40 ? columns : 200;
            }

            IAnsiConsole? progress = Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            errorOutput = new ErrorOutput(errors ?? Console.Error, progress);
        }
        else
        {
            errorOutput = new ErrorOutput(errors ?? console.Profile.Out.Writer, null);
        }

        try
        {
            if (StrictOptions.FirstProblem(args, s_commands, out string[] normalized) is { } problem)
            {
                errorOutput.Error(problem);
                return ExitCodes.UserError;
            }


            if (args.Length == 1 && args[0] is "-v" or "--version")
            {
                console.Profile.Out.Writer.WriteLine($"exportflow {VersionText}");
                return ExitCodes.Ok;
            }

            var registrar = new TypeRegistrar();
            registrar.RegisterInstance(typeof(IAnsiConsole), console);
            registrar.RegisterInstance(typeof(ErrorOutput), errorOutput);
            registrar.RegisterInstance(typeof(RunContext), new RunContext(args, cancellation));
            var app = new CommandApp(registrar);
            app.Configure(config =>
            {
                config.SetApplicationName("exportflow");
                config.SetApplicationVersion(VersionText);
                config.UseStrictParsing();
                config.ConfigureConsole(console);
                config.SetExceptionHandler((ex, _) => HandleException(errorOutput, ex));
                config.AddCommand<RunCommand>("run")
                    .WithDescription("Run a Monte Carlo simulation of a scenario and report leakage with its uncertainty.")
                    .WithExample("run", "scenarios/baseline-2024.yaml", "--trials", "100000", "--out", "out/");
                config.AddCommand<CompareCommand>("compare")
                    .WithDescription("Compare policies with the baseline (or several files' baselines) trial by trial: Δ leakage with its interval, displacement, collateral, verdicts and charts.")
                    .WithExample("compare", "scenarios/baseline-2024.yaml", "--trials", "20000", "--out", "out/compare/");
                config.AddCommand<ValidateCommand>("validate")
                    .WithDescription("Check scenario files and report every problem with file:line:column (warnings too; --strict makes them errors).")
                    .WithExample("validate", "scenarios/baseline-2024.yaml");
                config.AddCommand<InspectCommand>("inspect")
                    .WithDescription("Show the network: nodes, edges, illicit routes with their detection, and the max-flow bound on leakage.")
                    .WithExample("inspect", "scenarios/baseline-2024.yaml");
                config.AddCommand<BenchCommand>("bench")
                    .WithDescription("Measure the engine on a scenario (or a synthetic network): trials/s, ns per trial-period, bytes per trial, parallel speed-up, and the time of each set-up step (read, parse, validate, compile, statistics).")
                    .WithExample("bench", "scenarios/baseline-2024.yaml", "--trials", "50000");
                config.AddCommand<SensitivityCommand>("sensitivity")
                    .WithDescription("Which uncertain inputs drive an outcome: rank correlation, swings (tornado) and Sobol indices, each with its 95% interval.")
                    .WithExample("sensitivity", "scenarios/baseline-2024.yaml", "--method", "rank", "--trials", "20000");
                config.AddCommand<CalibrateCommand>("calibrate")
                    .WithDescription("Update the scenario's uncertain inputs with public evidence (sequential Monte Carlo): posterior inputs, outcomes and how each observation fits.")
                    .WithExample("calibrate", "scenarios/baseline-2024.yaml", "evidence/baseline-2024.yaml", "--particles", "2000", "--out", "out/calibration/");
            });
            return app.Run(normalized, cancellation);
        }
        finally
        {
            errorOutput.Writer.Flush();
        }
    }

    private static int HandleException(ErrorOutput errors, Exception ex)
    {
        switch (ex)
        {
            case Engine.SimulationException sim:
                errors.Error($"the run stopped: {sim.Message}");
                return ExitCodes.UserError;
            case Calibration.CalibrationException calibration:
                errors.Error($"the calibration stopped: {calibration.Message}");
                return ExitCodes.UserError;
            case UserErrorException user:
                errors.Error(user.Message);
                return ExitCodes.UserError;
            case CommandAppException cli:
                errors.Error(cli.InnerException is FormatException format ? format.Message : cli.Message);
                errors.Note("Run 'exportflow --help' to see the commands, or 'exportflow COMMAND --help' for a command's options.");
                return ExitCodes.UserError;
            case IOException or UnauthorizedAccessException:
                errors.Error(ex.Message);
                return ExitCodes.UserError;
            default:
                errors.Error($"internal error (please report it): {ex.GetType().Name}: {ex.Message}");
                errors.Note(ex.ToString());
                return ExitCodes.InternalError;
        }
    }
}
