using System.Runtime.CompilerServices;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Which series of a <see cref="RunAccumulator"/> share one accumulator, computed once per plan and shared by
/// every accumulator of a run (the totals and each worker's block accumulators).
/// </summary>
/// <remarks>
/// <para>
/// Columns are, in order: the outcomes, leakage by route, by source, by source country and by transit country,
/// interdiction by illicit edge, billed and received by country, and the saturated share. Two series share an
/// accumulator when the engine computes them by the same additions in the same order, so they are equal in every
/// trial, bit for bit:
/// </para>
/// <list type="bullet">
/// <item>leakage by route, source, source country and transit country is the sum of a list of routes, added in
/// route order (TrialRunner.LeakBreakdowns): series with the same list share (a source with one route, a country
/// with one source);</item>
/// <item>billed and received by country are sums over legit edges, added in the order the final sweep visits them
/// (TrialRunner.Sweep): billed to c adds the edges from a supplier billed to c, received by c the import edges
/// into c, so a country whose imports all come straight from suppliers and are billed to it has its billed and
/// received series equal;</item>
/// <item>a series with an empty list is 0 in every trial: all such (structurally zero) series share one.</item>
/// </list>
/// <para>The set-up is linear in routes, route-country incidences and legit edges: one dictionary keyed by the lists.</para>
/// </remarks>
internal sealed class SeriesLayout
{
    private static readonly ConditionalWeakTable<FlowPlan, SeriesLayout> Layouts = new();

    private SeriesLayout(int[] groupOf, int groups)
    {
        GroupOf = groupOf;
        Groups = groups;
        Owner = new bool[groupOf.Length];
        var seen = new bool[groups];
        for (int i = 0; i < groupOf.Length; i++)
        {
            Owner[i] = !seen[groupOf[i]];
            seen[groupOf[i]] = true;
        }
    }

    /// <summary>Number of series (columns).</summary>
    public int Columns => GroupOf.Length;

    /// <summary>Number of distinct accumulators.</summary>
    public int Groups { get; }

    /// <summary>The accumulator of each column, 0 ≤ g &lt; <see cref="Groups"/>, numbered in order of first use.</summary>
    public int[] GroupOf { get; }

    /// <summary>Whether a column is the first of its accumulator.</summary>
    public bool[] Owner { get; }

    /// <summary>The layout of <paramref name="plan"/>, built on first use.</summary>
    public static SeriesLayout Of(FlowPlan plan) => Layouts.GetValue(plan, Build);

    private static SeriesLayout Build(FlowPlan plan)
    {
        int countries = plan.Countries.Length;
        int columns = TrialState.OutcomeCount + plan.RouteCount + plan.SourceCount + (4 * countries) + plan.IllicitEdgeCount + 1;
        var groupOf = new int[columns];
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        int groups = 0;
        int column = 0;
        void Own(int count)
        {
            for (int i = 0; i < count; i++)
            {
                groupOf[column++] = groups++;
            }
        }

        // Series keyed by a list of terms ("r" routes, "e" edges); the empty list is "" whatever the kind.
        void Keyed(List<int>?[] lists, char kind)
        {
            var text = new StringBuilder();
            foreach (List<int>? list in lists)
            {
                text.Clear();
                if (list is { Count: > 0 })
                {
                    text.Append(kind);
                    foreach (int term in list)
                    {
                        text.Append(',').Append(term);
                    }
                }

                string key = text.ToString();
                if (!byKey.TryGetValue(key, out int group))
                {
                    group = groups++;
                    byKey.Add(key, group);
                }

                groupOf[column++] = group;
            }
        }

        // Each series' terms in the order the engine adds them (a term is added once even if met twice in a row).
        List<int>?[] Lists(int count, Action<Action<int, int>> terms)
        {
            var lists = new List<int>?[count];
            terms((i, term) =>
            {
                List<int> list = lists[i] ??= [];
                if (list.Count == 0 || list[^1] != term)
                {
                    list.Add(term);
                }
            });
            return lists;
        }

        void EachRoute(Action<int, int> use, Func<int, int> seriesOf)
        {
            for (int k = 0; k < plan.RouteCount; k++)
            {
                use(seriesOf(k), k);
            }
        }

        Own(TrialState.OutcomeCount);
        Keyed(Lists(plan.RouteCount, use => EachRoute(use, k => k)), 'r');
        Keyed(Lists(plan.SourceCount, use => EachRoute(use, k => plan.RouteSource[k])), 'r');
        Keyed(Lists(countries, use => EachRoute(use, k => plan.SourceCountry[plan.RouteSource[k]])), 'r');
        Keyed(Lists(countries, use =>
        {
            for (int k = 0; k < plan.RouteCount; k++)
            {
                for (int c = plan.RouteCountryStart[k]; c < plan.RouteCountryStart[k + 1]; c++)
                {
                    use(plan.RouteCountries[c], k);
                }
            }
        }), 'r');
        Own(plan.IllicitEdgeCount);

        // Billed and received: the legit edges in the final sweep's order (by head position, then in-edge order).
        void EachInEdge(Action<int, int> use, bool billed)
        {
            for (int p = 0; p < plan.NodeCount; p++)
            {
                for (int i = plan.InStart[p]; i < plan.InStart[p + 1]; i++)
                {
                    int e = plan.InEdges[i];
                    if (billed && plan.EdgeFromSupplier[e])
                    {
                        use(plan.EdgeBilledCountry[e], e);
                    }
                    else if (!billed && plan.EdgeIsImport[e])
                    {
                        use(plan.NodeCountry[p], e);
                    }
                }
            }
        }

        Keyed(Lists(countries, use => EachInEdge(use, billed: true)), 'e');
        Keyed(Lists(countries, use => EachInEdge(use, billed: false)), 'e');
        Own(1);
        return new SeriesLayout(groupOf, groups);
    }
}
