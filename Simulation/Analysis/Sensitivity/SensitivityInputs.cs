using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>Finds the inputs of a sensitivity analysis: every non-degenerate draw of the compiled plans, one per slot.</summary>
internal static class SensitivityInputs
{
    /// <summary>
    /// The inputs of <paramref name="plans"/>, in the order of the first plan's draws, then those only later plans
    /// draw. A draw whose distribution is a single value (a literal with growth) is not an input.
    /// </summary>
    public static SensitivityInput[] Of(Scenario scenario, IReadOnlyList<FlowPlan> plans)
    {
        Dictionary<ulong, string> names = SlotNames(scenario);
        var seen = new HashSet<ulong>();
        var inputs = new List<SensitivityInput>();
        foreach (FlowPlan plan in plans)
        {
            var scored = new HashSet<int>(plan.ScoreGroupDraws);
            for (int d = 0; d < plan.Draws.Length; d++)
            {
                Distribution? distribution = plan.Draws[d];
                if (distribution is null || distribution.SupportLow == distribution.SupportHigh || !seen.Add(plan.DrawKeys[d]))
                {
                    continue;
                }

                string name = names.TryGetValue(plan.DrawKeys[d], out string? n) ? n : $"draw{d}";
                inputs.Add(new SensitivityInput(name, plan.DrawKeys[d], distribution, plan.DrawPerPeriod[d], scored.Contains(d)));
            }
        }

        return [.. inputs];
    }

    /// <summary>Per input, the draws of <paramref name="plan"/> keyed by its slot (empty when the plan does not draw it).</summary>
    public static int[][] DrawsOf(FlowPlan plan, IReadOnlyList<SensitivityInput> inputs) =>
        [.. inputs.Select(input => Enumerable.Range(0, plan.DrawKeys.Length).Where(d => plan.Draws[d] is not null && plan.DrawKeys[d] == input.Key).ToArray())];

    /// <summary>
    /// Per input, the draws of <paramref name="plan"/> that are not inputs (a degenerate distribution such as
    /// uniform(0.2, 0.2)) but belong to the same correlation group as the input, listed under the group's first input
    /// member. Their normal scores still feed the other members through the Cholesky factor, so they must follow the
    /// group's prefix for a Sobol row to draw the whole group from one matrix.
    /// </summary>
    public static int[][] CompanionsOf(FlowPlan plan, IReadOnlyList<SensitivityInput> inputs)
    {
        var byKey = new Dictionary<ulong, int>();
        for (int i = 0; i < inputs.Count; i++)
        {
            byKey[inputs[i].Key] = i;
        }

        var companions = inputs.Select(_ => new List<int>()).ToArray();
        for (int g = 0; g + 1 < plan.ScoreGroupStart.Length; g++)
        {
            int[] members = plan.ScoreGroupDraws[plan.ScoreGroupStart[g]..plan.ScoreGroupStart[g + 1]];
            int owner = members.Select(d => byKey.TryGetValue(plan.DrawKeys[d], out int i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (owner >= 0)
            {
                companions[owner].AddRange(members.Where(d => !byKey.ContainsKey(plan.DrawKeys[d])));
            }
        }

        return [.. companions.Select(c => c.ToArray())];
    }

    /// <summary>Display names by slot hash: parameters by name, inline distributions as owner.attribute.</summary>
    private static Dictionary<ulong, string> SlotNames(Scenario scenario)
    {
        var names = new Dictionary<ulong, string>();
        foreach (Parameter p in scenario.Parameters)
        {
            names.TryAdd(SplitMix64.HashString($"p:{p.Name}"), p.Name);
        }

        IEnumerable<string> owners = scenario.Nodes.Select(n => n.Id)
            .Concat(scenario.Edges.Select(e => e.Id))
            .Concat(scenario.Caps.Select(c => c.Id));
        AttributeId[] attributes = Enum.GetValues<AttributeId>();
        foreach (string owner in owners.Distinct(StringComparer.Ordinal))
        {
            foreach (AttributeId a in attributes)
            {
                string attribute = AttributeInfo.NameOf(a);
                names.TryAdd(SplitMix64.HashString($"a:{owner}.{attribute}"), $"{owner}.{attribute}");
            }
        }

        return names;
    }
}
