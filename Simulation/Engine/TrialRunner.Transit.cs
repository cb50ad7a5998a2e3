using System.Runtime.CompilerServices;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Steps 5 and 6 of docs/model.md: transit (one binomial draw per route and period) and flagging.
/// </summary>
internal static partial class TrialRunner
{
    // Kept out of Transit's loop (rarely taken), so that the loop keeps its values in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetUp(ref FluidDraw draw, double flow, double survival, double lot)
    {
        draw.Set(flow, survival, lot, tabulate: true);
    }

    /// <summary>Step 6: the flagged part of what a route leaked, for 0 &lt; q &lt; 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Flag(ulong[] routeSlotKeys, int k, int t, double leaked, double verification)
    {
        var flagStream = new EventStream(StreamKeys.PeriodKey(routeSlotKeys[(4 * k) + 2], t));
        var flagFrac = new EventStream(StreamKeys.PeriodKey(routeSlotKeys[(4 * k) + 3], t));
        return FluidBinomial.SampleUnchecked(leaked, verification, 1.0, ref flagStream, ref flagFrac);
    }

    /// <summary>
    /// Steps 5 and 6 for periods <paramref name="t0"/>..<paramref name="t1"/>: <see cref="Transit"/> in one call,
    /// or, when per-period statistics are recorded (<see cref="TrialState.ByPeriod"/>, tested once here), one
    /// period at a time with each period's draws recorded (<see cref="TransitRecorded"/>).
    /// </summary>
    private static void TransitPeriods(FlowPlan plan, TrialState s, int t0, int t1)
    {
        if (!s.ByPeriod)
        {
            Transit(plan, s, t0, t1);
            return;
        }

        for (int t = t0; t <= t1; t++)
        {
            TransitRecorded(plan, s, t);
        }
    }

    /// <summary>
    /// Steps 5 and 6 of period <paramref name="t"/> alone, recording its leaked, interdicted and flagged units
    /// and its leakage by source country. The per-route sums are set aside and cleared, so that
    /// <see cref="Transit"/> leaves each route's draw of this period alone in them (0 + x = x exactly); then
    /// each sum is restored as (sum before) + (this period's draw), the very addition <see cref="Transit"/>
    /// makes, in the same period order. The draws read the same streams. So the trial's totals are the same
    /// bit for bit as without recording.
    /// </summary>
    private static void TransitRecorded(FlowPlan plan, TrialState s, int t)
    {
        int routes = plan.RouteCount;
        double[] leakedByRoute = s.LeakedByRoute, seizedByRoute = s.SeizedByRoute, pending = s.SeizedPending, flaggedByRoute = s.FlaggedByRoute;
        double[] savedLeaked = s.SavedLeaked, savedSeized = s.SavedSeized, savedPending = s.SavedPending, savedFlagged = s.SavedFlagged;
        Array.Copy(leakedByRoute, savedLeaked, routes);
        Array.Copy(seizedByRoute, savedSeized, routes);
        Array.Copy(pending, savedPending, routes);
        Array.Copy(flaggedByRoute, savedFlagged, routes);
        Array.Clear(leakedByRoute);
        Array.Clear(seizedByRoute);
        Array.Clear(pending);
        Array.Clear(flaggedByRoute);
        Transit(plan, s, t, t);

        double[] byCountry = s.PeriodLeakedBySourceCountry;
        int countryRow = (t - 1) * plan.Countries.Length;
        double leaked = 0, seized = 0, flagged = 0;
        for (int k = 0; k < routes; k++)
        {
            double l = leakedByRoute[k], z = seizedByRoute[k], f = flaggedByRoute[k];
            leaked += l;
            seized += z;
            flagged += f;
            byCountry[countryRow + plan.SourceCountry[plan.RouteSource[k]]] += l;
            leakedByRoute[k] = savedLeaked[k] + l;
            seizedByRoute[k] = savedSeized[k] + z;
            pending[k] = savedPending[k] + pending[k];
            flaggedByRoute[k] = savedFlagged[k] + f;
        }

        int row = (t - 1) * TrialState.OutcomeCount;
        s.PeriodRows[row + (int)Outcome.Leaked] = leaked;
        s.PeriodRows[row + (int)Outcome.Interdicted] = seized;
        s.PeriodRows[row + (int)Outcome.Flagged] = flagged;
    }

