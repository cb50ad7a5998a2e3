using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// The hot loop: simulates one trial over the horizon, reading only the <see cref="FlowPlan"/> and
/// writing only the <see cref="TrialState"/>. No allocation, dictionaries, LINQ or virtual calls.
/// Every random event reads its own stream keyed by (trial key, slot, period).
/// </summary>
/// <remarks>
/// One file per step of a period in docs/model.md: this one holds the trial and the period loop (with
/// repeated periods); <c>TrialRunner.Draws.cs</c> step 1, <c>TrialRunner.Sweeps.cs</c> steps 2 and 4,
/// <c>TrialRunner.Allocation.cs</c> step 3, <c>TrialRunner.Transit.cs</c> steps 5 and 6,
/// <c>TrialRunner.Learning.cs</c> route learning (v2) and <c>TrialRunner.Tallies.cs</c> step 7.
/// </remarks>
internal static partial class TrialRunner
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
        TrialState.Zero(s.ShareCacheValid);
        double[] values = s.Values;
        ulong trialPrefix = SplitMix64.MixPrefix(trialKey);
        Draw(plan, s, plan.TrialDraws, trialPrefix, 0);
        if (plan.TrialScoreGroups.Length > 0)
        {
            ScoreDraws(plan, s, plan.TrialScoreGroups, trialPrefix, 0);
        }

        bool growth = plan.GrowthDraws.Length > 0;
        if (growth)
        {
            KeepGrowthBases(plan, s);
        }

        Evaluate(plan, values, s.DrawValues, plan.TrialPrograms, 1);
        SlotKeys(plan, s, trialPrefix);

        // Steps 2-4 of a period are a deterministic function of the values, the stock and the quotas left,
        // except for licence draws. With no per-period draws and no licence that can refuse, a period that
        // starts from the stock and quotas of the last computed one repeats it, and is not computed again.
        // With route learning the perceived detections move after every period, so periods do not repeat.
        // Timed policies change values between periods, so their periods are all computed.
        bool repeatable = repeatPeriods && plan.PeriodDraws.Length == 0 && plan.PeriodScoreGroups.Length == 0 && !growth
            && !plan.AnyLearning && !plan.HasWindows && !AnyRandomLicence(plan, values);
        s.PeriodMemoValid = false;

        for (int t = 1; t <= plan.Periods; t++)
        {
            if (plan.PeriodDraws.Length > 0 || plan.PeriodScoreGroups.Length > 0 || growth)
            {
                Draw(plan, s, plan.PeriodDraws, trialPrefix, t);
                if (plan.PeriodScoreGroups.Length > 0)
                {
                    ScoreDraws(plan, s, plan.PeriodScoreGroups, trialPrefix, t);
                }

                if (growth)
                {
                    Grow(plan, s, t);
                }

                Evaluate(plan, values, s.DrawValues, plan.PeriodPrograms, t);
                TrialState.Zero(s.ShareCacheValid);
            }
            else if (plan.PeriodPrograms.Length > 0 && Evaluate(plan, values, s.DrawValues, plan.PeriodPrograms, t))
            {
                // A timed rule moved a value: shares computed with the old values are stale.
                TrialState.Zero(s.ShareCacheValid);
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
                if (t < plan.QuotaFrom[q] || t > plan.QuotaUntil[q])
                {
                    // Outside its window a cap binds nothing.
                    s.Quota[q] = double.PositiveInfinity;
                }
                else if (t == plan.QuotaFrom[q] || !plan.QuotaPerHorizon[q])
                {
                    s.Quota[q] = values[plan.QuotaAmountV[q]];
                    s.QuotaAmount[q] = s.Quota[q];
                }
                else if (plan.QuotaAmountTimed[q] && values[plan.QuotaAmountV[q]] != s.QuotaAmount[q])
                {
                    // A timed rule changed a per-horizon cap's amount: what was used so far stays used.
                    double amount = values[plan.QuotaAmountV[q]];
                    s.Quota[q] = Math.Max(0.0, s.Quota[q] + amount - s.QuotaAmount[q]);
                    s.QuotaAmount[q] = amount;
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
                if (s.ByPeriod)
                {
                    RecordPeriods(plan, s, t, plan.Periods);
                }

                TransitPeriods(plan, s, t, plan.Periods);
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
            TrialState.Zero(s.PeriodOutcomes);
            TrialState.Zero(s.PeriodBilled);
            TrialState.Zero(s.PeriodReceived);
            s.PeriodSaturated = 0;
            s.PeriodEligible = 0;
            Array.Copy(s.Quota, s.QuotaNominal, plan.QuotaCount);
            Sweep(plan, s, t, nominal: true);
            Allocate(plan, s, t);
            Sweep(plan, s, t, nominal: false);
            s.PeriodMemoValid = true;
        }

        AddPeriodTallies(s);
        if (s.ByPeriod)
        {
            RecordPeriods(plan, s, t, t);
        }

        TransitPeriods(plan, s, t, t);
        if (plan.AnyLearning)
        {
            Learn(plan, s);
        }
    }
}
