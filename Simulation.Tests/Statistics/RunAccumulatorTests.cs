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
    private static FlowPlan Plan(string scenario) => scenario switch
    {
        "mesh" => TestNetworks.Compile(ExportFlow.Simulation.Tests.Compilation.DenseMesh.Yaml(8, 3, 100_000, 2)),
        "small-1p.yaml" => PlanCompiler.Compile(ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "Benchmarks", "scenarios", scenario)).Scenario!, null),
        _ when scenario.StartsWith("random-", StringComparison.Ordinal) => TestNetworks.Compile(TestNetworks.Random(int.Parse(scenario[7..], System.Globalization.CultureInfo.InvariantCulture))),
        _ => PlanCompiler.Compile(ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", scenario)).Scenario!, null),
    };

    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    [TestCase("random-4")]
    [TestCase("small-1p.yaml")]
    public void Add_ManyTrials_EverySeriesAsIfAccumulatedAlone(string scenario)
    {
        FlowPlan plan = Plan(scenario);
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

    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    [TestCase("random-4")]
    [TestCase("random-9")]
    [TestCase("small-1p.yaml")]
    public void Constructor_AnyPlan_SharesBilledAndReceivedExactlyBetweenSeriesOfTheSameEdges(string scenario)
    {
        // The reference is the definition: billed to c sums the legit edges from a supplier billed to c, received
        // by c the import edges into c, both in the final sweep's order (by head position, then in-edge order).
        FlowPlan plan = Plan(scenario);
        var run = new RunAccumulator(plan, [0.0]);
        var edges = Enumerable.Range(0, plan.NodeCount)
            .SelectMany(p => Enumerable.Range(plan.InStart[p], plan.InStart[p + 1] - plan.InStart[p]).Select(i => (Head: p, Edge: plan.InEdges[i])))
            .ToList();
        var series = new List<(string Key, OutcomeAccumulator Accumulator)>();
        for (int c = 0; c < plan.Countries.Length; c++)
        {
            series.Add((string.Join(',', edges.Where(x => plan.EdgeFromSupplier[x.Edge] && plan.EdgeBilledCountry[x.Edge] == c).Select(x => x.Edge)), run.Billed[c]));
        }

        for (int c = 0; c < plan.Countries.Length; c++)
        {
            series.Add((string.Join(',', edges.Where(x => plan.EdgeIsImport[x.Edge] && plan.NodeCountry[x.Head] == c).Select(x => x.Edge)), run.Received[c]));
        }

        var groups = series.GroupBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            foreach (var g in groups)
            {
                Assert.That(g.Select(x => x.Accumulator).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(1), $"series of edges [{g.Key}] do not share one accumulator");
            }

            Assert.That(groups.Select(g => g.First().Accumulator).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(groups.Count), "series of different edges share an accumulator");
            if (scenario == "small-1p.yaml")
            {
                // Singapore and Malaysia import straight from the supplier and are billed for it: billed = received.
                int sg = Array.IndexOf(plan.Countries, "SG"), my = Array.IndexOf(plan.Countries, "MY");
                Assert.That(run.Billed[sg], Is.SameAs(run.Received[sg]));
                Assert.That(run.Billed[my], Is.SameAs(run.Received[my]));
            }
        });
    }

    [Test]
    public void Constructor_SamePlan_LayoutBuiltOnceAndStructurallyZeroSeriesShareOne()
    {
        FlowPlan plan = Plan("small-1p.yaml");
        var a = new RunAccumulator(plan, [0.0]);
        var b = new RunAccumulator(plan, [0.0]);
        int us = Array.IndexOf(plan.Countries, "US"), cn = Array.IndexOf(plan.Countries, "CN");
        using (Assert.EnterMultipleScope())
        {
            SeriesLayout first = SeriesLayout.Of(plan);
            Assert.That(SeriesLayout.Of(plan), Is.SameAs(first));

            // Neither the US nor China is a source or a transit country, and nothing is imported into the US.
            Assert.That(a.BySourceCountry[us], Is.SameAs(a.ByTransitCountry[cn]));
            Assert.That(a.Received[us], Is.SameAs(a.BySourceCountry[cn]));
            Assert.That(a.Received[us], Is.Not.SameAs(b.Received[us]));
        }
    }
}
