using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>
/// Checks that need the whole network: edge endpoints, legit cycles, routes, and the v1 restrictions,
/// under the baseline and under every policy.
/// </summary>
public static class ScenarioValidator
{
    /// <summary>Adds every problem of <paramref name="scenario"/> to <paramref name="bag"/>.</summary>
    public static void Validate(Scenario scenario, DiagnosticBag bag)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(bag);
        CheckEndpoints(scenario, bag);
        foreach (var (location, message) in CopulaGroups.Of(scenario).Problems)
        {
            bag.Error(location, "correlations", message);
        }

        var graph = new NetworkGraph(scenario);
        var cycles = graph.LegitCycles();
        foreach (var cycle in cycles)
        {
            var members = cycle.ToHashSet();
            Edge first = scenario.Edges.First(e => e.Channel == Channel.Legit && members.Contains(graph.IndexOf(e.From)) && members.Contains(graph.IndexOf(e.To)));
            string names = string.Join(", ", cycle.Select(i => $"'{scenario.Nodes[i].Id}'"));
            bag.Error(first.Location, $"edges[{first.Index}]", $"legit edges form a cycle through {names}; legit trade must flow one way (a DAG): remove or reverse one of these edges");
        }

        if (cycles.Count > 0 || bag.HasErrors)
        {
            return;
        }

        if (!CheckWork(scenario, graph, bag))
        {
            return;
        }

