using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>Runs that meet numbers they cannot simulate stop with a located <see cref="SimulationException"/>.</summary>
public class RunFaultTests
{
    /// <summary>One route; <paramref name="supply"/> and <paramref name="illicitDemand"/> are YAML values, <paramref name="extra"/> more YAML at the top.</summary>
    private static string Scenario(string supply, string illicitDemand = "1e9", string extra = "", string approval = "1") => $$"""
        name: faults
        horizon: { periods: 12, unit: month }
        {{extra}}
        nodes:
          - { id: us, kind: supplier, country: US, supply: {{supply}} }
          - { id: sg, kind: hub, country: SG, diversion: 0.1 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: {{illicitDemand}} }
        edges:
          - { id: us-sg, from: us, to: sg, channel: legit, approval: {{approval}} }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0.2 }
        """;

    private const string HugeLognormal = "parameters:\n  big: lognormal(2000, 30000)";

    private static SimulationException RunExpectingFault(string yaml, int threads = 2, long trials = 3000)
    {
        FlowPlan plan = TestNetworks.Compile(yaml);
        return Assert.Throws<SimulationException>(() => MonteCarloRunner.Run([plan], new RunOptions { Trials = trials, Seed = 5, Threads = threads }))!;
    }

    [Test]
    public void Run_LognormalReadAsMuSigma_NamesTrialPeriodQuantityAndParameterWithLocation()
    {
        SimulationException ex = RunExpectingFault(Scenario("big", extra: HugeLognormal));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Match(@"^trial \d+ of the baseline, month \d+: "));
            Assert.That(ex.Message, Does.Contain("parameter 'big' (test.yaml:4:8), lognormal(2000, 30000), which drew +∞"));
            Assert.That(ex.Message, Does.Contain("node 'us' supply (test.yaml:"));
            Assert.That(ex.Message, Does.Contain("is +∞").Or.Contain("is NaN"));
            Assert.That(ex.Message, Does.Not.Contain("(Parameter 'state')"));
        });
    }

    [Test]
    public void Run_Fault_ReportsTheSameTrialOnAnyThreadCount()
    {
        string yaml = Scenario("1000", illicitDemand: "big", extra: HugeLognormal);
        string one = RunExpectingFault(yaml, threads: 1).Message;

        Assert.Multiple(() =>
        {
            Assert.That(RunExpectingFault(yaml, threads: 2).Message, Is.EqualTo(one));
            Assert.That(RunExpectingFault(yaml, threads: 5).Message, Is.EqualTo(one));
            Assert.That(one, Does.Contain("node 'cn' illicitDemand"));
        });
    }

    [Test]
    public void Run_LotCountOverflowsInALicenceDraw_IsALocatedSimulationException()
    {
        // 1e25 units through an edge that may refuse: the licence draw counts whole lots, beyond 2^63.
        SimulationException ex = RunExpectingFault(Scenario("1e25", approval: "0.5"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("trial 0 of the baseline, month 1: a flow became too large to count in whole lots"));
            Assert.That(ex.Message, Does.Contain("node 'us' supply (test.yaml:"));
            Assert.That(ex.InnerException, Is.InstanceOf<OverflowException>());
        });
    }

    [Test]
    public void Run_FiniteTrialsWhoseMeanOverflows_StopsNamingTheQuantityAndTheElement()
    {
        // Every trial delivers 1.2e306 (finite); the sum over the trials overflows.
        SimulationException ex = RunExpectingFault(Scenario("1e305"), trials: 1000);

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith("the statistics of "));
            Assert.That(ex.Message, Does.Contain("over 1,000 trials overflow"));
            Assert.That(ex.Message, Does.Contain("node 'us' supply (test.yaml:"));
        });
    }

    [Test]
    public void Replay_FaultingTrial_ThrowsTheLocatedMessage()
    {
        string yaml = Scenario("1e25", approval: "0.5");
        FlowPlan plan = TestNetworks.Compile(yaml);

        var ex = Assert.Throws<SimulationException>(() => MonteCarloRunner.Replay(plan, 5, 3));

        Assert.That(ex!.Message, Does.StartWith("trial 3 of the baseline, month 1:"));
    }

    [Test]
    public void Run_ModerateScenario_CompletesWithFiniteStatistics()
    {
        FlowPlan plan = TestNetworks.Compile(Scenario("1e12"));

        MonteCarloResult result = MonteCarloRunner.Run([plan], new RunOptions { Trials = 1000, Seed = 5, Threads = 2 });

        Assert.That(result.Accumulators[0].Outcomes[(int)Outcome.Delivered].Moments.Mean, Is.GreaterThan(1e12));
    }
}
