using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Tests.Engine;

public class MonteCarloRunnerTests
{
    private static MonteCarloResult Run(FlowPlan plan, int threads, long trials = 3000, Action<long, int, double[]>? sink = null) =>
        MonteCarloRunner.Run([plan], new RunOptions { Trials = trials, Seed = 11, Threads = threads, Thresholds = [100], SampleSink = sink });

    [Test]
    public void Run_AnyThreadCount_GivesBitIdenticalSummaries()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(7));
        string one = RunSummaryWriter.ToJson(Run(plan, 1), 0);
        Assert.Multiple(() =>
        {
            Assert.That(RunSummaryWriter.ToJson(Run(plan, 2), 0), Is.EqualTo(one));
            Assert.That(RunSummaryWriter.ToJson(Run(plan, 7), 0), Is.EqualTo(one));
        });
    }

    [Test]
    public void Replay_TrialI_ReproducesTrialIOfAFullRun([Values(0, 511, 512, 2047)] long trial)
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(9));
        double[]? recorded = null;
        Run(plan, 2, 2100, (t, _, row) =>
        {
            if (t == trial)
            {
                recorded = (double[])row.Clone();
            }
        });
        var (state, _) = MonteCarloRunner.Replay(plan, 11, trial);
        Assert.That(state.Outcomes, Is.EqualTo(recorded));
    }

    [Test]
    public void Run_Cancelled_ReturnsPartialResultOverWholeBlocks()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(1));
        using var cancel = new CancellationTokenSource();
        MonteCarloResult result = MonteCarloRunner.Run([plan], new RunOptions { Trials = 1_000_000, Seed = 1, Threads = 2 }, done =>
        {
            if (done >= 2 * MonteCarloRunner.BlockSize)
            {
                cancel.Cancel();
            }
        }, cancel.Token);
        Assert.Multiple(() =>
        {
            Assert.That(result.Partial, Is.True);
            Assert.That(result.TrialsCompleted % MonteCarloRunner.BlockSize, Is.Zero);
            Assert.That(result.Accumulators[0].Count, Is.EqualTo(result.TrialsCompleted));
        });
    }

    [Test]
    public void Run_PolicyThatChangesNothing_IsBitIdenticalToBaselineInEveryTrial()
    {
        string yaml = TestNetworks.Random(4) + """

            policies:
              - name: no-op
                rules:
                  - nodes: { id: sg }
                    scale: { diversion: 1 }
            """;
        FlowPlan baseline = TestNetworks.Compile(yaml), noop = TestNetworks.Compile(yaml, "no-op");
        MonteCarloResult result = MonteCarloRunner.Run([baseline, noop], new RunOptions { Trials = 2000, Seed = 3, Threads = 2 });
        var paired = result.Paired[0][(int)Outcome.Leaked].Summarise();
        Assert.Multiple(() =>
        {
            Assert.That(paired.ProbabilityEqual, Is.EqualTo(1.0));
            Assert.That(paired.MeanDifference, Is.Zero);
            Assert.That(paired.MeanBaseline, Is.GreaterThan(0));
        });
    }
}
