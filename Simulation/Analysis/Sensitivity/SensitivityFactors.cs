using ExportFlow.Simulation.Compilation;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// Groups the inputs of a sensitivity analysis into the independent factors of a Sobol design. Sobol indices need
/// independent factors: the members of one correlation group are drawn jointly from their normal scores, so the group
/// is one factor (its members' prefixes are swapped together, which draws the whole group from the other matrix, with
/// its correlations intact); an autocorrelated per-period input is one factor already (its whole path comes from its
/// slot under its prefix).
/// </summary>
internal static class SensitivityFactors
{
    /// <summary>
    /// The factors of <paramref name="inputs"/>: inputs linked by a score group of any of <paramref name="plans"/> are
    /// one factor; factors are ordered by their first input.
    /// </summary>
    public static SensitivityFactor[] Of(IReadOnlyList<FlowPlan> plans, SensitivityInput[] inputs)
    {
        var byKey = new Dictionary<ulong, int>();
        for (int i = 0; i < inputs.Length; i++)
        {
            byKey[inputs[i].Key] = i;
        }

        int[] parent = [.. Enumerable.Range(0, inputs.Length)];
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var autocorrelated = new HashSet<int>();
        foreach (FlowPlan plan in plans)
        {
            for (int g = 0; g + 1 < plan.ScoreGroupStart.Length; g++)
            {
                int first = -1;
                for (int m = plan.ScoreGroupStart[g]; m < plan.ScoreGroupStart[g + 1]; m++)
                {
                    if (!byKey.TryGetValue(plan.DrawKeys[plan.ScoreGroupDraws[m]], out int i))
                    {
                        continue;
                    }

                    if (plan.ScoreGroupRho[g] != 0)
                    {
                        autocorrelated.Add(i);
                    }

                    if (first < 0)
                    {
                        first = i;
                    }
                    else
                    {
                        parent[Find(i)] = Find(first);
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, inputs.Length).GroupBy(Find).Select(g => g.Order().ToArray()).OrderBy(g => g[0]).Select(members =>
        {
            string[] names = [.. members.Select(i => inputs[i].Name)];
            bool path = members.Any(autocorrelated.Contains);
            if (members.Length == 1)
            {
                return new SensitivityFactor(names[0], members, path ? "autocorrelated: its whole path is one factor" : "");
            }

            return new SensitivityFactor($"group({string.Join(", ", names)})", members,
                $"correlation group, swapped together{(path ? "; autocorrelated: whole paths" : "")}");
        })];
    }
}
