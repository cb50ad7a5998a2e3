using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>Runs the command line in-process against a test console.</summary>
internal static class CliTestHelper
{
    public static CliResult Run(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        using var errors = new StringWriter();
        int code = CliApp.Run(args, console, errors);
        return new CliResult(code, console.Output, errors.ToString());
    }

    public static string WriteScenario(string yaml)
    {
        string path = Path.Combine(Path.GetTempPath(), $"exportflow-test-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static string TempDirectory() => Path.Combine(Path.GetTempPath(), $"exportflow-out-{Guid.NewGuid():N}");

    public static string RepositoryRoot() => Scenarios.ScenarioCorpus.Root;

    public static IEnumerable<string> BundledScenarios() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot(), "scenarios"), "*.yaml").Order(StringComparer.Ordinal);

    /// <summary>One supplier, one diverting hub, one route: E[leaked per period] = d·S·(1 − p).</summary>
    public const string SingleRoute = """
        name: single-route
        horizon: { periods: 12, unit: month }
        run: { trials: 4000, seed: 7 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: 0.1 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0.2 }
        policies:
          - name: half
            rules:
              - nodes: { id: sg }
                scale: { diversion: 0.5 }
        """;
}
