using System.Collections.Concurrent;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Engine;

public class SyntheticNetworkTests
{
    // Loading 10,000 nodes takes seconds; each size is loaded once (12 periods, seed 1) and shared.
    private static readonly ConcurrentDictionary<int, Lazy<Scenario>> Loaded = new();

    private static Scenario Load(int nodes) =>
        Loaded.GetOrAdd(nodes, n => new Lazy<Scenario>(() => TestNetworks.Load(SyntheticNetwork.Yaml(n, 12, 1)))).Value;

    [TestCase(10)]
    [TestCase(30)]
    [TestCase(100)]
    [TestCase(1_000)]
    [TestCase(10_000)]
    public void Yaml_Size_ValidatesWithoutDiagnostics(int nodes)
    {
        string yaml = SyntheticNetwork.Yaml(nodes, 12, 1);

        LoadResult result = ScenarioLoader.LoadFromString($"synthetic-{nodes}.yaml", yaml);

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics.Take(10)));
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [TestCase(10)]
    [TestCase(100)]
    [TestCase(1_000)]
    [TestCase(10_000)]
    public void Yaml_Size_HasExactlyThatManyNodesOfEachKind(int nodes)
    {
        SyntheticNetwork.Layout layout = SyntheticNetwork.LayoutFor(nodes);

        Scenario scenario = Load(nodes);

        Assert.Multiple(() =>
        {
            Assert.That(layout.Nodes, Is.EqualTo(nodes));
            Assert.That(scenario.Nodes, Has.Count.EqualTo(nodes));
            Assert.That(scenario.Nodes.Count(n => n.Kind == NodeKind.Reseller), Is.EqualTo(layout.Resellers));
            Assert.That(scenario.Nodes.Count(n => n.Kind == NodeKind.Restricted), Is.EqualTo(1));
            Assert.That(scenario.Periods, Is.EqualTo(12));
        });
    }

    /// <summary>Each reseller has one to three routes and each transit hub one, so routes grow linearly with nodes.</summary>
    [TestCase(10)]
    [TestCase(100)]
    [TestCase(1_000)]
    [TestCase(10_000)]
    public void Yaml_Size_RoutesPerResellerBetweenOneAndThree(int nodes)
    {
        SyntheticNetwork.Layout layout = SyntheticNetwork.LayoutFor(nodes);
        FlowPlan plan = PlanCompiler.Compile(Load(nodes), null);

        var perSource = new int[plan.SourceCount];
        foreach (int s in plan.RouteSource)
        {
            perSource[s]++;
        }

        var resellerSources = Enumerable.Range(0, plan.SourceCount)
            .Where(s => plan.NodeKinds[plan.SourcePosition[s]] == NodeKind.Reseller).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(resellerSources, Has.Count.EqualTo(layout.Resellers), "every reseller starts a route");
            Assert.That(resellerSources.Select(s => perSource[s]), Has.All.InRange(1, 3));
            Assert.That(plan.RouteCount, Is.InRange(layout.Resellers + layout.Transit, (3 * layout.Resellers) + layout.Transit));
            Assert.That(plan.RouteEdgeStart.Zip(plan.RouteEdgeStart.Skip(1), (a, b) => b - a), Has.All.InRange(1, 2), "no route longer than two edges");
        });
    }

    [Test]
    public void Yaml_TenfoldNodes_RoughlyTenfoldRoutesAndDraws()
    {
        FlowPlan small = PlanCompiler.Compile(Load(1_000), null);
        FlowPlan large = PlanCompiler.Compile(Load(10_000), null);

        Assert.Multiple(() =>
        {
            Assert.That((double)large.RouteCount / small.RouteCount, Is.InRange(8.0, 12.0));
            Assert.That((double)large.LegitEdgeCount / small.LegitEdgeCount, Is.InRange(8.0, 12.0));
            Assert.That((double)large.Draws.Length / small.Draws.Length, Is.InRange(8.0, 12.0));
        });
    }

    [Test]
    public void Yaml_SameArguments_SameText()
    {
        string first = SyntheticNetwork.Yaml(100, 12, 7);
        string again = SyntheticNetwork.Yaml(100, 12, 7);
        string other = SyntheticNetwork.Yaml(100, 12, 8);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void Yaml_ThirtyNodes_LeaksInEveryMechanism()
    {
        FlowPlan plan = PlanCompiler.Compile(Load(30), null);
        var state = new TrialState(plan);
        double leaked = 0, interdicted = 0, licensed = 0, blockedByCap = 0;

        for (long trial = 0; trial < 20; trial++)
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(1, trial));
            leaked += state.Outcomes[(int)Outcome.Leaked];
            interdicted += state.Outcomes[(int)Outcome.Interdicted];
            licensed += state.Outcomes[(int)Outcome.LicensedToRestricted];
            blockedByCap += state.Outcomes[(int)Outcome.BlockedByCap];
        }

        Assert.Multiple(() =>
        {
            Assert.That(leaked, Is.GreaterThan(0));
            Assert.That(interdicted, Is.GreaterThan(0));
            Assert.That(licensed, Is.GreaterThan(0));
            Assert.That(blockedByCap, Is.GreaterThan(0));
        });
    }

    [TestCase(9)]
    [TestCase(0)]
    public void LayoutFor_TooFewNodes_Throws(int nodes)
    {
        Assert.That(() => SyntheticNetwork.LayoutFor(nodes), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
