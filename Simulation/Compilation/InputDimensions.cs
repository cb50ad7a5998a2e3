namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// The dimension of every input draw under quasi-random sampling (<c>--sampling sobol|lhs</c>): a function of the
/// draw's slot key, not of its position, so that a baseline and its policies give the same draw the same dimension
/// (common random numbers). Dimensions are laid out over the slot keys of a reference plan (the baseline) in its
/// draw order, then the keys only the plan itself draws, in its draw order. A per-trial slot takes one dimension;
/// a per-period slot takes one per period (period t uses the first + t − 1).
/// </summary>
internal static class InputDimensions
{
    /// <summary>Per draw of <paramref name="plan"/>, its first dimension, and the number of dimensions the plan uses.</summary>
    /// <param name="plan">The plan to lay out.</param>
    /// <param name="reference">The plan whose slots come first (the baseline); the plan itself when null.</param>
    public static (int[] First, int Count) Assign(FlowPlan plan, FlowPlan? reference = null)
    {
        reference ??= plan;
        int width = Math.Max(1, Math.Max(plan.Periods, reference.Periods));
        var dimensions = new Dictionary<(ulong Key, bool PerPeriod), int>();
        int next = 0;
        void Add(FlowPlan p)
        {
            for (int d = 0; d < p.Draws.Length; d++)
            {
                if (p.Draws[d] is null)
                {
                    continue;
                }

                var slot = (p.DrawKeys[d], p.DrawPerPeriod[d]);
                if (dimensions.TryAdd(slot, next))
                {
                    next += slot.Item2 ? width : 1;
                }
            }
        }

        Add(reference);
        Add(plan);
        int[] first = new int[plan.Draws.Length];
        int used = 0;
        for (int d = 0; d < first.Length; d++)
        {
            if (plan.Draws[d] is null)
            {
                first[d] = -1;
                continue;
            }

            first[d] = dimensions[(plan.DrawKeys[d], plan.DrawPerPeriod[d])];
            used = Math.Max(used, first[d] + (plan.DrawPerPeriod[d] ? width : 1));
        }

        return (first, used);
    }
}
