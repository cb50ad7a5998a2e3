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
    /// Most steps the route search takes before it gives up (<see cref="RouteCensus.StepLimitReached"/>):
    /// a step is one out-edge examined, or one edge scanned while working out how far each node is from
    /// a restricted node. A network whose routes are within the limits takes a small fraction of this;
    /// the whole budget is about a second of work.
    /// </summary>
    public const long DefaultSearchSteps = 40_000_000;

    /// <summary>
    /// Counts the illicit routes <see cref="EnumerateRoutes"/> would return, with their edges and key
    /// lengths, without building them: the memory a plan needs can be judged before it is built.
    /// </summary>
    /// <param name="maxEdges">Most edges per route (routes.maxEdges).</param>
    /// <param name="limit">The search stops at <paramref name="limit"/> + 1 routes (routes.maxRoutes).</param>
    /// <param name="maxSteps">The search stops after this many steps; see <see cref="DefaultSearchSteps"/>.</param>
    public RouteCensus CountRoutes(int maxEdges, int limit, long maxSteps = DefaultSearchSteps) => Search(maxEdges, limit, maxSteps, null);

    /// <summary>
    /// Every simple illicit path from a hub or reseller to a restricted node with at most
    /// <paramref name="maxEdges"/> edges, depth-first in file order. Stops at <paramref name="limit"/> + 1
    /// routes: never more are built.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The search took more than <paramref name="maxSteps"/> steps (validation refuses such a scenario).
    /// </exception>
    public List<IllicitRoute> EnumerateRoutes(int maxEdges, int limit, long maxSteps = DefaultSearchSteps)
    {
        var routes = new List<IllicitRoute>();
        RouteCensus census = Search(maxEdges, limit, maxSteps, (pathEdges, pathNodes) =>
        {
            string key = string.Join('>', pathEdges.Select(i => _scenario.Edges[i].Id));
            routes.Add(new IllicitRoute(key, pathNodes[0], pathNodes[^1], [.. pathEdges], [.. pathNodes]));
        });
        if (census.StepLimitReached)
        {
            throw new InvalidOperationException($"the search for illicit routes took more than {maxSteps} steps; validate the scenario first");
        }

        return routes;
    }

    private RouteCensus Search(int maxEdges, int limit, long maxSteps, Action<List<int>, List<int>>? found)
    {
        int n = _scenario.Nodes.Count;
        var outEdges = _scenario.Nodes.Select(x => Illicit.OutEdges(x.Index).OrderBy(e => e.Tag).ToArray()).ToArray();
        var pathEdges = new List<int>();
        var pathNodes = new List<int>();
        var onPath = new bool[n];
        long steps = 0, routeEdges = 0, keyChars = 0;
        int routes = 0, pathChars = 0;
        bool stop = false;

        // Fewest illicit edges from each node to a restricted node, avoiding 'excluded' (the start of
        // the search, which no route can pass through again; -1: none). The search never enters a node
        // from which no restricted node is reachable within the edges left, so a dense web of hubs with
        // no way into a restricted node but through the start costs nothing. Edges scanned are steps.
        int[] ToRestricted(int excluded)
        {
            var distance = new int[n];
            Array.Fill(distance, int.MaxValue);
            var frontier = new Queue<int>();
            foreach (Node r in _scenario.Nodes.Where(x => x.Kind == NodeKind.Restricted))
            {
                distance[r.Index] = 0;
                frontier.Enqueue(r.Index);
            }

            while (frontier.TryDequeue(out int v) && distance[v] < maxEdges)
            {
                foreach (var e in Illicit.InEdges(v))
                {
                    steps++;
                    if (e.Source != excluded && distance[e.Source] == int.MaxValue)
                    {
                        distance[e.Source] = distance[v] + 1;
                        frontier.Enqueue(e.Source);
                    }
                }
            }

            return distance;
        }

        int[] shared = ToRestricted(-1);
        int[] toRestricted = shared;

        void Visit(int v)
        {
            foreach (var e in outEdges[v])
            {
                if (stop)
                {
                    return;
                }

                if (++steps > maxSteps)
                {
                    stop = true;
                    return;
                }

                int w = e.Target;
                if (onPath[w] || toRestricted[w] > maxEdges - pathEdges.Count - 1)
                {
                    continue;
                }

                int chars = _scenario.Edges[e.Tag].Id.Length + 1;
                pathEdges.Add(e.Tag);
                pathNodes.Add(w);
                pathChars += chars;
                if (_scenario.Nodes[w].Kind == NodeKind.Restricted)
                {
                    routes++;
                    routeEdges += pathEdges.Count;
                    keyChars += pathChars - 1;
                    found?.Invoke(pathEdges, pathNodes);
                    stop = routes > limit;
                }
                else if (pathEdges.Count < maxEdges)
                {
                    onPath[w] = true;
                    Visit(w);
                    onPath[w] = false;
                }

                pathChars -= chars;
                pathEdges.RemoveAt(pathEdges.Count - 1);
                pathNodes.RemoveAt(pathNodes.Count - 1);
            }
        }

        foreach (Node start in _scenario.Nodes)
        {
            if (stop)
            {
                break;
            }

            if (start.Kind is NodeKind.Hub or NodeKind.Reseller && shared[start.Index] <= maxEdges)
            {
                // A start on a shortest way on for the nodes before it (an in-neighbour one edge
                // further out) may be their only way on: work out the distances without it, so that
                // the search does not wander where it cannot finish.
                int d = shared[start.Index];
                toRestricted = Illicit.InEdges(start.Index).Any(e => shared[e.Source] == d + 1) ? ToRestricted(start.Index) : shared;
                pathNodes.Add(start.Index);
                onPath[start.Index] = true;
                Visit(start.Index);
                onPath[start.Index] = false;
                pathNodes.Clear();
            }
        }

        return new RouteCensus(routes, routeEdges, keyChars, steps, steps > maxSteps);
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
