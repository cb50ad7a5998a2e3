using ExportFlow.Simulation.Model;
using QuikGraph;
using QuikGraph.Algorithms;
using QuikGraph.Algorithms.MaximumFlow;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// The scenario's network in QuikGraph, for building, checking and analysing: topological order,
/// legit cycles, illicit routes and the max-flow bound. The hot loop never sees this type.
/// </summary>
public sealed class NetworkGraph
{
    private readonly Scenario _scenario;
    private readonly Dictionary<string, int> _nodeIndex;

    /// <summary>Builds the legit and illicit graphs of <paramref name="scenario"/>.</summary>
    public NetworkGraph(Scenario scenario)
    {
        _scenario = scenario;
        _nodeIndex = scenario.Nodes.ToDictionary(n => n.Id, n => n.Index, StringComparer.Ordinal);
        Legit = new BidirectionalGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true);
        Illicit = new BidirectionalGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true);
        Legit.AddVertexRange(scenario.Nodes.Select(n => n.Index));
        Illicit.AddVertexRange(scenario.Nodes.Select(n => n.Index));
        foreach (Edge e in scenario.Edges)
        {
            var tagged = new TaggedEdge<int, int>(_nodeIndex[e.From], _nodeIndex[e.To], e.Index);
            (e.Channel == Channel.Legit ? Legit : Illicit).AddEdge(tagged);
        }
    }

    /// <summary>Legit edges; vertices are node file indices, tags are edge file indices.</summary>
    public BidirectionalGraph<int, TaggedEdge<int, int>> Legit { get; }

    /// <summary>Illicit edges; vertices are node file indices, tags are edge file indices.</summary>
    public BidirectionalGraph<int, TaggedEdge<int, int>> Illicit { get; }

    /// <summary>File index of a node id.</summary>
    public int IndexOf(string nodeId) => _nodeIndex[nodeId];

    /// <summary>
    /// The groups of nodes that lie on a legit cycle (strongly connected components with more than one
    /// node, or a self-loop), each in file order.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> LegitCycles()
    {
        var components = new Dictionary<int, int>();
        Legit.StronglyConnectedComponents(components);
        var groups = components.GroupBy(kv => kv.Value, kv => kv.Key)
            .Select(g => (IReadOnlyList<int>)[.. g.OrderBy(i => i)])
            .Where(g => g.Count > 1 || Legit.OutEdges(g[0]).Any(e => e.Target == g[0]))
            .OrderBy(g => g[0])
            .ToList();
        return groups;
    }

    /// <summary>
    /// Kahn's algorithm over legit edges; among nodes ready at once, the earliest in the file goes
    /// first. Requires an acyclic legit graph.
    /// </summary>
    public int[] TopologicalOrder()
    {
        int n = _scenario.Nodes.Count;
        var inDegree = new int[n];
        foreach (var e in Legit.Edges)
        {
            inDegree[e.Target]++;
        }

        var ready = new PriorityQueue<int, int>();
        for (int v = 0; v < n; v++)
        {
            if (inDegree[v] == 0)
            {
                ready.Enqueue(v, v);
            }
        }

        var order = new List<int>(n);
        while (ready.TryDequeue(out int v, out _))
        {
            order.Add(v);
            foreach (var e in Legit.OutEdges(v))
            {
                if (--inDegree[e.Target] == 0)
                {
                    ready.Enqueue(e.Target, e.Target);
                }
            }
        }

        if (order.Count != n)
        {
            throw new InvalidOperationException("the legit graph has a cycle; validate the scenario first");
        }

        return [.. order];
    }

    /// <summary>
    /// Every simple illicit path from a hub or reseller to a restricted node with at most
    /// <paramref name="maxEdges"/> edges, depth-first in file order. Stops after <paramref name="limit"/> + 1 routes.
    /// </summary>
    public List<IllicitRoute> EnumerateRoutes(int maxEdges, int limit)
    {
        var routes = new List<IllicitRoute>();
        var outEdges = _scenario.Nodes.Select(n => Illicit.OutEdges(n.Index).OrderBy(e => e.Tag).ToArray()).ToArray();
        var pathEdges = new List<int>();
        var pathNodes = new List<int>();
        var onPath = new bool[_scenario.Nodes.Count];

        // Fewest illicit edges from each node to any restricted node: the search never enters a node
        // from which no restricted node is reachable within the edges left, so a dense web of hubs
        // with no way into a restricted node costs nothing.
        var toRestricted = Enumerable.Repeat(int.MaxValue, _scenario.Nodes.Count).ToArray();
        var frontier = new Queue<int>();
        foreach (Node r in _scenario.Nodes.Where(n => n.Kind == NodeKind.Restricted))
        {
            toRestricted[r.Index] = 0;
            frontier.Enqueue(r.Index);
        }

        while (frontier.TryDequeue(out int v))
        {
            foreach (var e in Illicit.InEdges(v))
            {
                if (toRestricted[e.Source] == int.MaxValue)
                {
                    toRestricted[e.Source] = toRestricted[v] + 1;
                    frontier.Enqueue(e.Source);
                }
            }
        }

        void Visit(int v)
        {
            if (routes.Count > limit)
            {
                return;
            }

            foreach (var e in outEdges[v])
            {
                int w = e.Target;
                if (onPath[w] || toRestricted[w] > maxEdges - pathEdges.Count - 1)
                {
                    continue;
                }

                pathEdges.Add(e.Tag);
                pathNodes.Add(w);
                if (_scenario.Nodes[w].Kind == NodeKind.Restricted)
                {
                    string key = string.Join('>', pathEdges.Select(i => _scenario.Edges[i].Id));
                    routes.Add(new IllicitRoute(key, pathNodes[0], w, [.. pathEdges], [.. pathNodes]));
                }
                else if (pathEdges.Count < maxEdges)
                {
                    onPath[w] = true;
                    Visit(w);
                    onPath[w] = false;
                }

                pathEdges.RemoveAt(pathEdges.Count - 1);
                pathNodes.RemoveAt(pathNodes.Count - 1);
            }
        }

        foreach (Node start in _scenario.Nodes)
        {
            if (start.Kind is NodeKind.Hub or NodeKind.Reseller)
            {
                pathNodes.Add(start.Index);
                onPath[start.Index] = true;
                Visit(start.Index);
                onPath[start.Index] = false;
                pathNodes.Clear();
            }
        }

        return routes;
    }

    /// <summary>Nodes reachable from <paramref name="start"/> along legit edges (excluding itself).</summary>
    public HashSet<int> LegitDescendants(int start)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            foreach (var e in Legit.OutEdges(stack.Pop()))
            {
                if (seen.Add(e.Target))
                {
                    stack.Push(e.Target);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// An upper bound on leakage per period by maximum flow (Edmonds–Karp): supply enters at suppliers,
    /// legit edges are uncapacitated, each source can pass on at most diversion × the most it can
    /// receive, illicit edges are uncapacitated and each restricted node absorbs at most its illicit
    /// demand. Values are the central (mean) values of the baseline.
    /// </summary>
    public double MaxLeakageBound(Func<Node, AttributeId, double> central)
    {
        int n = _scenario.Nodes.Count;
        int superSource = 2 * n, superSink = 2 * n + 1;
        double legitMax = _scenario.Nodes.Where(x => x.Kind == NodeKind.Supplier).Sum(x => central(x, AttributeId.Supply) + central(x, AttributeId.InitialStock));
        double big = Math.Max(1.0, legitMax) * 4 + _scenario.Nodes.Where(x => x.Kind == NodeKind.Restricted).Sum(x => central(x, AttributeId.IllicitDemand));

        // Most each node can receive: max flow from the suppliers over legit edges only.
        var reach = BuildFlowGraph(superSource, superSink, big, central, divertedCapacity: null);
        var maxInflow = new double[n];
        for (int v = 0; v < n; v++)
        {
            if (_scenario.Nodes[v].Kind is NodeKind.Hub or NodeKind.Reseller && central(_scenario.Nodes[v], AttributeId.Diversion) > 0)
            {
                maxInflow[v] = MaxFlow(reach.Graph, reach.Capacity, superSource, v);
            }
        }

        var full = BuildFlowGraph(superSource, superSink, big, central, v => central(_scenario.Nodes[v], AttributeId.Diversion) * maxInflow[v]);
        return MaxFlow(full.Graph, full.Capacity, superSource, superSink);
    }

    private (AdjacencyGraph<int, TaggedEdge<int, int>> Graph, Dictionary<TaggedEdge<int, int>, double> Capacity) BuildFlowGraph(
        int superSource, int superSink, double big, Func<Node, AttributeId, double> central, Func<int, double>? divertedCapacity)
    {
        int n = _scenario.Nodes.Count;
        var graph = new AdjacencyGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true);
        var capacity = new Dictionary<TaggedEdge<int, int>, double>();
        graph.AddVertexRange(Enumerable.Range(0, 2 * n + 2));
        void Add(int from, int to, double cap)
        {
            var e = new TaggedEdge<int, int>(from, to, capacity.Count);
            graph.AddEdge(e);
            capacity[e] = cap;
        }

        foreach (Node node in _scenario.Nodes)
        {
            if (node.Kind == NodeKind.Supplier)
            {
                Add(superSource, node.Index, central(node, AttributeId.Supply) + central(node, AttributeId.InitialStock));
            }

            if (divertedCapacity is not null)
            {
                // Node v's illicit side is vertex n + v; diversion is the only way onto it for a source.
                if (node.Kind is NodeKind.Hub or NodeKind.Reseller)
                {
                    Add(node.Index, n + node.Index, divertedCapacity(node.Index));
                }

                if (node.Kind == NodeKind.Restricted)
                {
                    Add(n + node.Index, superSink, central(node, AttributeId.IllicitDemand));
                }
            }
        }

        foreach (Edge e in _scenario.Edges)
        {
            int from = _nodeIndex[e.From], to = _nodeIndex[e.To];
            if (e.Channel == Channel.Legit)
            {
                Add(from, to, big);
            }
            else if (divertedCapacity is not null)
            {
                Add(n + from, n + to, big);
            }
        }

        return (graph, capacity);
    }

    private static double MaxFlow(AdjacencyGraph<int, TaggedEdge<int, int>> graph, Dictionary<TaggedEdge<int, int>, double> capacity, int source, int sink)
    {
        if (source == sink)
        {
            return 0;
        }

        int next = capacity.Count;
        TaggedEdge<int, int> Factory(int s, int t) => new(s, t, next++);
        using var augmentor = new ReversedEdgeAugmentorAlgorithm<int, TaggedEdge<int, int>>(graph, Factory);
        augmentor.AddReversedEdges();
        var algorithm = new EdmondsKarpMaximumFlowAlgorithm<int, TaggedEdge<int, int>>(
            graph, e => capacity.TryGetValue(e, out double c) ? c : 0.0, Factory, augmentor);
        algorithm.Compute(source, sink);
        augmentor.RemoveReversedEdges();
        return algorithm.MaxFlow;
    }
}
