using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;
using ExportFlow.Simulation.Tests.Engine;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Tests.Compilation;

/// <summary>
/// The route search is bounded in routes built and in steps, and the work a scenario implies is
/// estimated, refused or warned about before any route is built or trial run.
/// </summary>
public class RouteLimitsTests
{
    public static IEnumerable<string> ValidScenarioFiles() =>
        CliTestHelper.BundledScenarios().Concat(Directory.GetFiles(Scenarios.ScenarioCorpus.ValidDirectory, "*.yaml").Order(StringComparer.Ordinal));

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(100)]
    [TestCase(5000)]
    public void EnumerateRoutes_MoreRoutesThanTheLimit_BuildsExactlyLimitPlusOne(int limit)
    {
        // Every hub has an edge into each of three restricted nodes, so the limit is passed in the
        // middle of a node's out-edges: the search must stop there, not finish the node.
        Scenario scenario = Scenario(DenseMesh.Yaml(8, 4, 10_000_000, 3));
        var graph = new NetworkGraph(scenario);
        List<IllicitRoute> routes = graph.EnumerateRoutes(scenario.MaxRouteEdges, limit);
        RouteCensus census = graph.CountRoutes(scenario.MaxRouteEdges, limit);
        Assert.Multiple(() =>
        {
            Assert.That(routes, Has.Count.EqualTo(limit + 1));
            Assert.That(census.Routes, Is.EqualTo(limit + 1));
            Assert.That(census.StepLimitReached, Is.False);
        });
    }

    [TestCase(5, 3, 2)]
    [TestCase(8, 4, 3)]
    [TestCase(6, 6, 1)]
    public void CountRoutes_FullMesh_CountsEverySimplePathAsEnumerated(int hubs, int maxEdges, int restricted)
    {
        Scenario scenario = Scenario(DenseMesh.Yaml(hubs, maxEdges, 10_000_000, restricted));
        var graph = new NetworkGraph(scenario);
        RouteCensus census = graph.CountRoutes(maxEdges, scenario.MaxRoutes);
        List<IllicitRoute> routes = graph.EnumerateRoutes(maxEdges, scenario.MaxRoutes);
        Assert.Multiple(() =>
        {
            Assert.That(census.Routes, Is.EqualTo(DenseMesh.RouteCount(hubs, maxEdges, restricted)));
            Assert.That(routes, Has.Count.EqualTo(census.Routes));
            Assert.That(routes.Sum(r => (long)r.Edges.Count), Is.EqualTo(census.RouteEdges));
            Assert.That(routes.Sum(r => (long)r.Key.Length), Is.EqualTo(census.KeyChars));
            Assert.That(routes.Select(r => r.Key).Distinct().Count(), Is.EqualTo(routes.Count));
        });
    }

    [Test]
    public void CountRoutes_MeshReachableOnlyThroughOneHub_StopsAtTheStepBudget()
    {
        // Only h0 leads into the restricted node: every path that has passed h0 wanders the mesh for
        // nothing (24^7 partial paths). The search must give up at its budget, not run for minutes.
        Scenario scenario = Scenario(DenseMesh.Yaml(25, 8, 10_000, 1, gateway: true), validate: false);
        RouteCensus census = new NetworkGraph(scenario).CountRoutes(8, 10_000, maxSteps: 2_000_000);
        Assert.Multiple(() =>
        {
            Assert.That(census.StepLimitReached, Is.True);
            Assert.That(census.Steps, Is.LessThanOrEqualTo(2_000_001));
            Assert.That(() => new NetworkGraph(scenario).EnumerateRoutes(8, 10_000, maxSteps: 2_000_000), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void CountRoutes_StartIsTheOnlyWayIn_DoesNotSearchBehindIt()
    {
        // h0 is the only way into cn and the first start: from h0 the other hubs cannot reach cn
        // without passing h0 again, so the search from h0 must not enter them at all.
        Scenario scenario = Scenario(DenseMesh.Yaml(12, 6, 10_000_000, 1, gateway: true), validate: false);
        var graph = new NetworkGraph(scenario);
        RouteCensus all = graph.CountRoutes(6, 10_000_000);
        RouteCensus first = graph.CountRoutes(6, 0);
        Assert.Multiple(() =>
        {
            Assert.That(first.Routes, Is.EqualTo(1), "h0 → r0 is found first and passes the limit of 0");
            Assert.That(first.Steps, Is.LessThan(200), "the search from h0 looked behind it");
            Assert.That(all.Routes, Is.EqualTo(1 + DenseMesh.RouteCount(11, 5, 1)), "every other hub reaches h0 by a simple path of at most 4 edges through the others");
        });
    }

    [Test]
    public void LoadFromString_DenseMeshWithLongRoutes_RefusedWithinTheStepBudgetNamingTheNumbers()
    {
        // 30 hubs joined pairwise, routes of up to 6 edges, maxRoutes raised to the most allowed:
        // 1.3·10⁹ routes. Before the budget, validation took 25 s and 3.6 GB before it refused it.
        string yaml = DenseMesh.Yaml(30, 6, 10_000_000, 3);
        LoadResult result = ScenarioLoader.LoadFromString("mesh.yaml", yaml);
        Diagnostic error = result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(error.ToString(), Does.StartWith("mesh.yaml:1:1: error: routes.maxEdges:"));
            Assert.That(error.Message, Does.Contain("at most 6 edges").And.Contain("gave up after 40,000,000 steps").And.Contain("Lower routes.maxEdges"));
        });
    }

    [Test]
    public void LoadFromString_DenseMeshWithinTheStepBudget_RefusedByItsMemoryEstimate()
    {
        // 30 hubs, routes of up to 4 edges: 2,048,940 routes found in about 20 million steps; their
        // accumulators alone would take gigabytes.
        string yaml = DenseMesh.Yaml(30, 4, 10_000_000, 3);
        Scenario scenario = Scenario(yaml, validate: false);
        RouteCensus census = new NetworkGraph(scenario).CountRoutes(4, 10_000_000);
        LoadResult result = ScenarioLoader.LoadFromString("mesh.yaml", yaml);
        Diagnostic error = result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Multiple(() =>
        {
            Assert.That(census.Routes, Is.EqualTo(DenseMesh.RouteCount(30, 4, 3)).And.EqualTo(2_048_940));
            Assert.That(census.Steps, Is.LessThan(30_000_000), "the search took more steps than it needs");
            Assert.That(error.Path, Is.EqualTo("routes"));
            Assert.That(error.Message, Does.Contain("2,048,940 routes").And.Contain("GiB").And.Contain("lower routes.maxEdges"));
        });
    }

    [Test]
    public void LoadFromString_ModerateDenseMesh_AcceptedWithoutWarningButRunWarnsAboutLongRuns()
    {
        // 75,780 routes: about a second per 50 trials; a run of 100,000 trials is worth a warning.
        string yaml = DenseMesh.Yaml(30, 3, 100_000, 3);
        LoadResult result = ScenarioLoader.LoadFromString("mesh.yaml", yaml);
        WorkEstimate work = WorkEstimate.For(result.Scenario!);
        IReadOnlyList<string> warnings = work.RunWarnings(100_000, threads: 2);
        Assert.Multiple(() =>
        {
            // Only r0 has illicit demand (v1 lets one source serve one restricted node), so the other two get
            // the "no illicit demand" warning; nothing is said about routes or work.
            Assert.That(result.Diagnostics.Where(d => d.Path.StartsWith("routes", StringComparison.Ordinal)), Is.Empty);
            Assert.That(result.Succeeded, Is.True);
            Assert.That(work.Routes, Is.EqualTo(75_780));
            Assert.That(work.RoutePeriods, Is.EqualTo(75_780 * 12));
            Assert.That(warnings, Has.Some.Contains("909,360 route-periods").And.Some.Contains("100,000 trials"));
            Assert.That(work.RunWarnings(100, threads: 2), Is.Empty);
        });
    }

    [TestCaseSource(nameof(ValidScenarioFiles))]
    public void Load_ValidScenario_NoDiagnosticAboutRoutesOrWork(string file)
    {
        LoadResult result = ScenarioLoader.Load(file);
        WorkEstimate work = WorkEstimate.For(result.Scenario!);
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Where(d => d.Path.StartsWith("routes", StringComparison.Ordinal)), Is.Empty);
            Assert.That(work.Census.StepLimitReached, Is.False);
            Assert.That(work.RunWarnings(result.Scenario!.Trials, threads: 2, plans: work.Plans), Is.Empty);
        });
    }

    [TestCaseSource(nameof(ValidScenarioFiles))]
    public void For_ValidScenario_CountsTheRoutesOfTheCompiledPlan(string file)
    {
        Scenario scenario = ScenarioLoader.Load(file).Scenario!;
        WorkEstimate work = WorkEstimate.For(scenario);
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        Assert.Multiple(() =>
        {
            Assert.That(work.Routes, Is.EqualTo(plan.RouteCount));
            Assert.That(work.RouteEdges, Is.EqualTo(plan.RouteEdges.Length));
            Assert.That(work.Census.KeyChars, Is.EqualTo(plan.RouteKeys.Sum(k => (long)k.Length)));
            Assert.That(work.Series, Is.GreaterThanOrEqualTo(plan.RouteCount + plan.SourceCount + plan.IllicitEdgeCount));
        });
    }

    [Test]
    public void For_RandomNetworks_CountsTheRoutesOfTheCompiledPlan()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            Scenario scenario = TestNetworks.Load(TestNetworks.Random(seed));
            FlowPlan plan = PlanCompiler.Compile(scenario, null);
            WorkEstimate work = WorkEstimate.For(scenario);
            Assert.That((work.Routes, work.RouteEdges), Is.EqualTo((plan.RouteCount, (long)plan.RouteEdges.Length)), $"seed {seed}");
        }
    }

    [Test]
    public void RunBytes_DoublingRoutes_AtMostDoublesTheAccumulators()
    {
        // Memory must be linear in routes: the accumulators of twice the routes take at most twice
        // the bytes (plus the fixed series), never four times.
        WorkEstimate small = WorkEstimate.For(Scenario(DenseMesh.Yaml(20, 3, 1_000_000, 1)));
        WorkEstimate large = WorkEstimate.For(Scenario(DenseMesh.Yaml(20, 3, 1_000_000, 2)));
        Assert.Multiple(() =>
        {
            Assert.That(large.Routes, Is.EqualTo(2 * small.Routes));
            Assert.That(large.AccumulatorBytes, Is.LessThanOrEqualTo(2 * small.AccumulatorBytes));
            Assert.That(large.RunBytes(2, 1), Is.LessThanOrEqualTo(2 * small.RunBytes(2, 1)));
        });
    }

    private static Scenario Scenario(string yaml, bool validate = true)
    {
        if (validate)
        {
            return TestNetworks.Load(yaml);
        }

        // Parsed, not validated: the validator's own search would refuse it first.
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var bag = new DiagnosticBag();
        Scenario? scenario = new ScenarioParser("mesh.yaml", bag).Parse((YamlMappingNode)stream.Documents[0].RootNode, "");
        return scenario ?? throw new AssertionException(string.Join("\n", bag.Items));
    }
}
