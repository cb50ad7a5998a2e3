using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>Builds small random networks that exercise every mechanism of a period.</summary>
internal static class TestNetworks
{
    public static Scenario Load(string yaml)
    {
        LoadResult result = ScenarioLoader.LoadFromString("test.yaml", yaml);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }

    public static FlowPlan Compile(string yaml, string? policy = null)
    {
        Scenario scenario = Load(yaml);
        return PlanCompiler.Compile(scenario, policy is null ? null : scenario.FindPolicy(policy));
    }

    /// <summary>A random network: two suppliers, diverting hubs, a forwarding hub, capped and licensed markets, stock, a premium and substitution.</summary>
    public static string Random(int seed)
    {
        var stream = new EventStream(SplitMix64.Mix(0xC0FFEE, (ulong)seed));
        string U(double lo, double hi) => (lo + (hi - lo) * stream.NextUniform()).ToString("0.####", CultureInfo.InvariantCulture);
        bool Coin() => stream.NextUniform() < 0.5;
        string premium = Coin() ? $"premium: {U(500, 5000)}, " : "";
        string cap = Coin() ? "per: period" : "per: horizon";
        return $$"""
            name: random-{{seed}}
            horizon: { periods: {{(int)(2 + 5 * stream.NextUniform())}} }
            parameters:
              demandCn: { value: "uniform(0, {{U(10, 3000)}})", perPeriod: true }
            nodes:
              - { id: us, kind: supplier, country: US, supply: {{U(0, 2000)}}, initialStock: {{U(0, 100)}} }
              - { id: tw, kind: supplier, country: TW, supply: "uniform(0, {{U(1, 900)}})" }
              - { id: sg, kind: hub, country: SG, demand: {{U(0, 300)}}, diversion: {{U(0, 1)}}, penalty: {{U(0, 3000)}}, lot: {{U(1, 20)}}, verification: {{U(0, 1)}} }
              - { id: my, kind: reseller, country: MY, demand: {{U(0, 300)}}, diversion: "pert(0, {{U(0.1, 0.5)}}, 0.9)", lot: {{U(1, 3)}}, initialStock: {{U(0, 50)}} }
              - { id: hk, kind: hub, country: HK }
              - { id: sg-mkt, kind: market, country: SG, demand: {{U(0, 500)}}, initialStock: {{U(0, 80)}} }
              - { id: my-mkt, kind: market, country: MY, demand: .inf }
              - { id: jp, kind: market, country: JP, demand: {{U(0, 800)}} }
              - { id: cn, kind: restricted, country: CN, illicitDemand: demandCn, beta: {{U(0.0001, 0.01)}}, {{premium}}substitution: {{U(0, 1)}} }
            edges:
              - { from: us, to: sg, channel: legit, weight: {{U(0.1, 3)}}, approval: {{U(0.3, 1)}}, lot: {{U(1, 40)}} }
              - { from: us, to: my, channel: legit, weight: {{U(0.1, 3)}}, billedTo: SG }
              - { from: us, to: jp, channel: legit, weight: {{U(0.1, 3)}} }
              - { from: tw, to: my, channel: legit, approval: {{U(0.2, 1)}} }
              - { from: tw, to: cn, channel: legit, weight: {{U(0, 1)}}, approval: {{U(0, 1)}}, lot: 5 }
              - { from: tw, to: sg-mkt, channel: legit }
              - { from: sg, to: sg-mkt, channel: legit }
              - { from: sg, to: hk, channel: legit, weight: {{U(0, 1)}} }
              - { from: my, to: my-mkt, channel: legit }
              - { from: hk, to: jp, channel: legit }
              - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: {{U(0, 0.5)}}, cost: {{U(0, 2000)}} }
              - { id: sg-hk-x, from: sg, to: hk, channel: illicit, detection: {{U(0, 0.3)}}, cost: {{U(0, 500)}} }
              - { id: my-hk-x, from: my, to: hk, channel: illicit, detection: {{U(0, 0.3)}} }
              - { id: hk-cn, from: hk, to: cn, channel: illicit, detection: {{U(0, 0.3)}}, cost: {{U(0, 1000)}} }
              - { id: my-cn, from: my, to: cn, channel: illicit, detection: {{U(0, 0.5)}}, cost: {{U(0, 2000)}} }
            caps:
              - { id: tier2, amount: {{U(0, 2500)}}, {{cap}}, pool: country, counts: imports, nodes: { country: [SG, MY] } }
              - { id: jp-cap, amount: {{U(0, 500)}}, per: period, counts: all, nodes: { id: jp } }
            """;
    }

    /// <summary>
    /// <see cref="Random"/>'s network with model v2 switched on: capacity-weighted choice (in every other network),
    /// a flag penalty, route learning, and a policy whose rules start and end at random periods (an inspection, a
    /// change to a baseline cap, a timed cap).
    /// </summary>
    public static string RandomV2(int seed)
    {
        string yaml = Random(seed);
        var stream = new EventStream(SplitMix64.Mix(0xBEEF, (ulong)seed));
        string U(double lo, double hi) => (lo + (hi - lo) * stream.NextUniform()).ToString("0.####", CultureInfo.InvariantCulture);
        int periods = int.Parse(yaml.Split("periods: ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        int P() => 1 + (int)(periods * stream.NextUniform());
        int from = P(), until = Math.Max(from, P());
        string choice = seed % 2 == 0 ? "routeChoice: capacity\n" : "";
        yaml = yaml.Replace("parameters:\n", choice + "parameters:\n", StringComparison.Ordinal)
            .Replace("verification: ", $"flagPenalty: {U(0, 5000)}, verification: ", StringComparison.Ordinal)
            .Replace("{ id: cn, kind: restricted, ", $"{{ id: cn, kind: restricted, learning: {U(0.05, 1)}, ", StringComparison.Ordinal);
        return yaml + $$"""

            policies:
              - name: timed
                from: {{from}}
                rules:
                  - nodes: { id: [sg, my] }
                    inspection: { at: exit, add: {{U(0, 0.6)}} }
                  - caps: { id: tier2 }
                    scale: { amount: {{U(0, 1.5)}} }
                    until: {{until}}
                  - nodes: { id: sg-mkt }
                    cap: { amount: {{U(0, 400)}}, per: horizon, counts: all }
                    until: {{until}}
            """;
    }
}
