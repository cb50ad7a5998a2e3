using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>The in-order merge hook of MonteCarloRunner and the precision rule on it.</summary>
public class PrecisionStopTests
{
    private const int B = MonteCarloRunner.BlockSize;

    private static RunOptions Options(long trials, int threads) => new() { Trials = trials, Seed = 5, Threads = threads, Thresholds = [50] };

    [Test]
    public void Run_HookStopsAfterThreeBlocks_EqualsAFixedRunOfThatManyTrialsBitForBit([Values(1, 2, 3)] int threads)
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(3));
        var seen = new List<long>();
        MonteCarloResult stopped = MonteCarloRunner.Run([plan], Options(100_000, threads) with
        {
            AfterMerge = (completed, totals, _) =>
            {
                seen.Add(completed);
                Assert.That(totals[0].Count, Is.EqualTo(completed), "the hook sees the merged totals");
                return completed >= 3 * B;
            },
        });
        MonteCarloResult fixedRun = MonteCarloRunner.Run([plan], Options(3 * B, 1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen, Is.EqualTo(new long[] { B, 2 * B, 3 * B }), "called once per block, in order, and not after the stop");
            Assert.That(stopped.TrialsCompleted, Is.EqualTo(3 * B));
            Assert.That(stopped.Partial, Is.False, "a run the rule stopped is complete");
            Assert.That(stopped.Options.Trials, Is.EqualTo(3 * B), "it is the run of that many trials");
            Assert.That(RunSummaryWriter.ToJson(stopped, 0), Is.EqualTo(RunSummaryWriter.ToJson(fixedRun, 0)));
        }
    }

    [Test]
    public void Run_HookNeverStops_SameAsWithoutHook()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(4));
        MonteCarloResult with = MonteCarloRunner.Run([plan], Options(2000, 2) with { AfterMerge = (_, _, _) => false });
        MonteCarloResult without = MonteCarloRunner.Run([plan], Options(2000, 2));
        Assert.That(RunSummaryWriter.ToJson(with, 0), Is.EqualTo(RunSummaryWriter.ToJson(without, 0)));
    }

    [Test]
    public void PrecisionRule_SameStopOnOneAndTwoThreads_AndEqualsTheFixedRun()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(6));
        (MonteCarloResult Result, PrecisionRule Rule) Run(int threads)
        {
            var statistic = new PrecisionStatistic(PrecisionStatisticKind.Mean, 0, Outcome.Leaked, "mean");
            var rule = new PrecisionRule(statistic, new PrecisionTarget(0.02, true, "2%"), 1024, 1_000_000, ["baseline"], paired: false);
            return (MonteCarloRunner.Run([plan], Options(1_000_000, threads) with { AfterMerge = rule.Observe }), rule);
        }

        var (one, ruleOne) = Run(1);
        var (two, _) = Run(2);
        MonteCarloResult fixedRun = MonteCarloRunner.Run([plan], Options(one.TrialsCompleted, 2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ruleOne.Reached, Is.True);
            Assert.That(one.TrialsCompleted, Is.GreaterThan(1024).And.LessThan(1_000_000), "stopped by the rule, after the minimum");
            Assert.That(two.TrialsCompleted, Is.EqualTo(one.TrialsCompleted));
            Assert.That(ruleOne.Last!.Achieved, Is.LessThanOrEqualTo(0.02));
            Assert.That(RunSummaryWriter.ToJson(two, 0), Is.EqualTo(RunSummaryWriter.ToJson(one, 0)));
            Assert.That(RunSummaryWriter.ToJson(fixedRun, 0), Is.EqualTo(RunSummaryWriter.ToJson(one, 0)));
        }
    }

    [Test]
    public void PrecisionRule_RelativeTargetOnAZeroStatistic_StopsAtTheFirstCheckAndSaysSo()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(6));
        var statistic = new PrecisionStatistic(PrecisionStatisticKind.Exceedance, 1e300, Outcome.Leaked, "exceed:1e300");
        var rule = new PrecisionRule(statistic, new PrecisionTarget(0.1, true, "10%"), 1024, 100_000, ["baseline"], paired: false);
        MonteCarloResult result = MonteCarloRunner.Run([plan], Options(100_000, 2) with { Thresholds = [1e300], AfterMerge = rule.Observe });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.ZeroStatistic, Is.True);
            Assert.That(rule.Reached, Is.False);
            Assert.That(result.TrialsCompleted, Is.EqualTo(1024));
        }
    }

    [Test]
    public void PrecisionRule_TargetOutOfReach_RunsToTheMaximumAndEstimatesTheTrialsNeeded()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(6));
        var statistic = new PrecisionStatistic(PrecisionStatisticKind.Mean, 0, Outcome.Leaked, "mean");
        var rule = new PrecisionRule(statistic, new PrecisionTarget(1e-6, true, "0.0001%"), 512, 3000, ["baseline"], paired: false);
        MonteCarloResult result = MonteCarloRunner.Run([plan], Options(3000, 2) with { AfterMerge = rule.Observe });
        double ratio = rule.Last!.Achieved / 1e-6;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Reached, Is.False);
            Assert.That(result.TrialsCompleted, Is.EqualTo(3000));
            Assert.That(result.Partial, Is.False);
            Assert.That(rule.Last.Trials, Is.EqualTo(3000), "the last (partial) block is always checked");
            Assert.That((double)rule.TrialsNeeded()!.Value, Is.EqualTo(3000 * ratio * ratio).Within(B));
        }
    }
}
