using System.Text.Json;
using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Analysis;

/// <summary>Scenarios with closed-form answers for the comparison tests, and a runner for <c>exportflow compare</c>.</summary>
internal static class ComparisonScenarios
{
    /// <summary>Logit scale β, per USD.</summary>
    public const double Beta = 0.001;

    /// <summary>Penalty of both hubs, USD per unit caught.</summary>
    public const double Penalty = 10_000;

    /// <summary>Cost of the routes from hub A (Singapore) and hub B (Malaysia), USD per unit.</summary>
    public const double CostA = 1000, CostB = 1500;

    /// <summary>Detection on the route from hub A under the baseline and under 'inspect-a'; hub B's route.</summary>
    public const double DetectionA = 0.1, DetectionAInspected = 0.4, DetectionB = 0.1;

    /// <summary>Periods of the horizon.</summary>
    public const int Periods = 12;

    /// <summary>Premium of the premium variant, USD per unit.</summary>
    public const double Premium = 3000;

    /// <summary>
    /// Two suppliers, each feeding one diverting hub (A in SG, B in MY) with far more capacity than the
    /// illicit demand; each hub has one single-edge illicit route to the restricted node; lot 1.
    /// Policies: 'inspect-a' raises detection on A's route; 'kyc-b' lowers B's diversion (never binding);
    /// 'no-op' scales A's diversion by 1.
    /// </summary>
    /// <param name="demand">Illicit demand per period: a literal or a distribution.</param>
    /// <param name="premium">Adds the premium (deterrence) when true.</param>
    /// <param name="detectionA">Detection on A's route in the baseline.</param>
    public static string TwoHubs(string demand = "uniform(50, 150)", bool premium = false, double detectionA = DetectionA) => $$"""
        name: two-hubs
        horizon: { periods: {{Periods}} }
        run: { trials: 2000, seed: 5 }
        parameters:
          demandCn: { value: "{{demand}}", perPeriod: true }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 10000 }
          - { id: tw, kind: supplier, country: TW, supply: 10000 }
          - { id: hub-a, kind: hub, country: SG, diversion: 0.5, penalty: {{Penalty}}, lot: 1 }
          - { id: hub-b, kind: hub, country: MY, diversion: 0.5, penalty: {{Penalty}}, lot: 1 }
          - { id: mkt-a, kind: market, country: SG, demand: .inf }
          - { id: mkt-b, kind: market, country: MY, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demandCn, beta: {{Beta}}{{(premium ? $", premium: {Premium}" : "")}} }
        edges:
          - { from: us, to: hub-a, channel: legit }
          - { from: tw, to: hub-b, channel: legit }
          - { from: hub-a, to: mkt-a, channel: legit }
          - { from: hub-b, to: mkt-b, channel: legit }
          - { id: a-cn, from: hub-a, to: cn, channel: illicit, detection: {{detectionA}}, cost: {{CostA}} }
          - { id: b-cn, from: hub-b, to: cn, channel: illicit, detection: {{DetectionB}}, cost: {{CostB}} }
        policies:
          - name: inspect-a
            rules:
              - nodes: { id: hub-a }
                inspection: { at: exit, set: {{DetectionAInspected}} }
          - name: kyc-b
            rules:
              - nodes: { id: hub-b }
                scale: { diversion: 0.9 }
          - name: no-op
            rules:
              - nodes: { id: hub-a }
                scale: { diversion: 1 }
        """;

    /// <summary>
    /// One hub whose diversion capacity binds (illicit demand far above it) and whose supply is
    /// uncertain; policy 'kyc' scales diversion by 0.8, so baseline and policy leakage both rise with
    /// the same supply draw.
    /// </summary>
    public const string Binding = """
        name: binding
        horizon: { periods: 6 }
        run: { trials: 4000, seed: 9 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: "uniform(5000, 15000)" }
          - { id: hub, kind: hub, country: SG, diversion: 0.1, lot: 1 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1000000, beta: 0.001 }
        edges:
          - { from: us, to: hub, channel: legit }
          - { from: hub, to: mkt, channel: legit }
          - { id: hub-cn, from: hub, to: cn, channel: illicit, detection: 0.1, cost: 100 }
        policies:
          - name: kyc
            rules:
              - nodes: { id: hub }
                scale: { diversion: 0.8 }
        """;

    /// <summary>Path-size logit weights of the two routes (single edges, so every path size is 1).</summary>
    public static (double A, double B) Weights(double detectionA)
    {
        double cA = CostA + (Penalty * detectionA), cB = CostB + (Penalty * DetectionB);
        double uA = -Beta * cA, uB = -Beta * cB, max = Math.Max(uA, uB);
        double eA = Math.Exp(uA - max), eB = Math.Exp(uB - max);
        return (eA / (eA + eB), eB / (eA + eB));
    }

    /// <summary>S = Σ_k e^{β(π − c_k)}·PS_k of the premium variant.</summary>
    public static double DeterrenceSum(double detectionA)
    {
        double cA = CostA + (Penalty * detectionA), cB = CostB + (Penalty * DetectionB);
        return Math.Exp(Beta * (Premium - cA)) + Math.Exp(Beta * (Premium - cB));
    }

    /// <summary>Writes <paramref name="yaml"/> to a new temporary file and returns its path.</summary>
    public static string WriteScenario(string yaml, string name = "scenario.yaml")
    {
        string directory = Path.Combine(Path.GetTempPath(), "exportflow-compare-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A new empty output folder path (not created).</summary>
    public static string NewOutDirectory() =>
        Path.Combine(Path.GetTempPath(), "exportflow-compare-tests", Guid.NewGuid().ToString("N"), "out");

    /// <summary>Runs the command line on a test console 400 columns wide.</summary>
    public static Tests.Cli.CliResult Run(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        using var errors = new StringWriter();
        int code = CliApp.Run(args, console, errors);
        return new Tests.Cli.CliResult(code, console.Output, errors.ToString());
    }

    /// <summary>Runs <c>compare</c> with --out and returns the parsed comparison.json.</summary>
    public static (JsonDocument Json, string Out, string Output) Compare(params string[] args)
    {
        string @out = NewOutDirectory();
        var (code, output) = Run(["compare", .. args, "--threads", "2", "--out", @out]);
        Assert.That(code, Is.Zero, output);
        return (JsonDocument.Parse(File.ReadAllText(Path.Combine(@out, "comparison.json"))), @out, output);
    }

    /// <summary>The run with label <paramref name="label"/> in comparison.json.</summary>
    public static JsonElement RunOf(JsonDocument json, string label) =>
        json.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label);

    /// <summary>The comparison with label <paramref name="label"/> in comparison.json.</summary>
    public static JsonElement ComparisonOf(JsonDocument json, string label) =>
        json.RootElement.GetProperty("comparisons").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label);

    /// <summary>An element of a summary's array (byRoute, interdictedByEdge, …) whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    public static JsonElement Row(JsonElement array, string key, string value) =>
        array.EnumerateArray().Single(r => r.GetProperty(key).GetString() == value);
}
