using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Tests.Engine;

public class TrialRunnerTests
{
    private static double Scale(params double[] values) => 1 + values.Sum(Math.Abs);

    /// <summary>model.md's invariants, checked in every period of every trial of random networks (a property test).</summary>
    [Test]
    public void Run_RandomNetworks_InvariantsHoldInEveryPeriod([Range(0, 24)] int network) =>
        CheckInvariants(TestNetworks.Compile(TestNetworks.Random(network)), network);

    /// <summary>The same invariants with model v2 on: capacity-weighted choice, flag penalties, learning and a timed policy.</summary>
    [Test]
    public void Run_RandomV2Networks_InvariantsHoldInEveryPeriod([Range(0, 24)] int network)
    {
        string yaml = TestNetworks.RandomV2(network);
        CheckInvariants(TestNetworks.Compile(yaml), network);
        CheckInvariants(TestNetworks.Compile(yaml, "timed"), network);
    }

    private static void CheckInvariants(FlowPlan plan, int network)
    {
        for (long trial = 0; trial < 40; trial++)
        {
            var (_, trace) = MonteCarloRunner.Replay(plan, 99, trial);
            foreach (PeriodTrace p in trace.Periods)
            {
                double O(Outcome o) => p.Outcomes[(int)o];
                double inflow = O(Outcome.Supply) + p.StockAtStart;
                double outflow = O(Outcome.Delivered) + O(Outcome.LicensedToRestricted) + O(Outcome.BlockedByLicence) + O(Outcome.BlockedByCap)
                    + O(Outcome.Leaked) + O(Outcome.Interdicted) + p.StockAtEnd;
                Assert.That(outflow, Is.EqualTo(inflow).Within(1e-9 * Scale(inflow, outflow)), $"mass balance, network {network}, trial {trial}, period {p.Period}");

                double demand = O(Outcome.IllicitDemand);
                double accounted = O(Outcome.Substituted) + O(Outcome.Deterred) + O(Outcome.Leaked) + O(Outcome.Interdicted) + O(Outcome.Unmet);
                Assert.That(accounted, Is.EqualTo(demand).Within(1e-9 * Scale(demand, accounted)), $"demand balance, network {network}, trial {trial}, period {p.Period}");
                Assert.That(p.Outcomes, Has.All.GreaterThanOrEqualTo(-1e-9));
                Assert.That(O(Outcome.Flagged), Is.LessThanOrEqualTo(O(Outcome.Leaked) + 1e-9));
                for (int s = 0; s < p.SourceDiverted.Length; s++)
                {
                    Assert.That(p.SourceDiverted[s], Is.LessThanOrEqualTo(p.SourceCapacity[s] * (1 + 1e-12) + 1e-12), "diverts at most d × nominal inflow");
                    Assert.That(p.SourceDiverted[s], Is.LessThanOrEqualTo(p.SourceHeld[s] * (1 + 1e-12) + 1e-12), "diverts at most what it holds");
                }
            }
        }
    }

    [Test]
    public void Run_SameTrialTwice_GivesIdenticalOutcomes()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(3));
        var (first, _) = MonteCarloRunner.Replay(plan, 5, 17);
        double[] a = (double[])first.Outcomes.Clone();
        var (second, _) = MonteCarloRunner.Replay(plan, 5, 17);
        Assert.That(second.Outcomes, Is.EqualTo(a));
    }
}
