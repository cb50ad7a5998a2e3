using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Benchmarks;

/// <summary>Scenarios the benchmarks run: the bundled files in <c>scenarios/</c>, or synthetic networks.</summary>
internal static class BenchmarkInputs
{
    /// <summary>The seed of every benchmark's random streams.</summary>
    public const ulong Seed = 1;

    /// <summary>Name of the stand-in used when the repository bundles no scenario: 30 nodes, 12 periods.</summary>
    public const string Synthetic30 = "synthetic-30";

    /// <summary>
    /// The small model of issue #15 (<c>Benchmarks/scenarios/small-1p.yaml</c>): one period, one supplier, two
    /// sources with one route each, six uncertain inputs; where the per-trial fixed costs show.
    /// </summary>
    public const string Small = "small-1p.yaml";

    /// <summary>
    /// The repository root: the first directory holding ExportFlow.sln above the working directory or the
    /// benchmark binary (BenchmarkDotNet runs each case from a generated folder under Benchmarks/bin).
    /// </summary>
    public static string? RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "ExportFlow.sln")))
                {
                    return d.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>File names of <c>scenarios/*.yaml</c> in file-name order, or <see cref="Synthetic30"/> alone when there are none.</summary>
    public static IReadOnlyList<string> ScenarioNames()
    {
        string? root = RepositoryRoot();
        string folder = root is null ? "" : Path.Combine(root, "scenarios");
        string[] files = Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
        return files.Length > 0 ? files : [Synthetic30];
    }

    /// <summary>Loads a name from <see cref="ScenarioNames"/>; throws with the diagnostics when it does not validate.</summary>
    public static Scenario Load(string name)
    {
        LoadResult result = name == Synthetic30
            ? ScenarioLoader.LoadFromString("synthetic-30.yaml", SyntheticNetwork.Yaml(30, 12, Seed))
            : ScenarioLoader.Load(Path.Combine(RepositoryRoot() ?? ".", name == Small ? Path.Combine("Benchmarks", "scenarios") : "scenarios", name));
        return result.Succeeded
            ? result.Scenario!
            : throw new InvalidOperationException($"{name} does not validate:\n{string.Join('\n', result.Diagnostics)}");
    }

    /// <summary>Loads a synthetic network; throws with the diagnostics when it does not validate.</summary>
    public static Scenario Synthetic(int nodes, int periods)
    {
        LoadResult result = ScenarioLoader.LoadFromString($"synthetic-{nodes}x{periods}.yaml", SyntheticNetwork.Yaml(nodes, periods, Seed));
        return result.Succeeded
            ? result.Scenario!
            : throw new InvalidOperationException($"synthetic {nodes}x{periods} does not validate:\n{string.Join('\n', result.Diagnostics)}");
    }

    /// <summary>The baseline plan of a scenario.</summary>
    public static FlowPlan Baseline(Scenario scenario) => PlanCompiler.Compile(scenario, null);
}
