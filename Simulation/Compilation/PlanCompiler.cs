using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Compilation;

/// <summary>Compiles a validated scenario and one policy into a <see cref="FlowPlan"/>.</summary>
internal static class PlanCompiler
{
    /// <summary>True for a literal 0 that no policy changes: the attribute adds nothing (v1's cost stays bit for bit).</summary>
    private static bool IsZero(AttributeValue value) =>
        value.Operations.Count == 0 && value.Base is LiteralQuantity { Value: 0 };

    /// <summary>
    /// Compiles <paramref name="scenario"/> under <paramref name="policy"/> (null: the baseline), once per scenario
    /// and policy (<see cref="PerScenarioCache{T}"/>): validation compiles the baseline for its median trial, and the
    /// run that follows reuses that plan. The plan is read-only.
    /// </summary>
    public static FlowPlan Compile(Scenario scenario, Policy? policy, NetworkGraph? graph = null) =>
        PerScenarioCache<FlowPlan>.GetOrAdd(scenario, policy, () =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            FlowPlan plan = Build(scenario, policy, graph);
            plan.BuildTime = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            return plan;
        });

    private static FlowPlan Build(Scenario scenario, Policy? policy, NetworkGraph? graph)
    {
        graph ??= new NetworkGraph(scenario);
        ResolvedScenario resolved = ResolvedScenario.Resolve(scenario, policy);
        int[] order = graph.TopologicalOrder();
        List<IllicitRoute> routes = graph.EnumerateRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes);
        int n = order.Length;
        var position = new int[n];
        for (int p = 0; p < n; p++)
        {
            position[order[p]] = p;
        }

        string[] countries = [.. scenario.Nodes.Select(x => x.Country)
            .Concat(scenario.Edges.Where(e => e.BilledTo is not null).Select(e => e.BilledTo!))
            .Distinct().Order(StringComparer.Ordinal)];
        int CountryIndex(string code) => Array.IndexOf(countries, code);

        CopulaGroups copulas = CopulaGroups.Of(scenario);
        var scoreParameters = copulas.Groups.SelectMany(g => g.Parameters).ToHashSet(StringComparer.Ordinal);
        var values = new ValueTableBuilder(resolved.Parameters, scenario.Periods, scoreParameters);
        int NodeValue(int file, AttributeId a) => resolved.Node(file, a) is { } v ? values.Add(v) : -1;
        int EdgeValue(int file, AttributeId a) => values.Add(resolved.Edge(file, a)!);

        // Nodes by position.
        Node[] nodes = [.. order.Select(i => scenario.Nodes[i])];
        int[] supplyV = [.. nodes.Select(x => x.Kind == NodeKind.Supplier ? NodeValue(x.Index, AttributeId.Supply) : -1)];
        int[] demandV = [.. nodes.Select(x => x.Kind is NodeKind.Market or NodeKind.Hub or NodeKind.Reseller ? NodeValue(x.Index, AttributeId.Demand) : -1)];
        int[] stockV = [.. nodes.Select(x => x.Kind != NodeKind.Restricted ? NodeValue(x.Index, AttributeId.InitialStock) : -1)];

        // Sources: hubs and resellers that start a route, in file order.
        int[] sourceFiles = [.. routes.Select(r => r.Source).Distinct().Order()];
        var sourceOf = Enumerable.Repeat(-1, n).ToArray();
        for (int s = 0; s < sourceFiles.Length; s++)
        {
            sourceOf[position[sourceFiles[s]]] = s;
        }

        int[] restrictedFiles = [.. scenario.Nodes.Where(x => x.Kind == NodeKind.Restricted).Select(x => x.Index)];
        var restrictedOf = Enumerable.Repeat(-1, n).ToArray();
        for (int r = 0; r < restrictedFiles.Length; r++)
        {
            restrictedOf[position[restrictedFiles[r]]] = r;
        }

        // Legit edges in CSR order by tail position, then file order.
        Edge[] legit = [.. scenario.Edges.Where(e => e.Channel == Channel.Legit)
            .OrderBy(e => position[graph.IndexOf(e.From)]).ThenBy(e => e.Index)];
        var outStart = new int[n + 1];
        foreach (Edge e in legit)
        {
            outStart[position[graph.IndexOf(e.From)] + 1]++;
        }

        for (int p = 0; p < n; p++)
        {
            outStart[p + 1] += outStart[p];
        }

        var inLists = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int e = 0; e < legit.Length; e++)
        {
            inLists[position[graph.IndexOf(legit[e].To)]].Add(e);
        }

        int[] inStart = [0, .. inLists.Select(l => l.Count)];
        for (int p = 0; p < n; p++)
        {
            inStart[p + 1] += inStart[p];
        }

        Node NodeOf(string id) => scenario.Nodes[graph.IndexOf(id)];

        // Caps: one quota per node (pool node) or per country (pool country), in cap order.
        var quotaAmount = new List<int>();
        var quotaHorizon = new List<bool>();
        var quotaImports = new List<bool>();
        var quotaFrom = new List<int>();
        var quotaUntil = new List<int>();
        var quotaAmountTimed = new List<bool>();
        var nodeQuotas = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (Cap cap in resolved.Caps)
        {
            var groups = scenario.Nodes.Where(cap.Nodes.Matches)
                .GroupBy(x => cap.Pool == CapPool.Node ? x.Id : x.Country, StringComparer.Ordinal);
            AttributeValue amount = resolved.CapAmount(cap);
            int amountV = values.Add(amount);
            bool timedAmount = amount.Operations.Any(o => !o.Always(scenario.Periods));
            foreach (var group in groups)
            {
                int q = quotaAmount.Count;
                quotaAmount.Add(amountV);
                quotaHorizon.Add(cap.Per == CapPeriod.Horizon);
                quotaImports.Add(cap.ImportsOnly);
                quotaFrom.Add(cap.From);
                quotaUntil.Add(cap.Until);
                quotaAmountTimed.Add(timedAmount);
                foreach (Node x in group)
                {
                    nodeQuotas[position[x.Index]].Add(q);
                }
            }
        }

        Edge[] illicit = [.. scenario.Edges.Where(e => e.Channel == Channel.Illicit)];
        var illicitIndex = illicit.Select((e, i) => (e.Index, i)).ToDictionary(x => x.Index, x => x.i);

        // Routes grouped by restricted node (a stable sort keeps enumeration order inside a group).
        var routeCountries = routes.Select(r => r.Nodes.Take(r.Nodes.Count - 1)
            .Select(i => CountryIndex(scenario.Nodes[i].Country)).Distinct().ToArray()).ToArray();
        var restrictedIndex = restrictedFiles.Select((file, i) => (file, i)).ToDictionary(x => x.file, x => x.i);
        var sourceIndex = sourceFiles.Select((file, i) => (file, i)).ToDictionary(x => x.file, x => x.i);
        int Restricted(IllicitRoute r) => restrictedIndex[r.Restricted];
        int[] restrictedRouteStart = new int[restrictedFiles.Length + 1];
        var restrictedRoutes = new List<int>();
        var restrictedSourceStart = new int[restrictedFiles.Length + 1];
        var restrictedSources = new List<int>();
        var routesOf = Enumerable.Range(0, restrictedFiles.Length).Select(_ => new List<int>()).ToArray();
        for (int k = 0; k < routes.Count; k++)
        {
            routesOf[Restricted(routes[k])].Add(k);
        }

        for (int r = 0; r < restrictedFiles.Length; r++)
        {
            List<int> mine = routesOf[r];
            restrictedRoutes.AddRange(mine);
            restrictedRouteStart[r + 1] = restrictedRoutes.Count;
            restrictedSources.AddRange(mine.Select(k => sourceIndex[routes[k].Source]).Distinct().Order());
            restrictedSourceStart[r + 1] = restrictedSources.Count;
        }

        ulong Key(string slot) => SplitMix64.HashString(slot);

        var plan = new FlowPlan
        {
            Scenario = scenario,
            PolicyName = resolved.PolicyName,
            Periods = scenario.Periods,
            Draws = [],
            DrawSamplers = [],
            DrawKeys = [],
            DrawPerPeriod = [],
            TrialDraws = [],
            PeriodDraws = [],
            StaticValues = [],
            TrialPrograms = [],
            PeriodPrograms = [],
            ProgramBaseDraw = [],
            ProgramBaseConst = [],
            ProgramOpStart = [],
            OpKind = [],
            OpDraw = [],
            OpConst = [],
            OpFrom = [],
            OpUntil = [],
            HasWindows = false,
            ScoreGroupStart = [],
            ScoreGroupDraws = [],
            ScoreGroupLowerStart = [],
            ScoreGroupLower = [],
            ScoreGroupRho = [],
            TrialScoreGroups = [],
            PeriodScoreGroups = [],
            GrowthDraws = [],
            GrowthFactor = [],
            ProgramLow = [],
            ProgramHigh = [],
            NodeCount = n,
            NodeIds = [.. nodes.Select(x => x.Id)],
            NodeKinds = [.. nodes.Select(x => x.Kind)],
            NodeCountry = [.. nodes.Select(x => CountryIndex(x.Country))],
            SupplyV = supplyV,
            DemandV = demandV,
            InitialStockV = stockV,
            SourceOf = sourceOf,
            RestrictedOf = restrictedOf,
            NominalNodes = NominalNodes(n, order, position, legit, graph, resolved, sourceOf, restrictedOf, nodeQuotas),
            OutStart = outStart,
            InStart = inStart,
            InEdges = [.. inLists.SelectMany(l => l)],
            LegitEdgeCount = legit.Length,
            LegitEdgeIds = [.. legit.Select(e => e.Id)],
            EdgeHead = [.. legit.Select(e => position[graph.IndexOf(e.To)])],
            EdgeWeightV = [.. legit.Select(e => EdgeValue(e.Index, AttributeId.Weight))],
            EdgeApprovalV = [.. legit.Select(e => EdgeValue(e.Index, AttributeId.Approval))],
            EdgeLotV = [.. legit.Select(e => EdgeValue(e.Index, AttributeId.Lot))],
            EdgeIsImport = [.. legit.Select(e => NodeOf(e.From).Country != NodeOf(e.To).Country)],
            EdgeFromSupplier = [.. legit.Select(e => NodeOf(e.From).Kind == NodeKind.Supplier)],
            EdgeBilledCountry = [.. legit.Select(e => CountryIndex(e.BilledTo ?? NodeOf(e.To).Country))],
            EdgeLicenceKey = [.. legit.Select(e => Key($"lic:{e.Id}"))],
            EdgeLicenceFracKey = [.. legit.Select(e => Key($"lic:{e.Id}#f"))],
            QuotaCount = quotaAmount.Count,
            QuotaAmountV = [.. quotaAmount],
            QuotaPerHorizon = [.. quotaHorizon],
            QuotaFrom = [.. quotaFrom],
            QuotaUntil = [.. quotaUntil],
            QuotaAmountTimed = [.. quotaAmountTimed],
            QuotaImportsOnly = [.. quotaImports],
            NodeQuotaStart = [0, .. nodeQuotas.Select(l => l.Count)],
            NodeQuotas = [.. nodeQuotas.SelectMany(l => l)],
            IllicitEdgeCount = illicit.Length,
            IllicitEdgeIds = [.. illicit.Select(e => e.Id)],
            DetectionV = [.. illicit.Select(e => EdgeValue(e.Index, AttributeId.Detection))],
            CostV = [.. illicit.Select(e => EdgeValue(e.Index, AttributeId.Cost))],
            SourceCount = sourceFiles.Length,
            SourcePosition = [.. sourceFiles.Select(i => position[i])],
            SourceCountry = [.. sourceFiles.Select(i => CountryIndex(scenario.Nodes[i].Country))],
            DiversionV = [.. sourceFiles.Select(i => NodeValue(i, AttributeId.Diversion))],
            PenaltyV = [.. sourceFiles.Select(i => NodeValue(i, AttributeId.Penalty))],
            SourceLotV = [.. sourceFiles.Select(i => NodeValue(i, AttributeId.Lot))],
            VerificationV = [.. sourceFiles.Select(i => NodeValue(i, AttributeId.Verification))],
            FlagPenaltyV = [.. sourceFiles.Select(i => IsZero(resolved.Node(i, AttributeId.FlagPenalty)!) ? -1 : NodeValue(i, AttributeId.FlagPenalty))],
            RestrictedCount = restrictedFiles.Length,
            RestrictedPosition = [.. restrictedFiles.Select(i => position[i])],
            IllicitDemandV = [.. restrictedFiles.Select(i => NodeValue(i, AttributeId.IllicitDemand))],
            BetaV = [.. restrictedFiles.Select(i => NodeValue(i, AttributeId.Beta))],
            PremiumV = [.. restrictedFiles.Select(i => resolved.Node(i, AttributeId.Premium)!.IsPresent ? NodeValue(i, AttributeId.Premium) : -1)],
            SubstitutionV = [.. restrictedFiles.Select(i => NodeValue(i, AttributeId.Substitution))],
            LearningV = [.. restrictedFiles.Select(i => resolved.Node(i, AttributeId.Learning)!.IsPresent ? NodeValue(i, AttributeId.Learning) : -1)],
            AnyLearning = restrictedFiles.Any(i => resolved.Node(i, AttributeId.Learning)!.IsPresent),
            CapacityChoice = scenario.RouteChoice == RouteChoice.Capacity,
            RestrictedRouteStart = restrictedRouteStart,
            RestrictedRoutes = [.. restrictedRoutes],
            RestrictedSourceStart = restrictedSourceStart,
            RestrictedSources = [.. restrictedSources],
            RouteCount = routes.Count,
            RouteKeys = [.. routes.Select(r => r.Key)],
            RouteSource = [.. routes.Select(r => sourceIndex[r.Source])],
            RouteRestricted = [.. routes.Select(Restricted)],
            RouteEdgeStart = [0, .. routes.Select(r => r.Edges.Count)],
            RouteEdges = [.. routes.SelectMany(r => r.Edges.Select(e => illicitIndex[e]))],
            RouteCountryStart = [0, .. routeCountries.Select(c => c.Length)],
            RouteCountries = [.. routeCountries.SelectMany(c => c)],
            RouteTransitKey = [.. routes.Select(r => Key($"tr:{r.Key}"))],
            RouteTransitFracKey = [.. routes.Select(r => Key($"tr:{r.Key}#f"))],
            RouteFlagKey = [.. routes.Select(r => Key($"fl:{r.Key}"))],
            RouteFlagFracKey = [.. routes.Select(r => Key($"fl:{r.Key}#f"))],
            Countries = countries,
        };
        Prefix(plan.NodeQuotaStart);
        Prefix(plan.RouteEdgeStart);
        Prefix(plan.RouteCountryStart);

        // Every parameter of a score group gets its draw, also one no value reads: its normal score still
        // enters its partners' through L.
        int[][] groupDraws = [.. copulas.Groups.Select(g => g.Parameters.Select(values.ParameterDraw).ToArray())];
        ValueTableBuilder.ValueTables t = values.Build();
        plan.ScoreGroupStart = [0, .. groupDraws.Select(g => g.Length)];
        Prefix(plan.ScoreGroupStart);
        plan.ScoreGroupDraws = [.. groupDraws.SelectMany(g => g)];
        plan.ScoreGroupLowerStart = [0, .. copulas.Groups.Select(g => g.Lower.Length)];
        Prefix(plan.ScoreGroupLowerStart);
        plan.ScoreGroupLower = [.. copulas.Groups.SelectMany(g => g.Lower)];
        plan.ScoreGroupRho = [.. copulas.Groups.Select(g => g.Autocorrelation)];
        plan.TrialScoreGroups = [.. Enumerable.Range(0, copulas.Groups.Count).Where(g => !copulas.Groups[g].PerPeriod)];
        plan.PeriodScoreGroups = [.. Enumerable.Range(0, copulas.Groups.Count).Where(g => copulas.Groups[g].PerPeriod)];
        plan.GrowthDraws = t.GrowthDraws;
        plan.GrowthFactor = t.GrowthFactor;
        plan.Draws = t.Draws;
        plan.DrawSamplers = [.. t.Draws.Select(d => d is null ? null : new DrawSampler(d))];
        plan.DrawKeys = t.DrawKeys;
        plan.DrawPerPeriod = t.DrawPerPeriod;
        plan.TrialDraws = t.TrialDraws;
        plan.PeriodDraws = t.PeriodDraws;
        plan.StaticValues = t.Static;
        plan.TrialPrograms = t.TrialPrograms;
        plan.PeriodPrograms = t.PeriodPrograms;
        plan.ProgramBaseDraw = t.BaseDraw;
        plan.ProgramBaseConst = t.BaseConst;
        plan.ProgramOpStart = t.OpStart;
        plan.OpKind = t.OpKind;
        plan.OpDraw = t.OpDraw;
        plan.OpConst = t.OpConst;
        plan.OpFrom = t.OpFrom;
        plan.OpUntil = t.OpUntil;
        plan.HasWindows = values.HasWindows || plan.QuotaFrom.Any(f => f > 1) || plan.QuotaUntil.Any(u => u < scenario.Periods);
        plan.ProgramLow = t.Low;
        plan.ProgramHigh = t.High;
        return plan;
    }

    /// <summary>
    /// The nodes the nominal sweep must visit: every source, every restricted node whose substitution
    /// can be positive, every tail of a licensed edge, their legit ancestors, and — because a pooled
    /// quota is used up in topological order — every earlier node sharing a quota with one of them
    /// (with its ancestors), to a fixed point. Nothing else can change what the allocation reads.
    /// </summary>
    private static int[] NominalNodes(int n, int[] order, int[] position, Edge[] legit, NetworkGraph graph, ResolvedScenario resolved,
        int[] sourceOf, int[] restrictedOf, List<int>[] nodeQuotas)
    {
        var parents = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var licensed = new bool[n];
        foreach (Edge e in legit)
        {
            int tail = position[graph.IndexOf(e.From)];
            parents[position[graph.IndexOf(e.To)]].Add(tail);
            licensed[tail] |= resolved.Edge(e.Index, AttributeId.Approval)!.Bounds(resolved.Parameters).Low < 1;
        }

        var quotaMembers = new Dictionary<int, List<int>>();
        for (int p = 0; p < n; p++)
        {
            foreach (int q in nodeQuotas[p])
            {
                if (!quotaMembers.TryGetValue(q, out var members))
                {
                    quotaMembers[q] = members = [];
                }

                members.Add(p);
            }
        }

        var needed = new bool[n];
        var stack = new Stack<int>();
        void Need(int p)
        {
            if (!needed[p])
            {
                needed[p] = true;
                stack.Push(p);
            }
        }

        for (int p = 0; p < n; p++)
        {
            bool substitutes = restrictedOf[p] >= 0 && resolved.Node(order[p], AttributeId.Substitution)!.Bounds(resolved.Parameters).High > 0;
            if (sourceOf[p] >= 0 || substitutes || licensed[p])
            {
                Need(p);
            }
        }

        while (stack.Count > 0)
        {
            int p = stack.Pop();
            foreach (int parent in parents[p])
            {
                Need(parent);
            }

            foreach (int q in nodeQuotas[p])
            {
                foreach (int other in quotaMembers[q])
                {
                    if (other < p)
                    {
                        Need(other);
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, n).Where(p => needed[p])];
    }

    private static void Prefix(int[] starts)
    {
        for (int i = 1; i < starts.Length; i++)
        {
            starts[i] += starts[i - 1];
        }
    }
}
