using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Turns a trial that failed (an outcome that is not a finite number, or an exception from a draw)
/// into a message that names the trial, the period, the quantity and the scenario element behind it.
/// Runs only after a run has stopped: it replays the failing trial with a trace, so the hot loop pays nothing.
/// </summary>
internal static class FaultLocator
{
    /// <summary>
    /// Replays trials <paramref name="first"/> to <paramref name="end"/> (exclusive) of every plan in order and
    /// describes the first one that fails; a generic message naming <paramref name="error"/> when none fails again.
    /// </summary>
    public static SimulationException Locate(IReadOnlyList<FlowPlan> plans, ulong seed, long first, long end, Exception error)
    {
        for (long trial = first; trial < end; trial++)
        {
            ulong key = StreamKeys.TrialKey(seed, trial);
            foreach (FlowPlan plan in plans)
            {
                var state = new TrialState(plan);
                bool failed;
                try
                {
                    TrialRunner.Run(plan, state, key);
                    failed = FirstNonFinite(plan, state) is not null;
                }
                catch (Exception ex) when (IsInputFault(ex))
                {
                    failed = true;
                }

                if (failed)
                {
                    return new SimulationException(Describe(plan, seed, trial), error);
                }
            }
        }

        return new SimulationException($"trials {first}–{end - 1}: {error.Message}", error);
    }

    /// <summary>Whether an exception from the engine comes from the scenario's numbers (not from a bug).</summary>
    public static bool IsInputFault(Exception ex) => ex is ArgumentException or ArithmeticException;