        var routes = graph.EnumerateRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes);
        foreach (Node r in scenario.Nodes.Where(n => n.Kind == NodeKind.Restricted && !routes.Exists(x => x.Restricted == n.Index)))
        {
            bag.Warning(r.Location, $"nodes[{r.Index}]", $"no illicit route reaches restricted node '{r.Id}' (within {scenario.MaxRouteEdges} edges); it will show no leakage. Add an illicit edge from a hub or reseller to it");
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (Policy? policy in scenario.Policies.Prepend(null))
        {
            CheckResolved(ResolvedScenario.Resolve(scenario, policy), graph, routes, bag, reported);
        }

        if (!bag.HasErrors)
        {
            ScenarioWarnings.Check(scenario, graph, bag);
        }
    }

    /// <summary>
    /// Counts the routes (a search bounded in steps, building none) and estimates the work and memory
    /// they imply before any route is built; false when the scenario is refused.
    /// </summary>
    private static bool CheckWork(Scenario scenario, NetworkGraph graph, DiagnosticBag bag)
    {
        RouteCensus census = graph.CountRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes);
        SourceLocation at = SourceLocation.StartOf(scenario.File);
        string F(long x) => x.ToString("N0", CultureInfo.InvariantCulture);
        if (census.StepLimitReached)
        {
            bag.Error(at, "routes.maxEdges", $"the search for illicit routes of at most {scenario.MaxRouteEdges} edges gave up after {F(NetworkGraph.DefaultSearchSteps)} steps, having found {F(census.Routes)} of them: the illicit edges are too densely meshed for routes this long. Lower routes.maxEdges, or remove illicit edges between hubs and resellers");
            return false;
        }

        if (census.Routes > scenario.MaxRoutes)
        {
            bag.Error(at, "routes.maxRoutes", $"the network has more than {F(scenario.MaxRoutes)} illicit routes of at most {scenario.MaxRouteEdges} edges; lower routes.maxEdges, or raise routes.maxRoutes if you mean it");
            return false;
        }

        WorkEstimate work = WorkEstimate.From(scenario, census);
        long bytes = work.RunBytes(threads: 1, work.Plans);
        TimeSpan thousand = work.TrialTime * 1000;
        string numbers = $"{F(census.Routes)} routes with {F(census.RouteEdges)} route edges over {scenario.Periods} periods ({F(work.RoutePeriods)} route-periods and {F(work.NodePeriods)} node-periods per trial) need about {WorkEstimate.Bytes(bytes)} of memory for {work.Plans} plan(s) on one thread, and 1,000 trials take about {WorkEstimate.Duration(thousand)} per plan";
        const string fix = "lower routes.maxEdges, remove illicit edges between hubs and resellers, or shorten the horizon";
        if (bytes > WorkEstimate.HardMemoryBytes || thousand > WorkEstimate.HardThousandTrials)
        {
            bag.Error(at, "routes", $"this scenario is too large to run: {numbers} (the limits are {WorkEstimate.Bytes(WorkEstimate.HardMemoryBytes)} and {WorkEstimate.Duration(WorkEstimate.HardThousandTrials)}); {fix}");
            return false;
        }

        if (bytes > WorkEstimate.SoftMemoryBytes || thousand > WorkEstimate.SoftThousandTrials)
        {
            bag.Warning(at, "routes", $"this scenario is large: {numbers}; to make it smaller, {fix}");
        }

        return true;
    }

    private static void CheckEndpoints(Scenario scenario, DiagnosticBag bag)
    {
        var byId = scenario.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (Edge e in scenario.Edges)
        {
            Node from = byId[e.From], to = byId[e.To];
            string path = $"edges[{e.Index}]";
            if (e.Channel == Channel.Illicit)
            {
                if (from.Kind is not (NodeKind.Hub or NodeKind.Reseller))
                {
                    bag.Error(e.Location, $"{path}.from", $"illicit edges leave a hub or reseller, but '{from.Id}' is a {Name(from.Kind)}; divert from a hub or reseller node instead");
                }

                if (to.Kind is not (NodeKind.Hub or NodeKind.Reseller or NodeKind.Restricted))
                {
                    bag.Error(e.Location, $"{path}.to", $"illicit edges enter a hub, reseller or restricted node, but '{to.Id}' is a {Name(to.Kind)}");
                }
            }
            else if (from.Kind == NodeKind.Restricted)
            {
                bag.Error(e.Location, $"{path}.from", $"restricted node '{from.Id}' cannot have legit out-edges: a restricted destination consumes what it receives");
            }
            else if (e.From == e.To)
            {
                bag.Error(e.Location, path, $"edge '{e.Id}' leads from '{e.From}' back to itself; legit edges must form a DAG");
            }
        }
    }

    private static void CheckResolved(ResolvedScenario resolved, NetworkGraph graph, List<IllicitRoute> routes, DiagnosticBag bag, HashSet<string> reported)
    {
        Scenario scenario = resolved.Scenario;
        string under = resolved.Policy is null ? "" : $" (under policy '{resolved.Policy.Name}')";
        void Report(SourceLocation location, string path, string key, string message)
        {
            if (reported.Add(key))
            {
                bag.Error(location, path, message + under);
            }
        }

        foreach (PolicyAction action in resolved.UnusedActions)
        {
            string what = action switch
            {
                AttributeAction a => $"no selected node or edge has the attribute '{AttributeInfo.NameOf(a.Attribute)}'",
                LicenceAction => "no legit import edge (from another country) enters the selected nodes",
                InspectionAction => "no illicit edge touches the selected nodes on that side",
                _ => "it selects nothing it can act on",
            };
            Report(action.Location, "", $"unused:{action.Location}", $"this action changes nothing: {what}");
        }

        var countryOf = scenario.Nodes.ToDictionary(n => n.Id, n => n.Country, StringComparer.Ordinal);
        foreach (Cap cap in resolved.Caps)
        {
            bool counts = scenario.Edges.Any(e => e.Channel == Channel.Legit
                && cap.Nodes.Matches(scenario.Nodes[graph.IndexOf(e.To)])
                && (!cap.ImportsOnly || countryOf[e.From] != countryOf[e.To]));
            if (!counts)
            {
                string what = cap.ImportsOnly ? "legit imports (edges from another country)" : "legit inflow";
                if (reported.Add($"cap:{cap.Id}:{cap.Location}"))
                {
                    bag.Warning(cap.Location, "", $"cap '{cap.Id}' can never bind: none of the nodes it selects receives {what}. Select the importing nodes{(cap.ImportsOnly ? ", or use 'counts: all'" : "")}{under}");
                }
            }
        }

        var parameters = resolved.Parameters;
        var sources = scenario.Nodes
            .Where(n => n.Kind is NodeKind.Hub or NodeKind.Reseller && resolved.Node(n.Index, AttributeId.Diversion)!.Bounds(parameters).High > 0)
            .ToList();
        var sourceSet = sources.Select(s => s.Index).ToHashSet();
        foreach (Node s in sources)
        {
            foreach (int d in graph.LegitDescendants(s.Index).Where(sourceSet.Contains).Order())
            {
                Node nested = scenario.Nodes[d];
                Report(nested.Location, $"nodes[{d}].diversion", $"nested:{s.Id}:{nested.Id}",
                    $"'{nested.Id}' diverts (diversion > 0) but is a legit descendant of '{s.Id}', which also diverts; v1 does not allow one source downstream of another. Put the diversion of '{s.Id}' on a parallel 'forwarder' node beside it instead");
            }
        }

        var demanding = scenario.Nodes
            .Where(n => n.Kind == NodeKind.Restricted && resolved.Node(n.Index, AttributeId.IllicitDemand)!.Bounds(parameters).High > 0)
            .Select(n => n.Index)
            .ToHashSet();
        var routesBySource = routes.ToLookup(r => r.Source, r => r.Restricted);
        foreach (Node s in sources)
        {
            var reached = routesBySource[s.Index].Where(demanding.Contains).Distinct().Order().ToList();
            if (reached.Count > 1)
            {
                Node later = scenario.Nodes[reached[^1]];
                string names = string.Join(" and ", reached.Select(i => $"'{scenario.Nodes[i].Id}'"));
                Report(later.Location, $"nodes[{later.Index}]", $"shared:{s.Id}", $"restricted nodes {names} both have illicit demand and share the source '{s.Id}'; v1 allocates each source to one restricted node. Split '{s.Id}' into one node per destination, or give only one of them illicit demand");
            }
        }

        foreach (Node r in scenario.Nodes.Where(n => n.Kind == NodeKind.Restricted))
        {
            AttributeValue premium = resolved.Node(r.Index, AttributeId.Premium)!;
            if (premium.IsPresent && resolved.Node(r.Index, AttributeId.Beta)!.Bounds(parameters).High <= 0)
            {
                SourceLocation at = r.Attributes.TryGetValue(AttributeId.Premium, out Quantity? written) ? written.Location : r.Location;
                Report(at, $"nodes[{r.Index}].premium", $"beta:{r.Id}", $"restricted node '{r.Id}' has a premium but beta = 0: buyers who ignore cost cannot weigh the premium. Set beta > 0 (cost sensitivity per {scenario.CostUnit}) or remove the premium");
            }
        }
    }

    private static string Name(NodeKind kind) => kind.ToString().ToLowerInvariant();
}
