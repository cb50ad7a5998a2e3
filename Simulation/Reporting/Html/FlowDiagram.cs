using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>
/// The mean flows of one run as a Sankey diagram: suppliers → the countries that import legitimately (hubs and
/// markets; mean units <c>received</c>) → restricted destinations (mean units leaked along the illicit routes that
/// start in each country). Widths are means per trial over the horizon, the same numbers as summary.json.
/// </summary>
internal static class FlowDiagram
{
    /// <summary>Id of the supplier node.</summary>
    public const string Suppliers = "suppliers";

    /// <summary>The nodes and links of plan <paramref name="plan"/>'s run.</summary>
    public static (IReadOnlyList<SankeyDiagram.Node> Nodes, IReadOnlyList<SankeyDiagram.Link> Links) Of(FlowPlan plan, RunAccumulator acc)
    {
        var nodes = new List<SankeyDiagram.Node> { new(Suppliers, "Suppliers", 0) };
        var links = new List<SankeyDiagram.Link>();
        for (int c = 0; c < plan.Countries.Length; c++)
        {
            nodes.Add(new("country:" + plan.Countries[c], plan.Countries[c], 1));
            links.Add(new(Suppliers, "country:" + plan.Countries[c], acc.Received[c].Summarise().Mean, false));
        }

        var leaked = new Dictionary<(int Country, int Restricted), double>();
        for (int k = 0; k < plan.RouteCount; k++)
        {
            var key = (plan.SourceCountry[plan.RouteSource[k]], plan.RouteRestricted[k]);
            leaked[key] = leaked.GetValueOrDefault(key) + acc.ByRoute[k].Summarise().Mean;
        }

        for (int r = 0; r < plan.RestrictedCount; r++)
        {
            int position = plan.RestrictedPosition[r];
            nodes.Add(new("restricted:" + plan.NodeIds[position], $"{plan.NodeIds[position]} ({plan.Countries[plan.NodeCountry[position]]}, restricted)", 2));
        }

        foreach (var ((country, restricted), value) in leaked.OrderBy(e => e.Key.Country).ThenBy(e => e.Key.Restricted))
        {
            links.Add(new("country:" + plan.Countries[country], "restricted:" + plan.NodeIds[plan.RestrictedPosition[restricted]], value, true));
        }

        return (nodes, links);
    }

    /// <summary>The diagram as inline SVG, with a legend.</summary>
    public static string Html(FlowPlan plan, RunAccumulator acc)
    {
        var (nodes, links) = Of(plan, acc);
        string unit = plan.Scenario.QuantityUnit;
        return $"<figure id=\"flow-{HtmlText.Escape(plan.PolicyName)}\" class=\"flows\">{SankeyDiagram.Render(nodes, links, unit)}"
            + $"<figcaption>Mean flows per trial ({HtmlText.Escape(unit)}, total over {plan.Periods} {HtmlText.Escape(plan.Scenario.PeriodUnit)}(s)), policy "
            + $"<b>{HtmlText.Escape(plan.PolicyName)}</b>. <span style=\"color:#0072B2\">■</span> blue: legitimate imports received by each country "
            + "(<code>billing[].received</code>); <span style=\"color:#D55E00\">■</span> vermillion: units leaked along illicit routes from the country "
            + "where they were diverted to the restricted destination (<code>byRoute</code>). A node is as tall as the larger of what enters and what "
            + "leaves it. Hover a band for its value.</figcaption></figure>";
    }
}
