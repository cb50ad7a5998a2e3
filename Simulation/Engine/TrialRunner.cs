using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// The hot loop: simulates one trial over the horizon, reading only the <see cref="FlowPlan"/> and
/// writing only the <see cref="TrialState"/>. No allocation, dictionaries, LINQ or virtual calls.
/// Every random event reads its own stream keyed by (trial key, slot, period).
/// </summary>
internal static class TrialRunner
{
    /// <summary>Simulates trial <paramref name="trialKey"/> into <paramref name="s"/>; records periods into <paramref name="trace"/> when given.</summary>
    /// <param name="plan">The compiled scenario.</param>
    /// <param name="s">Scratch and tallies; overwritten.</param>
    /// <param name="trialKey">The trial's key.</param>
    /// <param name="trace">Receives each period's tallies when not null.</param>
    /// <param name="repeatPeriods">When false, steps 2-4 are computed in every period even when they repeat
    /// the last period (tests compare both ways; the results are the same bit for bit).</param>
    public static void Run(FlowPlan plan, TrialState s, ulong trialKey, TrialTrace? trace = null, bool repeatPeriods = true)
    {
        s.ResetTallies();
        Array.Clear(s.ShareCacheValid);
        double[] values = s.Values;
        ulong trialPrefix = SplitMix64.MixPrefix(trialKey);
        Draw(plan, s, plan.TrialDraws, trialPrefix, 0);
        Evaluate(plan, values, s.DrawValues, plan.TrialPrograms);
        SlotKeys(plan, s, trialPrefix);

        // Steps 2-4 of a period are a deterministic function of the values, the stock and the quotas left,
        // except for licence draws. With no per-period draws and no licence that can refuse, a period that
        // starts from the stock and quotas of the last computed one repeats it, and is not computed again.
        bool repeatable = repeatPeriods && plan.PeriodDraws.Length == 0 && !AnyRandomLicence(plan, values);
        s.PeriodMemoValid = false;

        for (int t = 1; t <= plan.Periods; t++)
        {
            if (plan.PeriodDraws.Length > 0)
            {
                Draw(plan, s, plan.PeriodDraws, trialPrefix, t);
                Evaluate(plan, values, s.DrawValues, plan.PeriodPrograms);
                Array.Clear(s.ShareCacheValid);
            }

            if (t == 1)
            {
                // After period 1's draws, so an initial stock may come from a per-period parameter.
                double initial = 0;
                for (int p = 0; p < plan.NodeCount; p++)
                {
                    int v = plan.InitialStockV[p];
                    s.Stock[p] = v >= 0 ? values[v] : 0.0;
                    initial += s.Stock[p];
                }

                s.Outcomes[(int)Outcome.InitialStock] = initial;
            }

            for (int q = 0; q < plan.QuotaCount; q++)
            {
                if (t == 1 || !plan.QuotaPerHorizon[q])
                {
                    s.Quota[q] = values[plan.QuotaAmountV[q]];
                }
            }

            double[]? before = null;
            double stockBefore = 0;
            if (trace is not null)
            {
                before = (double[])s.Outcomes.Clone();
                stockBefore = s.Stock.Sum();
            }

            if (trace is null && Repeats(s, repeatable))
            {
                // A period that repeats the last one leaves the stock and quotas as they were, so every
                // later period repeats it too: add its tallies and draw the transits of t..T route by route.
                for (int u = t; u <= plan.Periods; u++)
                {
                    AddPeriodTallies(s);
                }

                s.RepeatedPeriods += plan.Periods - t + 1;
                Transit(plan, s, t, plan.Periods);
                break;
            }

            RunPeriod(plan, s, t, repeatable);
            if (trace is not null)
            {
                LeakTotals(s);
                trace.Record(t, s, before!, stockBefore);
            }
        }

        FlushSeizures(plan, s);
        LeakTotals(s);
        LeakBreakdowns(plan, s);
        double final = 0;
        for (int p = 0; p < plan.NodeCount; p++)
        {
            final += s.Stock[p];
        }

        s.Outcomes[(int)Outcome.FinalStock] = final;
    }

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

