using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Statistics;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Per-period statistics (model v2): recording them changes no total bit for bit, the periods add up to the
/// totals, they match the period-by-period trace, they are the same on any thread count, and they follow
/// closed forms computed by hand.
/// </summary>
public class PeriodStatisticsTests
{
    private static IEnumerable<TestCaseData> Plans()
    {
        foreach (string file in new[] { "baseline-2024.yaml", "seed-claim.yaml" })
        {
            yield return new TestCaseData(file, null).SetArgDisplayNames(file, "baseline");
            foreach (Policy policy in LoadBundled(file).Policies.Take(2))
            {
                yield return new TestCaseData(file, policy.Name).SetArgDisplayNames(file, policy.Name);
            }
        }

        foreach (int n in new[] { 1, 4, 9 })
        {
            yield return new TestCaseData($"random-{n}", null).SetArgDisplayNames($"random-{n}", "baseline");
            yield return new TestCaseData($"randomV2-{n}", null).SetArgDisplayNames($"randomV2-{n}", "baseline");
            yield return new TestCaseData($"randomV2-{n}", "timed").SetArgDisplayNames($"randomV2-{n}", "timed");
        }
    }

    private static Scenario LoadBundled(string file) =>
        ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", file)).Scenario!;

    private static FlowPlan Compile(string name, string? policy)
    {
        int Number(string prefix) => int.Parse(name[prefix.Length..], CultureInfo.InvariantCulture);
        if (name.StartsWith("randomV2-", StringComparison.Ordinal))
        {
            return TestNetworks.Compile(TestNetworks.RandomV2(Number("randomV2-")), policy);
        }

        if (name.StartsWith("random-", StringComparison.Ordinal))
        {
            return TestNetworks.Compile(TestNetworks.Random(Number("random-")), policy);
        }

        Scenario scenario = LoadBundled(name);
        return PlanCompiler.Compile(scenario, policy is null ? null : scenario.FindPolicy(policy));
    }

    [TestCaseSource(nameof(Plans))]
    public void Run_ByPeriodOn_EveryTallyBitIdenticalToOff(string scenario, string? policy)
    {
        FlowPlan plan = Compile(scenario, policy);
        var off = new TrialState(plan);
        var on = new TrialState(plan, byPeriod: true);
        for (long trial = 0; trial < 150; trial++)
        {
            ulong key = StreamKeys.TrialKey(31, trial);
            TrialRunner.Run(plan, off, key);
            TrialRunner.Run(plan, on, key);
            Assert.That(on.Outcomes, Is.EqualTo(off.Outcomes), $"outcomes, trial {trial}");
            Assert.That(on.LeakedByRoute, Is.EqualTo(off.LeakedByRoute), $"routes, trial {trial}");
            Assert.That(on.LeakedBySource, Is.EqualTo(off.LeakedBySource), $"sources, trial {trial}");
            Assert.That(on.LeakedBySourceCountry, Is.EqualTo(off.LeakedBySourceCountry), $"source countries, trial {trial}");
            Assert.That(on.LeakedByTransitCountry, Is.EqualTo(off.LeakedByTransitCountry), $"transit countries, trial {trial}");
            Assert.That(on.InterdictedByEdge, Is.EqualTo(off.InterdictedByEdge), $"edges, trial {trial}");
            Assert.That(on.Billed, Is.EqualTo(off.Billed));
            Assert.That(on.Received, Is.EqualTo(off.Received));
            Assert.That(on.SaturatedShare, Is.EqualTo(off.SaturatedShare));
            Assert.That(on.RepeatedPeriods, Is.EqualTo(off.RepeatedPeriods), "recording must not stop periods from repeating");
        }
    }

