using System.ComponentModel;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow validate FILE...</c>: checks scenario files and prints OK or every diagnostic.</summary>
internal sealed class ValidateCommand(IAnsiConsole console, ErrorOutput errors) : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Scenario files (YAML) to check.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--strict")]
        [Description("Treat warnings as errors: a file with a warning fails (exit code 2).")]
        public bool Strict { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int exit = ExitCodes.Ok;
        foreach (string file in settings.Files)
        {
            LoadResult result = ScenarioLoader.Load(file);
            errors.Diagnostics(result.Diagnostics);
            int errorCount = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            int warningCount = result.Diagnostics.Count - errorCount;
            if (result.Succeeded && !(settings.Strict && warningCount > 0))
            {
                ConsoleText.Line(console, warningCount == 0 ? $"OK {file}" : $"OK {file} ({warningCount} warning(s))");
            }
            else if (result.Succeeded)
            {
                ConsoleText.Line(console, $"FAILED {file}: {warningCount} warning(s), which --strict treats as errors");
                exit = ExitCodes.UserError;
            }
            else
            {
                ConsoleText.Line(console, $"FAILED {file}: {errorCount} error(s)");
                exit = ExitCodes.UserError;
            }
        }

        return exit;
    }
}