    private static void Evaluate(FlowPlan plan, double[] values, double[] draws, int[] programs)
    {
        for (int i = 0; i < programs.Length; i++)
        {
            int k = programs[i];
            int baseDraw = plan.ProgramBaseDraw[k];
            double v = baseDraw >= 0 ? draws[baseDraw] : plan.ProgramBaseConst[k];
            for (int o = plan.ProgramOpStart[k]; o < plan.ProgramOpStart[k + 1]; o++)
            {
                int d = plan.OpDraw[o];
                double operand = d >= 0 ? draws[d] : plan.OpConst[o];
                v = plan.OpKind[o] switch
                {
                    RuleOperation.Set => operand,
                    RuleOperation.Scale => v * operand,
                    _ => v + operand,
                };
            }

            values[k] = Math.Clamp(double.IsNaN(v) ? plan.ProgramLow[k] : v, plan.ProgramLow[k], plan.ProgramHigh[k]);
        }
    }

    private static bool AnyRandomLicence(FlowPlan plan, double[] values)
    {
        int[] approvalV = plan.EdgeApprovalV;
        for (int e = 0; e < approvalV.Length; e++)
        {
            if (values[approvalV[e]] < 1.0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether steps 2-4 of this period would repeat the last computed period exactly.</summary>
    private static bool Repeats(TrialState s, bool repeatable) =>
        repeatable && s.PeriodMemoValid
        && s.Stock.AsSpan().SequenceEqual(s.StockAtStart)
        && s.Quota.AsSpan().SequenceEqual(s.QuotaAtStart);

    private static void RunPeriod(FlowPlan plan, TrialState s, int t, bool repeatable)
    {
        if (Repeats(s, repeatable))
        {
            s.RepeatedPeriods++;
        }
        else
        {
            // Compute steps 2-4 into the period tallies. A repeat would give the same flows, the same
            // end stock (equal to this start stock) and the same tallies bit for bit.
            Array.Copy(s.Stock, s.StockAtStart, plan.NodeCount);
            Array.Copy(s.Quota, s.QuotaAtStart, plan.QuotaCount);
            Array.Clear(s.PeriodOutcomes);
            Array.Clear(s.PeriodBilled);
            Array.Clear(s.PeriodReceived);
            s.PeriodSaturated = 0;
            s.PeriodEligible = 0;
            Array.Copy(s.Quota, s.QuotaNominal, plan.QuotaCount);
            Sweep(plan, s, t, nominal: true);
            Allocate(plan, s);
            Sweep(plan, s, t, nominal: false);
            s.PeriodMemoValid = true;
        }

        AddPeriodTallies(s);
        Transit(plan, s, t, t);
    }

    private static void AddPeriodTallies(TrialState s)
    {
        AddTo(s.Outcomes, s.PeriodOutcomes);
        AddTo(s.Billed, s.PeriodBilled);
        AddTo(s.Received, s.PeriodReceived);
        s.SaturatedCount += s.PeriodSaturated;
        s.EligibleCount += s.PeriodEligible;
    }

    private static void AddTo(double[] totals, double[] period)
    {
        // Element by element, four at a time: the same sums as one at a time.
        int i = 0;
        for (; i + 4 <= totals.Length; i += 4)
        {
            (Vector256.Create(totals.AsSpan(i, 4)) + Vector256.Create(period.AsSpan(i, 4))).CopyTo(totals.AsSpan(i, 4));
        }

        for (; i < totals.Length; i++)
        {
            totals[i] += period[i];
        }
    }

    /// <summary>Steps 2 and 4 of model.md: the nominal sweep (no diversion) and the final sweep.</summary>
    // The array locals below are deliberate: the JIT cannot hoist loads of the plan's fields out of
    // loops that store into other arrays, so each access would reload the field.
    private static void Sweep(FlowPlan plan, TrialState s, int t, bool nominal)
    {
        var demandVA = plan.DemandV;
        var edgeApprovalVA = plan.EdgeApprovalV;
        var edgeBilledCountryA = plan.EdgeBilledCountry;
        var edgeFromSupplierA = plan.EdgeFromSupplier;
        var edgeIsImportA = plan.EdgeIsImport;
        var edgeLotVA = plan.EdgeLotV;
        var edgeWeightVA = plan.EdgeWeightV;
        var inEdgesA = plan.InEdges;
        var inStartA = plan.InStart;
        var nodeCountryA = plan.NodeCountry;
        var nodeQuotaStartA = plan.NodeQuotaStart;
        var nodeQuotasA = plan.NodeQuotas;
        var outStartA = plan.OutStart;
        var quotaImportsOnlyA = plan.QuotaImportsOnly;
        var restrictedOfA = plan.RestrictedOf;
        var sourceOfA = plan.SourceOf;
        var supplyVA = plan.SupplyV;
        var billedS = s.PeriodBilled;
        var edgeSlotKeysS = s.EdgeSlotKeys;
        var divertedS = s.Diverted;
        var heldS = s.Held;
        var licensedNominalS = s.LicensedNominal;
        var nominalInflowS = s.NominalInflow;
        var plannedS = s.Planned;
        var receivedS = s.PeriodReceived;
        var shareS = s.Share;
        var stockS = s.Stock;
        double[] values = s.Values;
        double[] quota = nominal ? s.QuotaNominal : s.Quota;
        double[] outcomes = s.PeriodOutcomes;
        double[] passed = s.Passed, accepted = s.Accepted;

        // The nominal sweep visits only the nodes whose inflow the allocation (or a licence) depends on.
        int[] nominalNodes = plan.NominalNodes;
        int end = nominal ? nominalNodes.Length : plan.NodeCount;
        for (int visit = 0; visit < end; visit++)
        {
            int p = nominal ? nominalNodes[visit] : visit;
            int i0 = inStartA[p], i1 = inStartA[p + 1];
            for (int i = i0; i < i1; i++)
            {
                int e = inEdgesA[i];
                accepted[e] = passed[e];
            }

            for (int c = nodeQuotaStartA[p]; c < nodeQuotaStartA[p + 1]; c++)
            {
                int q = nodeQuotasA[c];
                bool importsOnly = quotaImportsOnlyA[q];
                double inflow = 0;
                for (int i = i0; i < i1; i++)
                {
                    int e = inEdgesA[i];
                    if (!importsOnly || edgeIsImportA[e])
                    {
                        inflow += accepted[e];
                    }
                }

                double remaining = quota[q];
                if (inflow > remaining)
                {
                    double keep = inflow > 0 ? remaining / inflow : 0.0;
                    for (int i = i0; i < i1; i++)
                    {
                        int e = inEdgesA[i];
                        if (!importsOnly || edgeIsImportA[e])
                        {
                            if (!nominal)
                            {
                                outcomes[(int)Outcome.BlockedByCap] += accepted[e] * (1 - keep);
                            }

                            accepted[e] *= keep;
                        }
                    }

                    quota[q] = 0;
                }
                else
                {
                    quota[q] = remaining - inflow;
                }
            }

            double inflowTotal = 0;
            for (int i = i0; i < i1; i++)
            {
                int e = inEdgesA[i];
                double a = accepted[e];
                inflowTotal += a;
                if (!nominal)
                {
                    if (edgeIsImportA[e])
                    {
                        receivedS[nodeCountryA[p]] += a;
                    }

                    if (edgeFromSupplierA[e])
                    {
                        billedS[edgeBilledCountryA[e]] += a;
                    }
                }
            }

            int r = restrictedOfA[p];
            if (r >= 0)
            {
                if (nominal)
                {
                    licensedNominalS[r] = inflowTotal;
                }
                else
                {
                    outcomes[(int)Outcome.LicensedToRestricted] += inflowTotal;
                }

                continue;
            }

            double available = stockS[p] + inflowTotal;
            int supplyV = supplyVA[p];
            if (supplyV >= 0)
            {
                double supply = values[supplyV];
                available += supply;
                if (!nominal)
                {
                    outcomes[(int)Outcome.Supply] += supply;
                }
            }

            double diverted = 0;
            int src = sourceOfA[p];
            if (src >= 0)
            {
                if (nominal)
                {
                    nominalInflowS[src] = inflowTotal;
                }
                else
                {
                    diverted = plannedS[src];
                    heldS[src] = available;
                    if (diverted > available)
                    {
                        // A pooled quota left this source less than the nominal sweep gave it: it
                        // diverts what it holds and the shortfall is unmet (model.md, step 4).
                        outcomes[(int)Outcome.Unmet] += diverted - available;
                        ScaleRoutes(plan, s, src, diverted > 0 ? available / diverted : 0.0);
                        diverted = available;
                    }

                    divertedS[src] = diverted;
                }
            }

            double forSale = available - diverted;
            int demandV = demandVA[p];
            double sales = demandV >= 0 ? Math.Min(forSale, values[demandV]) : 0.0;
            double rest = forSale - sales;
            if (!nominal)
            {
                outcomes[(int)Outcome.Delivered] += sales;
            }

            int o0 = outStartA[p], o1 = outStartA[p + 1];
            double weights = 0;
            for (int e = o0; e < o1; e++)
            {
                weights += values[edgeWeightVA[e]];
            }

            if (weights <= 0)
            {
                // No legit out-edge (or all weights zero): what is not sold stays as stock, and
                // the out-edges carry nothing this period.
                for (int e = o0; e < o1; e++)
                {
                    passed[e] = 0;
                    shareS[e] = 1.0;
                }

                if (!nominal)
                {
                    stockS[p] = rest;
                }

                continue;
            }

            for (int e = o0; e < o1; e++)
            {
                double flow = rest * (values[edgeWeightVA[e]] / weights);
                double through;
                if (nominal)
                {
                    double approval = values[edgeApprovalVA[e]];
                    if (approval >= 1.0)
                    {
                        through = flow;
                        shareS[e] = 1.0;
                    }
                    else
                    {
                        var stream = new EventStream(StreamKeys.PeriodKey(edgeSlotKeysS[2 * e], t));
                        var frac = new EventStream(StreamKeys.PeriodKey(edgeSlotKeysS[(2 * e) + 1], t));
                        through = FluidBinomial.SampleUnchecked(flow, approval, values[edgeLotVA[e]], ref stream, ref frac);
                        shareS[e] = flow > 0 ? through / flow : approval;
                    }
                }
                else
                {
                    through = values[edgeApprovalVA[e]] >= 1.0 ? flow : flow * shareS[e];
                    outcomes[(int)Outcome.BlockedByLicence] += flow - through;
                }

                passed[e] = through;
            }

            if (!nominal)
            {
                stockS[p] = 0;
            }
        }
    }

    private static void ScaleRoutes(FlowPlan plan, TrialState s, int source, double factor)
    {
        for (int k = 0; k < plan.RouteCount; k++)
        {
            if (plan.RouteSource[k] == source)
            {
                s.RouteFlow[k] *= factor;
            }
        }
    }

    /// <summary>Step 3: route shares by path-size logit, deterrence, substitution and progressive filling.</summary>
    private static void Allocate(FlowPlan plan, TrialState s)
    {
        double[] values = s.Values;
        double[] outcomes = s.PeriodOutcomes;
        for (int src = 0; src < plan.SourceCount; src++)
        {
            s.Capacity[src] = values[plan.DiversionV[src]] * s.NominalInflow[src];
            s.Planned[src] = 0;
            s.Diverted[src] = 0;
            s.SourceWeight[src] = 0;
        }

        Array.Clear(s.RouteFlow);
        for (int r = 0; r < plan.RestrictedCount; r++)
        {
            double demand = values[plan.IllicitDemandV[r]];
            outcomes[(int)Outcome.IllicitDemand] += demand;
            double substituted = Math.Min(values[plan.SubstitutionV[r]] * s.LicensedNominal[r], demand);
            outcomes[(int)Outcome.Substituted] += substituted;
            double remaining = demand - substituted;
            if (remaining <= 0)
            {
                continue;
            }

            int k0 = plan.RestrictedRouteStart[r], k1 = plan.RestrictedRouteStart[r + 1];
            bool cacheable = k1 - k0 <= 64;
            ulong mask = 0;
            int inSet = 0;
            for (int i = k0; i < k1; i++)
            {
                if (s.Capacity[plan.RouteSource[plan.RestrictedRoutes[i]]] > 0)
                {
                    inSet++;
                    if (cacheable)
                    {
                        mask |= 1UL << (i - k0);
                    }
                }
            }

            int premiumV = plan.PremiumV[r];
            if (inSet == 0)
            {
                outcomes[premiumV >= 0 ? (int)Outcome.Deterred : (int)Outcome.Unmet] += remaining;
                continue;
            }

            // Route shares and the deterrence share depend only on values fixed within the trial
            // (unless per-period parameters move them) and on the choice set: compute them again
            // only when one of those changed.
            if (!cacheable || !s.ShareCacheValid[r] || s.ShareCacheMask[r] != mask)
            {
                RouteShares(plan, s, r, k0, k1, cacheable, mask);
                s.ShareCacheValid[r] = cacheable;
                s.ShareCacheMask[r] = mask;
            }

            double willing = remaining;
            if (premiumV >= 0)
            {
                willing = remaining * s.WillingShare[r];
                outcomes[(int)Outcome.Deterred] += remaining - willing;
            }

            for (int i = k0; i < k1; i++)
            {
                int k = plan.RestrictedRoutes[i];
                s.SourceWeight[plan.RouteSource[k]] += s.RouteWeight[k];
            }

            Fill(plan, s, r, willing);
            double allocated = 0;
            for (int i = plan.RestrictedSourceStart[r]; i < plan.RestrictedSourceStart[r + 1]; i++)
            {
                allocated += s.Planned[plan.RestrictedSources[i]];
            }

            // Progressive filling hands out all of D' unless every source saturates; what is left
            // beyond rounding (relative 1e-12) is unmet.
            double left = willing - allocated;
            if (left > 1e-12 * willing)
            {
                outcomes[(int)Outcome.Unmet] += left;
            }
            for (int i = k0; i < k1; i++)
            {
                int k = plan.RestrictedRoutes[i];
                int src = plan.RouteSource[k];
                if (s.Capacity[src] > 0 && s.SourceWeight[src] > 0)
                {
                    s.RouteFlow[k] = s.Planned[src] * s.RouteWeight[k] / s.SourceWeight[src];
                }
            }
        }
    }

    /// <summary>
    /// Path-size logit shares w_k over the choice set of restricted node <paramref name="r"/> (0 outside it),
    /// each route's survival and cost, and the share of demand that is not deterred.
    /// </summary>
    private static void RouteShares(FlowPlan plan, TrialState s, int r, int k0, int k1, bool cacheable, ulong mask)
    {
        double[] values = s.Values;

        // Path sizes depend only on which routes are open (the choice set), not on any value, so they are
        // kept across periods and trials while the choice set stays the same.
        bool sizesKept = cacheable && s.SizeCacheValid[r] && s.SizeCacheMask[r] == mask;
        if (!sizesKept)
        {
            for (int i = k0; i < k1; i++)
            {
                int k = plan.RestrictedRoutes[i];
                if (s.Capacity[plan.RouteSource[k]] > 0)
                {
                    for (int j = plan.RouteEdgeStart[k]; j < plan.RouteEdgeStart[k + 1]; j++)
                    {
                        s.EdgeUse[plan.RouteEdges[j]]++;
                    }
                }
            }
        }

        double beta = values[plan.BetaV[r]];
        double maxUtility = double.NegativeInfinity;
        for (int i = k0; i < k1; i++)
        {
            int k = plan.RestrictedRoutes[i];
            int src = plan.RouteSource[k];
            s.RouteWeight[k] = double.NegativeInfinity;
            if (s.Capacity[src] <= 0)
            {
                continue;
            }

            double survival = 1, cost = 0, size = 0;
            int j0 = plan.RouteEdgeStart[k], j1 = plan.RouteEdgeStart[k + 1];
            for (int j = j0; j < j1; j++)
            {
                int e = plan.RouteEdges[j];
                survival *= 1 - values[plan.DetectionV[e]];
                cost += values[plan.CostV[e]];
                if (!sizesKept)
                {
                    size += 1.0 / s.EdgeUse[e];
                }
            }

            cost += values[plan.PenaltyV[src]] * (1 - survival);
            double logSize = sizesKept ? s.RouteLogSize[k] : Math.Log(size / (j1 - j0));
            s.RouteSurvival[k] = survival;
            // Seizures drawn with the old shares are attributed with them before the shares change.
            FlushSeizures(plan, s, k);
            if (survival < 1)
            {
                // Step 5's attribution of seizures: edge j's share is d_j·Π_{i<j}(1 − d_i) / (1 − Π(1 − d_i)).
                double caught = 1 - survival, reach = 1;
                for (int j = j0; j < j1; j++)
                {
                    double detection = values[plan.DetectionV[plan.RouteEdges[j]]];
                    s.RouteEdgeCatch[j] = detection * reach / caught;
                    reach *= 1 - detection;
                }
            }

            s.RouteCost[k] = cost;
            s.RouteLogSize[k] = logSize;
            double utility = -beta * cost + logSize;
            s.RouteWeight[k] = utility;
            maxUtility = Math.Max(maxUtility, utility);
        }

        bool shifted = !(maxUtility > double.NegativeInfinity);
        if (shifted)
        {
            // β·c overflowed on every route: in that limit the cheapest routes take all the flow,
            // so measure costs from the cheapest one.
            double cheapest = double.PositiveInfinity;
            for (int i = k0; i < k1; i++)
            {
                int k = plan.RestrictedRoutes[i];
                if (s.Capacity[plan.RouteSource[k]] > 0)
                {
                    cheapest = Math.Min(cheapest, s.RouteCost[k]);
                }
            }

            for (int i = k0; i < k1; i++)
            {
                int k = plan.RestrictedRoutes[i];
                if (s.Capacity[plan.RouteSource[k]] > 0)
                {
                    double extra = s.RouteCost[k] - cheapest;
                    s.RouteWeight[k] = (extra > 0 ? -beta * extra : 0.0) + s.RouteLogSize[k];
                    maxUtility = Math.Max(maxUtility, s.RouteWeight[k]);
                }
            }
        }

        // Deterrence: log S = log Σ exp(β(π − c_k) + ln PS_k). As β(π − c_k) + ln PS_k = βπ + u_k, S is
        // e^(βπ + max u)·Σ w_k, with the weights just computed, unless the utilities were shifted above or
        // βπ overflows; then it is summed route by route.
        int premiumV = plan.PremiumV[r];
        bool fromWeights = premiumV >= 0 && !shifted && double.IsFinite(beta * values[premiumV]);
        bool perRoute = premiumV >= 0 && !fromWeights;
        double sum = 0, maxDeterrence = double.NegativeInfinity;
        for (int i = k0; i < k1; i++)
        {
            int k = plan.RestrictedRoutes[i];
            if (s.Capacity[plan.RouteSource[k]] <= 0)
            {
                s.RouteWeight[k] = 0;
                continue;
            }

            double w = Math.Exp(s.RouteWeight[k] - maxUtility);
            s.RouteWeight[k] = w;
            sum += w;
            if (perRoute)
            {
                maxDeterrence = Math.Max(maxDeterrence, beta * (values[premiumV] - s.RouteCost[k]) + s.RouteLogSize[k]);
            }

            if (!sizesKept)
            {
                for (int j = plan.RouteEdgeStart[k]; j < plan.RouteEdgeStart[k + 1]; j++)
                {
                    s.EdgeUse[plan.RouteEdges[j]] = 0;
                }
            }
        }

        s.SizeCacheValid[r] = cacheable;
        s.SizeCacheMask[r] = mask;

        double deterrence = 0;
        for (int i = k0; i < k1; i++)
        {
            int k = plan.RestrictedRoutes[i];
            s.RouteWeight[k] /= sum;
            if (perRoute && s.Capacity[plan.RouteSource[k]] > 0)
            {
                deterrence += Math.Exp(beta * (values[premiumV] - s.RouteCost[k]) + s.RouteLogSize[k] - maxDeterrence);
            }
        }

        if (fromWeights)
        {
            maxDeterrence = (beta * values[premiumV]) + maxUtility;
            deterrence = sum;
        }

        // D' = D·S/(1+S) with log S = log Σ exp(β(π − c_k) + ln PS_k), computed in log space.
        s.WillingShare[r] = premiumV < 0 ? 1.0
            : double.IsPositiveInfinity(maxDeterrence) ? 1.0
            : !(maxDeterrence > double.NegativeInfinity) ? 0.0
            : 1 / (1 + Math.Exp(-(maxDeterrence + Math.Log(deterrence))));
    }

    /// <summary>Progressive filling of <paramref name="demand"/> over the sources serving restricted node <paramref name="r"/>.</summary>
    private static void Fill(FlowPlan plan, TrialState s, int r, double demand)
    {
        var restrictedSourcesA = plan.RestrictedSources;
        var activeS = s.Active;
        var capacityS = s.Capacity;
        var plannedS = s.Planned;
        var sourceWeightS = s.SourceWeight;
        int s0 = plan.RestrictedSourceStart[r], s1 = plan.RestrictedSourceStart[r + 1];
        for (int i = s0; i < s1; i++)
        {
            int src = restrictedSourcesA[i];
            activeS[src] = sourceWeightS[src] > 0 && capacityS[src] > 0;
            if (activeS[src])
            {
                s.PeriodEligible++;
            }
        }

        double remaining = demand;
        for (int round = 0; round <= s1 - s0; round++)
        {
            double weights = 0;
            for (int i = s0; i < s1; i++)
            {
                int src = restrictedSourcesA[i];
                if (activeS[src])
                {
                    weights += sourceWeightS[src];
                }
            }

            if (weights <= 0 || remaining <= 0)
            {
                return;
            }

            double level = remaining / weights;
            bool saturated = false;
            for (int i = s0; i < s1; i++)
            {
                int src = restrictedSourcesA[i];
                if (activeS[src] && capacityS[src] <= level * sourceWeightS[src])
                {
                    plannedS[src] = capacityS[src];
                    remaining -= capacityS[src];
                    activeS[src] = false;
                    s.PeriodSaturated++;
                    saturated = true;
                }
            }

            if (!saturated)
            {
                for (int i = s0; i < s1; i++)
                {
                    int src = restrictedSourcesA[i];
                    if (activeS[src])
                    {
                        plannedS[src] = level * sourceWeightS[src];
                        activeS[src] = false;
                    }
                }

                return;
            }
        }
    }

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
                double seizedSum = seizedByRouteS[k], pending = seizedPendingS[k];
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

    /// <summary>Leaked, interdicted and flagged totals of the trial so far, from the per-route sums.</summary>
    private static void LeakTotals(TrialState s)
    {
        double leaked = 0, seized = 0, flagged = 0;
        for (int k = 0; k < s.LeakedByRoute.Length; k++)
        {
            leaked += s.LeakedByRoute[k];
            seized += s.SeizedByRoute[k];
            flagged += s.FlaggedByRoute[k];
        }

        s.Outcomes[(int)Outcome.Leaked] = leaked;
        s.Outcomes[(int)Outcome.Interdicted] = seized;
        s.Outcomes[(int)Outcome.Flagged] = flagged;
    }

    /// <summary>Leakage by source, source country and transit country, from the per-route sums.</summary>
    private static void LeakBreakdowns(FlowPlan plan, TrialState s)
    {
        for (int k = 0; k < plan.RouteCount; k++)
        {
            double leaked = s.LeakedByRoute[k];
            if (leaked == 0)
            {
                continue;
            }

            int src = plan.RouteSource[k];
            s.LeakedBySource[src] += leaked;
            s.LeakedBySourceCountry[plan.SourceCountry[src]] += leaked;
            for (int c = plan.RouteCountryStart[k]; c < plan.RouteCountryStart[k + 1]; c++)
            {
                s.LeakedByTransitCountry[plan.RouteCountries[c]] += leaked;
            }
        }
    }

    /// <summary>Attributes every route's pending seizures to its edges (step 5) with the route's current shares.</summary>
    private static void FlushSeizures(FlowPlan plan, TrialState s)
    {
        for (int k = 0; k < plan.RouteCount; k++)
        {
            FlushSeizures(plan, s, k);
        }
    }

    /// <summary>Attributes route <paramref name="k"/>'s pending seizures to its edges with its current shares.</summary>
    private static void FlushSeizures(FlowPlan plan, TrialState s, int k)
    {
        double pending = s.SeizedPending[k];
        if (pending == 0)
        {
            return;
        }

        for (int j = plan.RouteEdgeStart[k]; j < plan.RouteEdgeStart[k + 1]; j++)
        {
            s.InterdictedByEdge[plan.RouteEdges[j]] += pending * s.RouteEdgeCatch[j];
        }

        s.SeizedPending[k] = 0;
    }
}