    [TestCaseSource(nameof(Plans))]
    public void Run_ByPeriod_PeriodsAddUpToTheTrialTotals(string scenario, string? policy)
    {
        FlowPlan plan = Compile(scenario, policy);
        var s = new TrialState(plan, byPeriod: true);
        int n = TrialState.OutcomeCount, countries = plan.Countries.Length;
        for (long trial = 0; trial < 100; trial++)
        {
            TrialRunner.Run(plan, s, StreamKeys.TrialKey(8, trial));
            foreach (Outcome o in Enum.GetValues<Outcome>().Where(o => o is not (Outcome.InitialStock or Outcome.FinalStock)))
            {
                double sum = Enumerable.Range(0, plan.Periods).Sum(t => s.PeriodRows[(t * n) + (int)o]);
                double total = s.Outcomes[(int)o];
                Assert.That(sum, Is.EqualTo(total).Within(1e-9 * Math.Max(1, Math.Abs(total))), $"{o}, trial {trial}");
            }

            for (int c = 0; c < countries; c++)
            {
                double sum = Enumerable.Range(0, plan.Periods).Sum(t => s.PeriodLeakedBySourceCountry[(t * countries) + c]);
                double total = s.LeakedBySourceCountry[c];
                Assert.That(sum, Is.EqualTo(total).Within(1e-9 * Math.Max(1, total)), $"leaked from {plan.Countries[c]}, trial {trial}");
            }

            // Stock outcomes are levels: period 1 starts from the initial stock, each period starts where the last ended.
            Assert.That(s.PeriodRows[(int)Outcome.InitialStock], Is.EqualTo(s.Outcomes[(int)Outcome.InitialStock]), "initial stock of period 1");
            Assert.That(s.PeriodRows[((plan.Periods - 1) * n) + (int)Outcome.FinalStock], Is.EqualTo(s.Outcomes[(int)Outcome.FinalStock]), "final stock of period T");
            for (int t = 1; t < plan.Periods; t++)
            {
                Assert.That(s.PeriodRows[(t * n) + (int)Outcome.InitialStock], Is.EqualTo(s.PeriodRows[((t - 1) * n) + (int)Outcome.FinalStock]), $"stock into period {t + 1}");
            }
        }
    }