    /// <summary>Replays one trial with a trace and says where it first went wrong.</summary>
    public static string Describe(FlowPlan plan, ulong seed, long trial)
    {
        var state = new TrialState(plan);
        var trace = new TrialTrace();
        Exception? thrown = null;
        try
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(seed, trial), trace);
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            thrown = ex;
        }

        string unit = plan.Scenario.PeriodUnit;
        string where;
        string what;
        double[] values;
        double[] draws;
        int bad = Enumerable.Range(0, trace.Periods.Count).FirstOrDefault(i => trace.Periods[i].Outcomes.Any(v => !double.IsFinite(v)), -1);
        if (thrown is not null && bad < 0)
        {
            int period = Math.Min(plan.Periods, trace.Periods.Count + 1);
            where = $"{unit} {period}";
            what = thrown is OverflowException
                ? "a flow became too large to count in whole lots (an overflow)"
                : $"a random draw could not be made ({FirstSentence(thrown.Message)})";
            values = state.Values;
            draws = state.DrawValues;
        }
        else if (bad >= 0)
        {
            PeriodTrace p = trace.Periods[bad];
            where = $"{unit} {p.Period}";
            what = string.Join(", ", Enum.GetValues<Outcome>().Where(o => !double.IsFinite(p.Outcomes[(int)o])).Select(o => $"{Name(o)} is {Number(p.Outcomes[(int)o])}"));
            values = trace.Values[bad];
            draws = trace.Draws[bad];
        }
        else
        {
            where = $"the end of the trial ({unit} {plan.Periods})";
            what = FirstNonFinite(plan, state) ?? "no number went non-finite when the trial was replayed";
            values = state.Values;
            draws = state.DrawValues;
        }

        string policy = plan.PolicyName == "baseline" ? "the baseline" : $"policy '{plan.PolicyName}'";
        return $"trial {trial} of {policy}, {where}: {what}. {Culprit(plan, values, draws)} "
            + "Numbers this large cannot be simulated: check for huge literals and for distributions with enormous tails "
            + $"(lognormal takes mu and sigma of the logarithm). Replay it with: exportflow run {plan.Scenario.File} --trial {trial} --seed {seed}"
            + (plan.PolicyName == "baseline" ? "" : plan.PolicyName.Contains(' ', StringComparison.Ordinal) ? $" --policy \"{plan.PolicyName}\"" : $" --policy {plan.PolicyName}");
    }

    /// <summary>The first tally of the trial that is not finite, as "quantity is value"; null when all are finite.</summary>
    public static string? FirstNonFinite(FlowPlan plan, TrialState s)
    {
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            if (!double.IsFinite(s.Outcomes[(int)o]))
            {
                return $"{Name(o)} is {Number(s.Outcomes[(int)o])}";
            }
        }

        return Find(s.LeakedByRoute, k => $"leaked on route {plan.RouteKeys[k]}")
            ?? Find(s.LeakedBySource, k => $"leaked from source '{plan.NodeIds[plan.SourcePosition[k]]}'")
            ?? Find(s.LeakedBySourceCountry, k => $"leaked from country {plan.Countries[k]}")
            ?? Find(s.LeakedByTransitCountry, k => $"leaked through country {plan.Countries[k]}")
            ?? Find(s.InterdictedByEdge, k => $"interdicted on edge '{plan.IllicitEdgeIds[k]}'")
            ?? Find(s.Billed, k => $"billed to {plan.Countries[k]}")
            ?? Find(s.Received, k => $"received by {plan.Countries[k]}")
            ?? (double.IsFinite(s.SaturatedShare) ? null : $"the saturated share is {Number(s.SaturatedShare)}");

        static string? Find(double[] xs, Func<int, string> name)
        {
            int k = Array.FindIndex(xs, x => !double.IsFinite(x));
            return k < 0 ? null : $"{name(k)} is {Number(xs[k])}";
        }
    }

    /// <summary>The scenario element whose value made the numbers blow up, with its location.</summary>
    internal static string Culprit(FlowPlan plan, double[] values, double[] draws)
    {
        var owners = Owners(plan);

        // A drawn value that is not finite first (a draw of +∞ in an unbounded attribute); then the largest
        // finite quantity. A literal .inf (a market's unlimited demand) is meant and never blamed.
        int k = Enumerable.Range(0, values.Length).FirstOrDefault(i => !double.IsFinite(values[i]) && DrawOf(plan, i, draws) >= 0, -1);
        string lead = "It comes from";
        if (k < 0)
        {
            double largest = -1;
            for (int i = 0; i < values.Length; i++)
            {
                bool probability = owners[i] is { } o && AttributeInfo.IsProbability(o.Attribute);
                if (!probability && double.IsFinite(values[i]) && Math.Abs(values[i]) > largest)
                {
                    largest = Math.Abs(values[i]);
                    k = i;
                }
            }

            lead = "The largest quantity in play is";
        }

        if (k < 0)
        {
            return "";
        }

        var text = new StringBuilder(lead).Append(' ');
        (string Element, AttributeId Attribute, Quantity? Source)? owner = owners[k];
        int draw = DrawOf(plan, k, draws);
        if (draw >= 0 && ParameterOfDraw(plan, draw) is { } parameter)
        {
            text.Append(CultureInfo.InvariantCulture, $"parameter '{parameter.Name}' ({parameter.Value.Location}), {parameter.Value}, which drew {Number(draws[draw])} in this trial; it sets ");
        }
        else if (draw >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"the distribution {plan.Draws[draw]}, which drew {Number(draws[draw])} in this trial, of ");
        }

        if (owner is { } known)
        {
            string location = known.Source is { } q ? $" ({q.Location})" : "";
            text.Append(CultureInfo.InvariantCulture, $"{known.Element} {AttributeInfo.NameOf(known.Attribute)}{location}, here {Number(values[k])}.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"a value of {Number(values[k])}.");
        }

        return text.ToString();
    }

    /// <summary>The draw behind value program <paramref name="k"/>: a non-finite one first, else the largest; -1 when none.</summary>
    private static int DrawOf(FlowPlan plan, int k, double[] draws)
    {
        var used = new List<int>();
        if (plan.ProgramBaseDraw[k] >= 0)
        {
            used.Add(plan.ProgramBaseDraw[k]);
        }

        for (int o = plan.ProgramOpStart[k]; o < plan.ProgramOpStart[k + 1]; o++)
        {
            if (plan.OpDraw[o] >= 0)
            {
                used.Add(plan.OpDraw[o]);
            }
        }

        return used.Count == 0 ? -1 : used.OrderByDescending(d => double.IsFinite(draws[d]) ? Math.Abs(draws[d]) : double.PositiveInfinity).First();
    }

    private static Parameter? ParameterOfDraw(FlowPlan plan, int draw) =>
        plan.Scenario.Parameters.FirstOrDefault(p => SplitMix64.HashString("p:" + p.Name) == plan.DrawKeys[draw]);

    /// <summary>Per value program, the element and attribute it belongs to, and the quantity written for it in the file.</summary>
    private static (string Element, AttributeId Attribute, Quantity? Source)?[] Owners(FlowPlan plan)
    {
        var owners = new (string, AttributeId, Quantity?)?[plan.ValueCount];
        Scenario scenario = plan.Scenario;

        void Node(int v, int position, AttributeId a)
        {
            if (v >= 0 && v < owners.Length)
            {
                string id = plan.NodeIds[position];
                Node? node = scenario.Nodes.FirstOrDefault(n => n.Id == id);
                Quantity? q = node is null ? null : node.Attributes.TryGetValue(a, out Quantity? given) ? given : new LiteralQuantity(0, node.Location);
                owners[v] = ($"node '{id}'", a, q);
            }
        }

        void Edge(int v, string id, AttributeId a)
        {
            if (v >= 0 && v < owners.Length)
            {
                Edge? edge = scenario.Edges.FirstOrDefault(e => e.Id == id);
                Quantity? q = edge is null ? null : edge.Attributes.TryGetValue(a, out Quantity? given) ? given : new LiteralQuantity(0, edge.Location);
                owners[v] = ($"edge '{id}'", a, q);
            }
        }

        for (int p = 0; p < plan.NodeCount; p++)
        {
            Node(plan.SupplyV[p], p, AttributeId.Supply);
            Node(plan.DemandV[p], p, AttributeId.Demand);
            Node(plan.InitialStockV[p], p, AttributeId.InitialStock);
        }

        for (int s = 0; s < plan.SourceCount; s++)
        {
            Node(plan.DiversionV[s], plan.SourcePosition[s], AttributeId.Diversion);
            Node(plan.PenaltyV[s], plan.SourcePosition[s], AttributeId.Penalty);
            Node(plan.SourceLotV[s], plan.SourcePosition[s], AttributeId.Lot);
            Node(plan.VerificationV[s], plan.SourcePosition[s], AttributeId.Verification);
        }

        for (int r = 0; r < plan.RestrictedCount; r++)
        {
            Node(plan.IllicitDemandV[r], plan.RestrictedPosition[r], AttributeId.IllicitDemand);
            Node(plan.BetaV[r], plan.RestrictedPosition[r], AttributeId.Beta);
            Node(plan.PremiumV[r], plan.RestrictedPosition[r], AttributeId.Premium);
            Node(plan.SubstitutionV[r], plan.RestrictedPosition[r], AttributeId.Substitution);
        }

        for (int e = 0; e < plan.LegitEdgeCount; e++)
        {
            Edge(plan.EdgeWeightV[e], plan.LegitEdgeIds[e], AttributeId.Weight);
            Edge(plan.EdgeApprovalV[e], plan.LegitEdgeIds[e], AttributeId.Approval);
            Edge(plan.EdgeLotV[e], plan.LegitEdgeIds[e], AttributeId.Lot);
        }

        for (int e = 0; e < plan.IllicitEdgeCount; e++)
        {
            Edge(plan.DetectionV[e], plan.IllicitEdgeIds[e], AttributeId.Detection);
            Edge(plan.CostV[e], plan.IllicitEdgeIds[e], AttributeId.Cost);
        }

        foreach (int v in plan.QuotaAmountV)
        {
            if (v >= 0 && v < owners.Length && owners[v] is null)
            {
                int d = plan.ProgramBaseDraw[v];
                Cap? cap = d < 0 ? null : scenario.Caps
                    .Concat(scenario.Policies.SelectMany(p => p.Rules).SelectMany(r => r.Actions).OfType<CapAction>().Select(a => a.Cap))
                    .FirstOrDefault(c => SplitMix64.HashString($"a:{c.Id}.amount") == plan.DrawKeys[d]);
                owners[v] = (cap is null ? "a cap's" : $"cap '{cap.Id}'", AttributeId.Amount, cap?.Amount);
            }
        }

        return owners;
    }

    private static string Name(Outcome o)
    {
        string name = o.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Number(double v) => v switch
    {
        double.NaN => "NaN (not a number)",
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => v.ToString("G6", CultureInfo.InvariantCulture),
    };

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return (end >= 0 ? message[..end] : message).Split('\n')[0].Trim();
    }
}
