using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Tests.Engine;

namespace ExportFlow.Simulation.Tests.Analysis;

public class TargetedCountriesTests
{
    private static readonly Scenario s_scenario = TestNetworks.Load(ComparisonScenarios.TwoHubs() + """

          - name: edge-rule
            rules:
              - edges: { id: b-cn, channel: illicit }
                scale: { cost: 2 }
          - name: by-kind
            rules:
              - nodes: { kind: supplier }
                scale: { supply: 0.5 }
        """);

    [TestCase("inspect-a", new[] { "SG" }, TestName = "Of_NodeSelector_GivesTheSelectedNodesCountry")]
    [TestCase("edge-rule", new[] { "CN", "MY" }, TestName = "Of_EdgeSelector_GivesBothEndpointsCountries")]
    [TestCase("by-kind", new[] { "TW", "US" }, TestName = "Of_KindSelector_GivesEveryMatchingNodesCountrySorted")]
    public void Of_Policy_GivesCountriesOfWhatItsRulesSelect(string policy, string[] expected) =>
        Assert.That(TargetedCountries.Of(s_scenario, s_scenario.FindPolicy(policy)!), Is.EqualTo(expected));
}
