using ExportFlow.Simulation.Compilation;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Step 3 of docs/model.md, illicit allocation: substitution, each source's capacity, route shares by
/// path-size logit, deterrence and progressive filling.
/// </summary>
internal static partial class TrialRunner
{
    /// <summary>Step 3 in period <paramref name="t"/>: route shares by path-size logit, deterrence, substitution and progressive filling.</summary>
    private static void Allocate(FlowPlan plan, TrialState s, int t)
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

        TrialState.Zero(s.RouteFlow);
        for (int r = 0; r < plan.RestrictedCount; r++)
        {
            // Buyers are informed at the start of the horizon, whatever period 1's demand.
            bool learning = plan.LearningV[r] >= 0;
            if (learning && t == 1)
            {
                InformBuyers(plan, s, r);
            }

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
            // only when one of those changed. Capacity-weighted choice (capacities) and learning (the
            // perceived detections) move them from period to period.
            bool sharesCacheable = cacheable && !plan.CapacityChoice && !learning;
            if (!sharesCacheable || !s.ShareCacheValid[r] || s.ShareCacheMask[r] != mask)
            {
                RouteShares(plan, s, r, k0, k1, cacheable, mask);
                s.ShareCacheValid[r] = sharesCacheable;
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
        bool learning = plan.LearningV[r] >= 0;
        bool byCapacity = plan.CapacityChoice;
        double totalCapacity = 0;
        if (byCapacity)
        {
            // Σ C_s′ over the sources in the choice set (those with C > 0).
            for (int i = plan.RestrictedSourceStart[r]; i < plan.RestrictedSourceStart[r + 1]; i++)
            {
                totalCapacity += Math.Max(0.0, s.Capacity[plan.RestrictedSources[i]]);
            }
        }

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

            if (!learning && plan.FlagPenaltyV[src] < 0)
            {
                cost += values[plan.PenaltyV[src]] * (1 - survival);
            }
            else
            {
                // v2: c_k = Σ cost_e + penalty_s·p̃_k + flagPenalty_s·(1 − p̃_k)·q_s, with p̃ = p without learning.
                double detected = learning ? s.Perceived[k] : 1 - survival;
                cost += values[plan.PenaltyV[src]] * detected;
                if (plan.FlagPenaltyV[src] >= 0)
                {
                    cost += values[plan.FlagPenaltyV[src]] * (1 - detected) * values[plan.VerificationV[src]];
                }
            }

            double logSize = sizesKept ? s.RouteLogSize[k] : Math.Log(size / (j1 - j0));
            s.RouteSurvival[k] = survival;
            // Seizures drawn with the old shares are attributed with them before the shares change. Under
            // capacity-weighted choice the shares are recomputed every period (capacities follow the inflows)
            // while the edges' shares of a route's seizures usually stay the same; flushing then would add the
            // periods' seizures to the edges one by one, and a repeated period adds them as one sum, so the
            // tallies would differ in the last bit. There the flush waits until a share really changes.
            if (survival < 1)
            {
                // Step 5's attribution of seizures: edge j's share is d_j·Π_{i<j}(1 − d_i) / (1 − Π(1 − d_i)).
                double caught = 1 - survival;
                if (!byCapacity || CatchChanges(plan, s, values, j0, j1, caught))
                {
                    FlushSeizures(plan, s, k);
                    double reach = 1;
                    for (int j = j0; j < j1; j++)
                    {
                        double detection = values[plan.DetectionV[plan.RouteEdges[j]]];
                        s.RouteEdgeCatch[j] = detection * reach / caught;
                        reach *= 1 - detection;
                    }
                }
            }
            else
            {
                FlushSeizures(plan, s, k);
            }

            s.RouteCost[k] = cost;
            s.RouteLogSize[k] = logSize;
            double utility = -beta * cost + logSize;
            if (byCapacity)
            {
                // v2: u_k = −β·c_k + ln PS_k + ln(C_s / Σ C).
                double logCapacity = Math.Log(s.Capacity[src] / totalCapacity);
                s.RouteLogCapacity[k] = logCapacity;
                utility += logCapacity;
            }

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
                    s.RouteWeight[k] = (extra > 0 ? -beta * extra : 0.0) + s.RouteLogSize[k] + (byCapacity ? s.RouteLogCapacity[k] : 0.0);
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
                maxDeterrence = Math.Max(maxDeterrence, beta * (values[premiumV] - s.RouteCost[k]) + s.RouteLogSize[k] + (byCapacity ? s.RouteLogCapacity[k] : 0.0));
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
                deterrence += Math.Exp(beta * (values[premiumV] - s.RouteCost[k]) + s.RouteLogSize[k] + (byCapacity ? s.RouteLogCapacity[k] : 0.0) - maxDeterrence);
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

    /// <summary>Whether the edges' shares of a route's seizures (step 5) would differ from the ones kept.</summary>
    private static bool CatchChanges(FlowPlan plan, TrialState s, double[] values, int j0, int j1, double caught)
    {
        double reach = 1;
        for (int j = j0; j < j1; j++)
        {
            double detection = values[plan.DetectionV[plan.RouteEdges[j]]];
            if (detection * reach / caught != s.RouteEdgeCatch[j])
            {
                return true;
            }

            reach *= 1 - detection;
        }

        return false;
    }
}
