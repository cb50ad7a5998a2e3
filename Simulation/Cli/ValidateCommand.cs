using System.ComponentModel;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow validate FILE...</c>: checks scenario files and prints OK or every diagnostic.</summary>
internal sealed class ValidateCommand(IAnsiConsole console) : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Scenario files (YAML) to check.")]
        public string[] Files { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int exit = ExitCodes.Ok;
        foreach (string file in settings.Files)
        {
            LoadResult result = ScenarioLoader.Load(file);
            ConsoleText.Diagnostics(console, result.Diagnostics);
            if (result.Succeeded)
            {
                int warnings = result.Diagnostics.Count;
                ConsoleText.Line(console, warnings == 0 ? $"OK {file}" : $"OK {file} ({warnings} warning(s))");
            }
            else
            {
                int errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                ConsoleText.Line(console, $"FAILED {file}: {errors} error(s)");
                exit = ExitCodes.UserError;
            }
        }

        return exit;
    }
}
