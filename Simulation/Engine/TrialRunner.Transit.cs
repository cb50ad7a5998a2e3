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
    /// Steps 5 and 6 for periods <paramref name="t0"/>..<paramref name="t1"/>: <see cref="Transit{TRecord}"/>
    /// recording each period's draws when per-period statistics were asked for (tested once here), and as
    /// before, recording nothing, when not.
    /// </summary>
    private static void TransitPeriods(FlowPlan plan, TrialState s, int t0, int t1)
    {
        if (s.ByPeriod)
        {
            Transit<Recorded>(plan, s, t0, t1);
        }
        else
        {
            Transit<Unrecorded>(plan, s, t0, t1);
        }
    }

    /// <summary>
    /// Steps 5 and 6 for periods <paramref name="t0"/>..<paramref name="t1"/> (the same flows in each):
    /// one transit draw per route and period, then flagging. Only per-route sums are kept here, each in
    /// period order; totals and breakdowns are derived from them (<see cref="LeakTotals"/>,
    /// <see cref="LeakBreakdowns"/>, <see cref="FlushSeizures"/>), so drawing route by route over several
    /// periods gives the same numbers as drawing period by period.
    /// With <typeparamref name="TRecord"/> = <see cref="Recorded"/>, each period's leaked, seized and flagged
    /// units are also added to its row of <see cref="TrialState.PeriodRows"/>, and its leaked units to its row of
    /// <see cref="TrialState.PeriodLeakedBySourceCountry"/>; the per-route sums are made exactly as without.
    /// <typeparamref name="TRecord"/> is a struct, so the JIT compiles one loop per mode and the test
    /// <c>typeof(TRecord) == typeof(Recorded)</c> is a constant: without recording, the loop is the one it was.
    /// </summary>
    private static void Transit<TRecord>(FlowPlan plan, TrialState s, int t0, int t1)
        where TRecord : struct
    {
        bool record = typeof(TRecord) == typeof(Recorded);
        double[] rows = s.PeriodRows, byCountry = s.PeriodLeakedBySourceCountry;
        int countries = plan.Countries.Length;
        int n = TrialState.OutcomeCount;
        const int leakedI = (int)Outcome.Leaked, seizedI = (int)Outcome.Interdicted, flaggedI = (int)Outcome.Flagged;
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
            int country = record ? plan.SourceCountry[src] : 0;
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
                        if (record)
                        {
                            rows[((t - 1) * n) + leakedI] += la;
                            rows[((t - 1) * n) + seizedI] += sa;
                            rows[(t * n) + leakedI] += lb;
                            rows[(t * n) + seizedI] += sb;
                            byCountry[((t - 1) * countries) + country] += la;
                            byCountry[(t * countries) + country] += lb;
                            RecordTransit(plan, s, k, t, la);
                            RecordTransit(plan, s, k, t + 1, lb);
                        }
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
                    double flagged = verification <= 0 ? 0.0 : verification >= 1 ? leaked : Flag(routeSlotKeysS, k, t, leaked, verification);
                    flaggedSum += flagged;
                    lastSeized = seized;
                    if (record)
                    {
                        rows[((t - 1) * n) + leakedI] += leaked;
                        rows[((t - 1) * n) + seizedI] += seized;
                        rows[((t - 1) * n) + flaggedI] += flagged;
                        byCountry[((t - 1) * countries) + country] += leaked;
                        RecordTransit(plan, s, k, t, leaked);
                    }
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
                    double flagged = verification <= 0 ? 0.0 : verification >= 1 ? flow : Flag(routeSlotKeysS, k, t, flow, verification);
                    flaggedSum += flagged;
                    if (record)
                    {
                        rows[((t - 1) * n) + leakedI] += flow;
                        rows[((t - 1) * n) + flaggedI] += flagged;
                        byCountry[((t - 1) * countries) + country] += flow;
                        RecordTransit(plan, s, k, t, flow);
                    }
                }
            }

            leakedByRouteS[k] = leakedSum;
            flaggedByRouteS[k] = flaggedSum;
        }
    }

    /// <summary>Type argument of <see cref="Transit{TRecord}"/>: record each period's draws.</summary>
    private struct Recorded;

    /// <summary>Type argument of <see cref="Transit{TRecord}"/>: record nothing (per-period statistics off).</summary>
    private struct Unrecorded;

    /// <summary>With per-period statistics: route <paramref name="k"/>'s leaked units of period <paramref name="t"/> added to each of its transit countries' row.</summary>
    private static void RecordTransit(FlowPlan plan, TrialState s, int k, int t, double leaked)
    {
        int row = (t - 1) * plan.Countries.Length;
        for (int c = plan.RouteCountryStart[k]; c < plan.RouteCountryStart[k + 1]; c++)
        {
            s.PeriodLeakedByTransitCountry[row + plan.RouteCountries[c]] += leaked;
        }
    }
}