    /// <summary>
    /// Steps 5 and 6 for periods <paramref name="t0"/>..<paramref name="t1"/> (the same flows in each):
    /// one transit draw per route and period, then flagging. Only per-route sums are kept here, each in
    /// period order; totals and breakdowns are derived from them (<see cref="LeakTotals"/>,
    /// <see cref="LeakBreakdowns"/>, <see cref="FlushSeizures"/>), so drawing route by route over several
    /// periods gives the same numbers as drawing period by period.
    /// </summary>
    private static void Transit(FlowPlan plan, TrialState s, int t0, int t1)
    {
        var routeSourceA = plan.RouteSource;
        var sourceLotVA = plan.SourceLotV;
        var verificationVA = plan.VerificationV;
        var routeSlotKeysS = s.RouteSlotKeys;
        var routeFlowS = s.RouteFlow;
        var routeSurvivalS = s.RouteSurvival;
        var routeDrawsS = s.RouteDraws;
        var leakedByRouteS = s.LeakedByRoute;
        var seizedByRouteS = s.SeizedByRoute;
        var seizedPendingS = s.SeizedPending;
        var flaggedByRouteS = s.FlaggedByRoute;
        double[] values = s.Values;
        bool learning = plan.AnyLearning;
        for (int k = 0; k < routeFlowS.Length; k++)
        {
            double flow = routeFlowS[k];
            if (flow <= 0)
            {
                continue;
            }

            int src = routeSourceA[k];
            double survival = routeSurvivalS[k];
            double verification = values[verificationVA[src]];
            double leakedSum = leakedByRouteS[k], flaggedSum = flaggedByRouteS[k];
            if (survival < 1)
            {
                // The set-up of the draw is kept per route: in a repeated period (x, p, lot) are the same.
                ref FluidDraw draw = ref routeDrawsS[k];
                double lot = values[sourceLotVA[src]];
                if (!draw.Matches(flow, survival, lot))
                {
                    SetUp(ref draw, flow, survival, lot);
                }

                ulong transitKey = routeSlotKeysS[4 * k], fractionKey = routeSlotKeysS[(4 * k) + 1];
                double seizedSum = seizedByRouteS[k], pending = seizedPendingS[k], lastSeized = 0;
                int t = t0;
                if (draw.IsTabulated && verification <= 0)
                {
                    // Two periods at a time: their key mixes and look-ups are independent, so the core can
                    // overlap them; the sums still take period t before period t + 1.
                    bool fraction = draw.HasFraction;
                    for (; t < t1; t += 2)
                    {
                        double ua = EventStream.FirstUniform(StreamKeys.PeriodKey(transitKey, t));
                        double ub = EventStream.FirstUniform(StreamKeys.PeriodKey(transitKey, t + 1));
                        double fa = fraction ? EventStream.FirstUniform(StreamKeys.PeriodKey(fractionKey, t)) : 1.0;
                        double fb = fraction ? EventStream.FirstUniform(StreamKeys.PeriodKey(fractionKey, t + 1)) : 1.0;
                        double la = draw.SampleTabulated(ua, fa), lb = draw.SampleTabulated(ub, fb);
                        double sa = flow - la, sb = flow - lb;
                        seizedSum += sa;
                        pending += sa;
                        leakedSum += la;
                        seizedSum += sb;
                        pending += sb;
                        leakedSum += lb;
                    }
                }

                for (; t <= t1; t++)
                {
                    double leaked;
                    if (draw.IsTabulated)
                    {
                        double fu = draw.HasFraction ? EventStream.FirstUniform(StreamKeys.PeriodKey(fractionKey, t)) : 1.0;
                        leaked = draw.SampleTabulated(EventStream.FirstUniform(StreamKeys.PeriodKey(transitKey, t)), fu);
                    }
                    else
                    {
                        var stream = new EventStream(StreamKeys.PeriodKey(transitKey, t));
                        var frac = new EventStream(StreamKeys.PeriodKey(fractionKey, t));
                        leaked = draw.Sample(ref stream, ref frac);
                    }

                    double seized = flow - leaked;
                    seizedSum += seized;
                    pending += seized;
                    leakedSum += leaked;
                    flaggedSum += verification <= 0 ? 0.0 : verification >= 1 ? leaked : Flag(routeSlotKeysS, k, t, leaked, verification);
                    lastSeized = seized;
                }

                if (learning)
                {
                    // Route learning reads what this period seized (periods never repeat with learning).
                    s.RouteLastSeized[k] = lastSeized;
                }

                seizedByRouteS[k] = seizedSum;
                seizedPendingS[k] = pending;
            }
            else
            {
                for (int t = t0; t <= t1; t++)
                {
                    leakedSum += flow;
                    flaggedSum += verification <= 0 ? 0.0 : verification >= 1 ? flow : Flag(routeSlotKeysS, k, t, flow, verification);
                }
            }

            leakedByRouteS[k] = leakedSum;
            flaggedByRouteS[k] = flaggedSum;
        }
    }
}
