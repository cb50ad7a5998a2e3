using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Analysis;

/// <summary>The countries a policy targets, for displacement: where its rules act.</summary>
public static class TargetedCountries
{
    /// <summary>
    /// The countries of the nodes that <paramref name="policy"/>'s rules select (node selectors), and of
    /// both endpoints of the edges they select (edge selectors), sorted and distinct.
    /// </summary>
    /// <remarks>
    /// Every selected node counts, whatever the action does to it: a licence on a Malaysian market makes
    /// Malaysia targeted, so flow moving to Malaysian hubs is not called displacement. That is the
    /// design's definition, and it errs on the side of claiming less displacement.
    /// </remarks>
    public static IReadOnlyList<string> Of(Scenario scenario, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(policy);
        var countryOf = scenario.Nodes.ToDictionary(n => n.Id, n => n.Country, StringComparer.Ordinal);
        var countries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (PolicyRule rule in policy.Rules)
        {
            if (rule.Nodes is { } nodes)
            {
                countries.UnionWith(scenario.Nodes.Where(nodes.Matches).Select(n => n.Country));
            }

            if (rule.Edges is { } edges)
            {
                foreach (Edge e in scenario.Edges.Where(edges.Matches))
                {
                    countries.Add(countryOf[e.From]);
                    countries.Add(countryOf[e.To]);
                }
            }
        }

        return [.. countries];
    }
}
