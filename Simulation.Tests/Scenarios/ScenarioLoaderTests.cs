using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Scenarios;

public class ScenarioLoaderTests
{
    [Test]
    public void LoadFromString_SeveralMistakes_ReportsEveryOneWithItsLocation()
    {
        LoadResult result = ScenarioLoader.LoadFromString("many.yaml", """
            name: many
            horzon: { periods: 12 }
            nodes:
              - { id: us, kind: supplier, country: US, supply: -5 }
              - { id: sg, kind: hub, country: SGP, diversion: 1.5 }
              - { id: cn, kind: restricted, country: CN, illicitDemand: "pert(10, 5, 20)" }
            edges:
              - { from: us, to: sgg, channel: legit }
              - { from: us, to: sg, channel: legit }
            """);
        string[] lines = [.. result.Diagnostics.Select(d => d.ToString())];
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(lines, Has.Some.StartsWith("many.yaml:2:1: error: horzon: unknown key 'horzon'").And.Some.Contains("did you mean 'horizon'"));
            Assert.That(lines, Has.Some.Contains("missing required key 'horizon'"));
            Assert.That(lines, Has.Some.StartsWith("many.yaml:4:").And.Some.Contains("nodes[0].supply: -5 is negative"));
            Assert.That(lines, Has.Some.Contains("nodes[1].country: 'SGP' is not an ISO 3166 alpha-2 country code"));
            Assert.That(lines, Has.Some.Contains("nodes[1].diversion: 1.5 is outside the domain"));
            Assert.That(lines, Has.Some.Contains("nodes[2].illicitDemand: in pert(10, 5, 20): needs min ≤ mode ≤ max"));
            Assert.That(lines, Has.Some.StartsWith("many.yaml:8:").And.Some.Contains("unknown node 'sgg' (did you mean 'sg'?)"));
            Assert.That(lines, Has.None.Contains("unknown node 'sg'"), "a node with errors of its own is not also reported as unknown");
        });
    }

    [Test]
    public void LoadFromString_ValidScenario_SucceedsWithoutDiagnostics()
    {
        LoadResult result = ScenarioLoader.LoadFromString("ok.yaml", ExportFlow.Simulation.Tests.Cli.CliTestHelper.SingleRoute);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Scenario!.Nodes, Has.Count.EqualTo(4));
            Assert.That(result.Scenario.Policies.Single().Name, Is.EqualTo("half"));
        });
    }
}
