using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Tests.Statistics;

public class CheckpointScheduleTests
{
    private const int B = MonteCarloRunner.BlockSize;

    [Test]
    public void IsCheckpoint_FirstFiftyBlocks_EveryBlock()
    {
        var schedule = new CheckpointSchedule();
        bool[] marks = [.. Enumerable.Range(1, 50).Select(k => schedule.IsCheckpoint((long)k * B, 1_000_000_000))];
        Assert.That(marks, Is.All.True);
    }

    [Test]
    public void IsCheckpoint_AfterFiftyBlocks_EveryTwoPercent()
    {
        var schedule = new CheckpointSchedule();
        long[] points = [.. Enumerable.Range(1, 200).Where(k => schedule.IsCheckpoint((long)k * B, 1_000_000_000)).Select(k => (long)k)];

        // 50, 51, 52, … each step ⌊k/50⌋: 100 → 102 → 104, 150 → 153 → 156.
        Assert.That(points.SkipWhile(k => k < 100).Take(4), Is.EqualTo(new long[] { 100, 102, 104, 106 }));
        Assert.That(points.SkipWhile(k => k < 150).Take(3), Is.EqualTo(new long[] { 150, 153, 156 }));
    }

    [Test]
    public void IsCheckpoint_TenMillionTrials_FewHundredRowsAndTheLastBlock()
    {
        const long total = 10_000_000;
        var schedule = new CheckpointSchedule();
        long blocks = (total + B - 1) / B, count = 0;
        bool last = false;
        for (long k = 1; k <= blocks; k++)
        {
            bool mark = schedule.IsCheckpoint(Math.Min(total, k * B), total);
            count += mark ? 1 : 0;
            last = mark;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(count, Is.InRange(300, 400));
            Assert.That(last, Is.True, "the run's last block is always a checkpoint");
        }
    }
}
