using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Step 1 of docs/model.md, draws: the trial's and each period's parameter draws, the values that depend
/// on them, and the slot keys of the events that later steps draw.
/// </summary>
internal static partial class TrialRunner
{
    /// <summary>
    /// The slot keys of the trial's per-period events. Flag and licence slots are keyed only where an
    /// event can happen (0 &lt; q &lt; 1, approval &lt; 1), unless values may move between periods (per-period
    /// draws, growth, timed rules, per-period score draws: anything with a per-period value program).
    /// </summary>
    private static void SlotKeys(FlowPlan plan, TrialState s, ulong trialPrefix)
    {
        double[] values = s.Values;
        bool moving = plan.PeriodPrograms.Length > 0;
        for (int k = 0; k < plan.RouteCount; k++)
        {
            s.RouteSlotKeys[4 * k] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.RouteTransitKey[k]);
            s.RouteSlotKeys[(4 * k) + 1] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.RouteTransitFracKey[k]);
            double verification = values[plan.VerificationV[plan.RouteSource[k]]];
            if (moving || (verification > 0 && verification < 1))
            {
                s.RouteSlotKeys[(4 * k) + 2] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.RouteFlagKey[k]);
                s.RouteSlotKeys[(4 * k) + 3] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.RouteFlagFracKey[k]);
            }
        }

        for (int e = 0; e < plan.LegitEdgeCount; e++)
        {
            if (moving || values[plan.EdgeApprovalV[e]] < 1.0)
            {
                s.EdgeSlotKeys[2 * e] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.EdgeLicenceKey[e]);
                s.EdgeSlotKeys[(2 * e) + 1] = StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.EdgeLicenceFracKey[e]);
            }
        }
    }

    /// <summary>
    /// The draws of <paramref name="draws"/> for <paramref name="period"/> (0: the trial's). With the sensitivity hook
    /// of <see cref="TrialState"/>: draw d reads its slot under <see cref="TrialState.DrawPrefixes"/>[d] instead of the
    /// trial's prefix, takes <see cref="TrialState.DrawFixed"/>[d] when that is not NaN, and is added to
    /// <see cref="TrialState.DrawSums"/>[d]. All three are null in ordinary runs.
    /// </summary>
    private static void Draw(FlowPlan plan, TrialState s, int[] draws, ulong trialPrefix, int period)
    {
        ulong[]? prefixes = s.DrawPrefixes;
        double[]? fixedValues = s.DrawFixed;
        double[]? sums = s.DrawSums;
        InputPoints? points = s.Points;
        for (int i = 0; i < draws.Length; i++)
        {
            int d = draws[i];
            int dimension;
            if (fixedValues is not null && !double.IsNaN(fixedValues[d]))
            {
                s.DrawValues[d] = fixedValues[d];
            }
            else if (points is not null && (dimension = points.Dimension(d, period)) >= 0)
            {
                // Quasi-random inputs: the exact inverse CDF of the point's uniform (never a rejection sampler).
                s.DrawValues[d] = InverseCdf.Of(plan.Draws[d]!, points.Uniform(s.Trial, dimension));
            }
            else
            {
                ulong prefix = prefixes is null ? trialPrefix : prefixes[d];
                var stream = new EventStream(StreamKeys.PeriodKey(StreamKeys.SlotKeyFromPrefix(prefix, plan.DrawKeys[d]), period));
                s.DrawValues[d] = plan.DrawSamplers[d]!.Sample(ref stream);
            }

            if (sums is not null)
            {
                sums[d] += s.DrawValues[d];
            }
        }
    }

    /// <summary>
    /// Evaluates <paramref name="programs"/> for period <paramref name="t"/> (an operation applies only inside
    /// its window); returns true when a value changed.
    /// </summary>
    private static bool Evaluate(FlowPlan plan, double[] values, double[] draws, int[] programs, int t)
    {
        bool changed = false;
        for (int i = 0; i < programs.Length; i++)
        {
            int k = programs[i];
            int baseDraw = plan.ProgramBaseDraw[k];
            double v = baseDraw >= 0 ? draws[baseDraw] : plan.ProgramBaseConst[k];
            for (int o = plan.ProgramOpStart[k]; o < plan.ProgramOpStart[k + 1]; o++)
            {
                if (t < plan.OpFrom[o] || t > plan.OpUntil[o])
                {
                    continue;
                }

                int d = plan.OpDraw[o];
                double operand = d >= 0 ? draws[d] : plan.OpConst[o];
                v = plan.OpKind[o] switch
                {
                    RuleOperation.Set => operand,
                    RuleOperation.Scale => v * operand,
                    _ => v + operand,
                };
            }

            double clamped = Math.Clamp(double.IsNaN(v) ? plan.ProgramLow[k] : v, plan.ProgramLow[k], plan.ProgramHigh[k]);
            changed |= clamped != values[k];
            values[k] = clamped;
        }

        return changed;
    }

    /// <summary>
    /// Model v2: the score groups' draws for <paramref name="period"/> (0: the trial's). For each group,
    /// ε_j = Φ⁻¹(u_j) from member j's own slot, x = L·ε, and for per-period groups z_t = ρ·z_(t−1) + √(1 − ρ²)·x
    /// (z_1 = x); each member's value is F⁻¹(Φ(z)), so its marginal is its stated distribution exactly.
    /// </summary>
    private static void ScoreDraws(FlowPlan plan, TrialState s, int[] groups, ulong trialPrefix, int period)
    {
        double[] eps = s.Epsilon;
        ulong[]? prefixes = s.DrawPrefixes;
        double[]? fixedValues = s.DrawFixed;
        double[]? sums = s.DrawSums;
        InputPoints? points = s.Points;
        for (int gi = 0; gi < groups.Length; gi++)
        {
            int g = groups[gi];
            int m0 = plan.ScoreGroupStart[g], n = plan.ScoreGroupStart[g + 1] - m0;
            int l = plan.ScoreGroupLowerStart[g];
            for (int j = 0; j < n; j++)
            {
                int d = plan.ScoreGroupDraws[m0 + j];
                ulong prefix = prefixes is null ? trialPrefix : prefixes[d];
                int dimension = points is null ? -1 : points.Dimension(d, period);
                double u = dimension >= 0
                    ? points!.Uniform(s.Trial, dimension)
                    : EventStream.FirstUniform(StreamKeys.PeriodKey(StreamKeys.SlotKeyFromPrefix(prefix, plan.DrawKeys[d]), period));
                eps[j] = StandardNormal.InverseCdf(u);
            }

            double rho = plan.ScoreGroupRho[g];
            double innovation = Math.Sqrt(1 - (rho * rho));
            for (int i = 0; i < n; i++)
            {
                double x = 0;
                for (int k = 0; k <= i; k++)
                {
                    x += plan.ScoreGroupLower[l++] * eps[k];
                }

                int d = plan.ScoreGroupDraws[m0 + i];
                double z = period <= 1 || rho == 0 ? x : (rho * s.Scores[d]) + (innovation * x);
                s.Scores[d] = z;
                s.DrawValues[d] = InverseCdf.OfNormalScore(plan.Draws[d]!, z);
                if (fixedValues is not null && !double.IsNaN(fixedValues[d]))
                {
                    // A fixed member takes its value; the other members keep their correlated draws.
                    s.DrawValues[d] = fixedValues[d];
                }

                if (sums is not null)
                {
                    sums[d] += s.DrawValues[d];
                }
            }
        }
    }

    /// <summary>
    /// Model v2: each growth draw's value in period <paramref name="t"/>, value·(1 + g)^(t − 1). A per-trial draw
    /// keeps its value before growth from the trial's start; a per-period draw was just drawn.
    /// </summary>
    private static void Grow(FlowPlan plan, TrialState s, int t)
    {
        int stride = plan.Periods + 1;
        for (int i = 0; i < plan.GrowthDraws.Length; i++)
        {
            int d = plan.GrowthDraws[i];
            if (plan.DrawPerPeriod[d])
            {
                s.GrowthRaw[i] = s.DrawValues[d];
            }

            s.DrawValues[d] = s.GrowthRaw[i] * plan.GrowthFactor[(i * stride) + t];
        }
    }

    /// <summary>Keeps the trial's per-trial growth draws before growth.</summary>
    private static void KeepGrowthBases(FlowPlan plan, TrialState s)
    {
        for (int i = 0; i < plan.GrowthDraws.Length; i++)
        {
            s.GrowthRaw[i] = s.DrawValues[plan.GrowthDraws[i]];
        }
    }
}
