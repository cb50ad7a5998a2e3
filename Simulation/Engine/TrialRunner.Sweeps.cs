using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Steps 2 and 4 of docs/model.md: the nominal sweep (no diversion) and the final sweep over the legit
/// network, with caps, licences and each source's diversion.
/// </summary>
internal static partial class TrialRunner
{
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
}
