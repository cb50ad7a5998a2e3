using System.Runtime.Intrinsics;
using ExportFlow.Simulation.Compilation;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Step 7 of docs/model.md, tallies: a period's tallies added to the trial's, and the totals and
/// breakdowns derived from the per-route sums at the end of the trial.
/// </summary>
internal static partial class TrialRunner
{
    private static void AddPeriodTallies(TrialState s)
    {
        AddTo(s.Outcomes, s.PeriodOutcomes);
        AddTo(s.Billed, s.PeriodBilled);
        AddTo(s.Received, s.PeriodReceived);
        s.SaturatedCount += s.PeriodSaturated;
        s.EligibleCount += s.PeriodEligible;
    }

    /// <summary>
    /// With per-period statistics: periods <paramref name="t0"/>..<paramref name="t1"/> (all with the tallies of
    /// the last computed period) get its tallies (billed and received by country too), the stock at its start and at its end. Leaked, interdicted and
    /// flagged are added by <see cref="Transit{TRecord}"/>.
    /// </summary>
    private static void RecordPeriods(FlowPlan plan, TrialState s, int t0, int t1)
    {
        double start = 0, end = 0;
        for (int p = 0; p < plan.NodeCount; p++)
        {
            start += s.StockAtStart[p];
            end += s.Stock[p];
        }

        for (int t = t0; t <= t1; t++)
        {
            int row = (t - 1) * TrialState.OutcomeCount;
            Array.Copy(s.PeriodOutcomes, 0, s.PeriodRows, row, TrialState.OutcomeCount);
            s.PeriodRows[row + (int)Outcome.InitialStock] = start;
            s.PeriodRows[row + (int)Outcome.FinalStock] = end;
            s.PeriodRows[row + (int)Outcome.Leaked] = 0;
            s.PeriodRows[row + (int)Outcome.Interdicted] = 0;
            s.PeriodRows[row + (int)Outcome.Flagged] = 0;
            Array.Copy(s.PeriodBilled, 0, s.PeriodBilledRows, (t - 1) * s.PeriodBilled.Length, s.PeriodBilled.Length);
            Array.Copy(s.PeriodReceived, 0, s.PeriodReceivedRows, (t - 1) * s.PeriodReceived.Length, s.PeriodReceived.Length);
        }
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
