using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Statistics;
using ExportFlow.Simulation.Tests.Cli;
using ExportFlow.Simulation.Tests.Engine;

namespace ExportFlow.Simulation.Tests.Statistics;

/// <summary>
/// A run accumulator buffers trials, adds them in blocks and lets breakdown series with the same routes
/// share one accumulator. Every statistic must still be what one accumulator per series, fed trial by
/// trial, reports: the same counts, percentiles and exceedances, and the same moments within rounding.
/// </summary>
public class RunAccumulatorTests
{
    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    [TestCase("random-4")]
    public void Add_ManyTrials_EverySeriesAsIfAccumulatedAlone(string scenario)
    {
        FlowPlan plan = scenario.StartsWith("random-", StringComparison.Ordinal)
            ? TestNetworks.Compile(TestNetworks.Random(4))
            : PlanCompiler.Compile(ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", scenario)).Scenario!, null);
        double[] thresholds = [0.0, 5000.0];
        var run = new RunAccumulator(plan, thresholds);
        var state = new TrialState(plan);
        Func<TrialState, double[]>[] groups =
        [
            t => t.Outcomes, t => t.LeakedByRoute, t => t.LeakedBySource, t => t.LeakedBySourceCountry,
            t => t.LeakedByTransitCountry, t => t.InterdictedByEdge, t => t.Billed, t => t.Received,
        ];
        var alone = groups.Select(g => g(state).Select(_ => new OutcomeAccumulator(thresholds)).ToArray()).ToArray();
        for (long trial = 0; trial < 1500; trial++)
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(8, trial));
            run.Add(state);
            for (int g = 0; g < groups.Length; g++)
            {
                double[] values = groups[g](state);
                for (int i = 0; i < values.Length; i++)
                {
                    alone[g][i].Add(values[i]);
                }
            }
        }

        run.Flush();
        OutcomeAccumulator[][] actual = [run.Outcomes, run.ByRoute, run.BySource, run.BySourceCountry, run.ByTransitCountry, run.InterdictedByEdge, run.Billed, run.Received];
        for (int g = 0; g < groups.Length; g++)
        {
            for (int i = 0; i < alone[g].Length; i++)
            {
                OutcomeSummary a = actual[g][i].Summarise(), e = alone[g][i].Summarise();
                string where = $"group {g}, series {i}";
                Assert.That(a.Count, Is.EqualTo(e.Count), where);
                Assert.That(a.Mean, Is.EqualTo(e.Mean).Within((1e-12 * Math.Abs(e.Mean)) + 1e-12), where);
                Assert.That(a.StdDev, Is.EqualTo(e.StdDev).Within((1e-9 * e.StdDev) + 1e-12), where);
                Assert.That(new[] { a.Min, a.P05, a.P25, a.P50, a.P75, a.P95, a.Max }, Is.EqualTo(new[] { e.Min, e.P05, e.P25, e.P50, e.P75, e.P95, e.Max }), where);
                Assert.That(a.Exceedances, Is.EqualTo(e.Exceedances), where);
            }
        }
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    [TestCase("random-4")]
    [TestCase("random-9")]
    [TestCase("mesh")]
    public void Constructor_AnyPlan_SharesAccumulatorsExactlyBetweenSeriesOfTheSameRoutes(string scenario)
    {
        // The reference is the definition, quadratic in routes: a series' key is the list of routes
        // it sums, in route order. Two series share an accumulator if and only if their keys are equal.
        FlowPlan plan = scenario switch
        {
            "mesh" => TestNetworks.Compile(ExportFlow.Simulation.Tests.Compilation.DenseMesh.Yaml(8, 3, 100_000, 2)),
            _ when scenario.StartsWith("random-", StringComparison.Ordinal) => TestNetworks.Compile(TestNetworks.Random(int.Parse(scenario[7..], System.Globalization.CultureInfo.InvariantCulture))),
            _ => PlanCompiler.Compile(ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", scenario)).Scenario!, null),
        };
        var run = new RunAccumulator(plan, [0.0]);
        var series = new List<(string Key, OutcomeAccumulator Accumulator)>();
        void Add(OutcomeAccumulator[] group, Func<int, int, bool> uses)
        {
            for (int i = 0; i < group.Length; i++)
            {
                series.Add((string.Join(',', Enumerable.Range(0, plan.RouteCount).Where(k => uses(i, k))), group[i]));
            }
        }

        Add(run.ByRoute, (i, k) => k == i);
        Add(run.BySource, (i, k) => plan.RouteSource[k] == i);
        Add(run.BySourceCountry, (i, k) => plan.SourceCountry[plan.RouteSource[k]] == i);
        Add(run.ByTransitCountry, (i, k) => plan.RouteCountries.AsSpan(plan.RouteCountryStart[k], plan.RouteCountryStart[k + 1] - plan.RouteCountryStart[k]).Contains(i));
        var groups = series.GroupBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(plan.RouteCount, Is.GreaterThan(0));
            foreach (var g in groups)
            {
                Assert.That(g.Select(x => x.Accumulator).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(1), $"series of routes [{g.Key}] do not share one accumulator");
            }

            Assert.That(groups.Select(g => g.First().Accumulator).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(groups.Count), "series of different routes share an accumulator");
        });
    }
}