    /// <summary>The recorded rows (repeated periods drawn in one go) against the trace (every period computed and drawn alone).</summary>
    [TestCaseSource(nameof(Plans))]
    public void Run_ByPeriod_RowsMatchThePeriodByPeriodTrace(string scenario, string? policy)
    {
        FlowPlan plan = Compile(scenario, policy);
        var s = new TrialState(plan, byPeriod: true);
        int n = TrialState.OutcomeCount;
        for (long trial = 0; trial < 20; trial++)
        {
            TrialRunner.Run(plan, s, StreamKeys.TrialKey(3, trial));
            (_, TrialTrace trace) = MonteCarloRunner.Replay(plan, 3, trial);
            Assert.That(trace.Periods, Has.Count.EqualTo(plan.Periods));
            foreach (PeriodTrace p in trace.Periods)
            {
                foreach (Outcome o in Enum.GetValues<Outcome>().Where(o => o is not (Outcome.InitialStock or Outcome.FinalStock)))
                {
                    double expected = p.Outcomes[(int)o], scale = Math.Max(1, Math.Abs(s.Outcomes[(int)o]));
                    Assert.That(s.PeriodRows[((p.Period - 1) * n) + (int)o], Is.EqualTo(expected).Within(1e-9 * scale), $"{o}, period {p.Period}, trial {trial}");
                }

                Assert.That(s.PeriodRows[((p.Period - 1) * n) + (int)Outcome.FinalStock], Is.EqualTo(p.StockAtEnd).Within(1e-9 * Math.Max(1, p.StockAtEnd)), $"stock at the end of period {p.Period}");
            }
        }
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("randomV2-4")]
    public void MonteCarlo_ByPeriodOn_TotalsBitIdenticalToOff(string scenario)
    {
        FlowPlan plan = Compile(scenario, null);
        var options = new RunOptions { Trials = 1300, Seed = 5, Threads = 2, Thresholds = [100.0] };
        MonteCarloResult off = MonteCarloRunner.Run([plan], options);
        MonteCarloResult on = MonteCarloRunner.Run([plan], options with { ByPeriod = true });

        Assert.That(off.ByPeriod, Is.Null, "no per-period statistics unless asked");
        Assert.That(on.ByPeriod, Is.Not.Null);
        Assert.That(Everything(on.Accumulators[0]), Is.EqualTo(Everything(off.Accumulators[0])));
        Assert.That(on.Accumulators[0].UnmetTrials, Is.EqualTo(off.Accumulators[0].UnmetTrials));
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("random-9")]
    [TestCase("randomV2-1")]
    public void MonteCarlo_ByPeriod_SameNumbersOnOneAndTwoThreads(string scenario)
    {
        FlowPlan plan = Compile(scenario, null);
        var options = new RunOptions { Trials = 2600, Seed = 11, ByPeriod = true };
        MonteCarloResult one = MonteCarloRunner.Run([plan], options with { Threads = 1 });
        MonteCarloResult two = MonteCarloRunner.Run([plan], options with { Threads = 2 });

        Assert.That(Everything(two.ByPeriod![0]), Is.EqualTo(Everything(one.ByPeriod![0])));
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("randomV2-9")]
    public void MonteCarlo_ByPeriod_MeansOfThePeriodsAddUpToTheMeanTotal(string scenario)
    {
        FlowPlan plan = Compile(scenario, null);
        MonteCarloResult r = MonteCarloRunner.Run([plan], new RunOptions { Trials = 1000, Seed = 2, Threads = 2, ByPeriod = true });
        PeriodAccumulator periods = r.ByPeriod![0];
        RunAccumulator totals = r.Accumulators[0];

        Assert.That(periods.ForOutcome(1, Outcome.Leaked).Moments.Count, Is.EqualTo(1000));
        foreach (Outcome o in Enum.GetValues<Outcome>().Where(o => o is not (Outcome.InitialStock or Outcome.FinalStock)))
        {
            double sum = Enumerable.Range(1, plan.Periods).Sum(t => periods.ForOutcome(t, o).Moments.Mean);
            double total = totals.Outcomes[(int)o].Moments.Mean;
            Assert.That(sum, Is.EqualTo(total).Within(1e-9 * Math.Max(1, Math.Abs(total))), o.ToString());
        }

        for (int i = 0; i < periods.SourceCountries.Length; i++)
        {
            double sum = Enumerable.Range(1, plan.Periods).Sum(t => periods.LeakedBySourceCountry(t, i).Moments.Mean);
            double total = totals.BySourceCountry[periods.SourceCountries[i]].Moments.Mean;
            Assert.That(sum, Is.EqualTo(total).Within(1e-9 * Math.Max(1, total)), plan.Countries[periods.SourceCountries[i]]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // One route, T = 6: supply S = 1000, diversion d = 0.1, detection p = 0.2, illicit demand ≫ d·S.
    // Every period diverts x = d·S = 100: E[leaked_t] = x·(1 − p) = 80, E[interdicted_t] = x·p = 20,
    // sd_t = √(x·p·(1 − p)) = 4; delivered_t = S·(1 − d) = 900 and unmet_t = D − x exactly; the one source
    // country (SG) leaks all of it.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void MonteCarlo_SingleRoute_EveryPeriodLeaksDivertedTimesPassProbability()
    {
        const double s = 1000, d = 0.1, p = 0.2, bigD = 1_000_000;
        FlowPlan plan = TestNetworks.Compile(Tests.Engine.Scenarios.SingleRoute(supply: s, diversion: d, detection: p, illicitDemand: bigD, periods: 6));
        MonteCarloResult r = MonteCarloRunner.Run([plan], new RunOptions { Trials = 8000, Seed = 7, Threads = 2, ByPeriod = true });
        PeriodAccumulator periods = r.ByPeriod![0];

        Assert.That(periods.SourceCountries.Select(c => plan.Countries[c]).Single(), Is.EqualTo("SG"));
        for (int t = 1; t <= 6; t++)
        {
            OutcomeSummary leaked = periods.ForOutcome(t, Outcome.Leaked).Summarise();
            OutcomeSummary interdicted = periods.ForOutcome(t, Outcome.Interdicted).Summarise();
            Assert.That(leaked.Mean, Is.EqualTo(d * s * (1 - p)).Within(4 * leaked.StandardError), $"leaked, period {t}");
            Assert.That(leaked.StdDev, Is.EqualTo(Math.Sqrt(d * s * p * (1 - p))).Within(5).Percent, $"sd of leaked, period {t}");
            Assert.That(interdicted.Mean, Is.EqualTo(d * s * p).Within(4 * interdicted.StandardError), $"interdicted, period {t}");
            Assert.That(periods.LeakedBySourceCountry(t, 0).Summarise().Mean, Is.EqualTo(leaked.Mean), $"leaked from SG, period {t}");
            Exact(periods, t, Outcome.Delivered, s * (1 - d));
            Exact(periods, t, Outcome.Unmet, bigD - (d * s));
            Exact(periods, t, Outcome.Supply, s);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Horizon cap K = 2500 on imports of S = 1000 per period into market V (12 periods, no licence):
    // periods 1 and 2 accept 1000, period 3 the remaining 500, periods 4–12 nothing. So delivered per
    // period is 1000, 1000, 500, 0, …, 0 and blockedByCap 0, 0, 500, 1000, …, 1000, in every trial.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void MonteCarlo_HorizonCapRunsOutInPeriod3_DeliveredDropsFromPeriod3On()
    {
        FlowPlan plan = TestNetworks.Compile(Tests.Engine.Scenarios.CappedImport(
            supplierCountry: "US", supply: 1000, approval: 1,
            cap: "{ id: v-cap, amount: 2500, per: horizon, pool: node, counts: imports, nodes: { id: V } }"));
        MonteCarloResult r = MonteCarloRunner.Run([plan], new RunOptions { Trials = 600, Seed = 1, Threads = 2, ByPeriod = true });
        PeriodAccumulator periods = r.ByPeriod![0];

        double[] delivered = [1000, 1000, 500, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        for (int t = 1; t <= 12; t++)
        {
            Exact(periods, t, Outcome.Delivered, delivered[t - 1]);
            Exact(periods, t, Outcome.BlockedByCap, 1000 - delivered[t - 1]);
        }
    }

    private static void Exact(PeriodAccumulator periods, int t, Outcome o, double expected)
    {
        OutcomeSummary s = periods.ForOutcome(t, o).Summarise();
        Assert.That(s.Mean, Is.EqualTo(expected).Within(1e-9 * Math.Max(1, expected)), $"{o}, period {t}: mean");
        Assert.That(s.Max - s.Min, Is.LessThanOrEqualTo(1e-9 * Math.Max(1, expected)), $"{o}, period {t}: the same in every trial");
    }

    private static List<(double, double, double, double, double, double, double, double, double)> Everything(IEnumerable<OutcomeAccumulator> series) =>
        [.. series.Select(a => a.Summarise()).Select(s => (s.Mean, s.StdDev, s.Min, s.Max, s.P05, s.P25, s.P50, s.P75, s.P95))];

    private static List<(double, double, double, double, double, double, double, double, double)> Everything(RunAccumulator a) =>
        Everything([.. a.Outcomes, .. a.ByRoute, .. a.BySource, .. a.BySourceCountry, .. a.ByTransitCountry, .. a.InterdictedByEdge, .. a.Billed, .. a.Received, a.SaturatedShare]);

    private static List<(double, double, double, double, double, double, double, double, double)> Everything(PeriodAccumulator p) =>
        Everything(Enumerable.Range(1, p.Periods).SelectMany(t =>
            Enum.GetValues<Outcome>().Select(o => p.ForOutcome(t, o)).Concat(Enumerable.Range(0, p.SourceCountries.Length).Select(i => p.LeakedBySourceCountry(t, i)))));
}
