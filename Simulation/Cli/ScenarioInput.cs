using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console;

namespace ExportFlow.Simulation.Cli;

/// <summary>Loads a scenario for a command, printing diagnostics; a user error ends the command with exit code 2.</summary>
internal static class ScenarioInput
{
    public static Scenario Load(IAnsiConsole console, string path)
    {
        LoadResult result = ScenarioLoader.Load(path);
        ConsoleText.Diagnostics(console, result.Diagnostics);
        if (!result.Succeeded)
        {
            int errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            throw new UserErrorException($"{path}: {errors} error(s); nothing was run");
        }

        return result.Scenario!;
    }

    public static Policy? FindPolicy(Scenario scenario, string? name)
    {
        if (string.IsNullOrEmpty(name) || name == "baseline")
        {
            return null;
        }

        return scenario.FindPolicy(name) ?? throw new UserErrorException(
            $"policy '{name}' is not in {scenario.File}; available: {(scenario.Policies.Count == 0 ? "none (only the baseline)" : string.Join(", ", scenario.Policies.Select(p => p.Name)))}");
    }
}
