using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Cli;

/// <summary>Loads a scenario for a command, printing its diagnostics on standard error; an error ends the command with exit code 2.</summary>
internal static class ScenarioInput
{
    /// <summary>Loads <paramref name="path"/>; its warnings are printed and returned with it. <paramref name="timings"/>, if given, receives where the time went (bench).</summary>
    public static LoadedScenario Load(ErrorOutput errors, string path, LoadTimings? timings = null)
    {
        LoadResult result = ScenarioLoader.Load(path, timings);
        errors.Diagnostics(result.Diagnostics);
        if (!result.Succeeded)
        {
            int count = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            throw new UserErrorException($"{path}: {count} error(s); nothing was run");
        }

        return new LoadedScenario(result.Scenario!, [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)]);
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
