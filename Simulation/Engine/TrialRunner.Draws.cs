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
    /// event can happen (0 &lt; q &lt; 1, approval &lt; 1), unless per-period draws may move those values.
    /// </summary>
    private static void SlotKeys(FlowPlan plan, TrialState s, ulong trialPrefix)
    {
        double[] values = s.Values;
        bool moving = plan.PeriodDraws.Length > 0;
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

    private static void Draw(FlowPlan plan, TrialState s, int[] draws, ulong trialPrefix, int period)
    {
        for (int i = 0; i < draws.Length; i++)
        {
            int d = draws[i];
            var stream = new EventStream(StreamKeys.PeriodKey(StreamKeys.SlotKeyFromPrefix(trialPrefix, plan.DrawKeys[d]), period));
            s.DrawValues[d] = plan.DrawSamplers[d]!.Sample(ref stream);
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
}
