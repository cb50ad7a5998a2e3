using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>The samplers run inside the per-trial loop, so none of them may allocate.</summary>
public class AllocationTests
{
    [Test]
    public void AllSamplers_ManyDraws_AllocateNothing()
    {
        // The first pass runs type initialisers (static tables here and in Math.NET) on every path it meets;
        // the second, identical pass must then allocate nothing.
        DrawAll(2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sink = DrawAll(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(double.IsFinite(sink), Is.True);
        });
    }

    private static double DrawAll(int count)
    {
        double sink = 0.0;
        for (int i = 0; i < count; i++)
        {
            var stream = new EventStream(StreamKeys.EventKey(StreamKeys.TrialKey(1, i), 12345, i % 12));
            var frac = new EventStream((ulong)i);
            sink += BinomialSampler.Sample(7, 0.3, ref stream);
            sink += BinomialSampler.Sample(100_000, 0.4, ref stream);
            sink += FluidBinomial.Sample(1000.7, 0.6, 8.0, ref stream, ref frac);
            sink += UniformSampler.Sample(0.0, 1.0, ref stream);
            sink += TriangularSampler.Sample(0.0, 1.0, 3.0, ref stream);
            sink += PertSampler.Sample(0.0, 1.0, 3.0, ref stream);
            sink += NormalSampler.Sample(0.0, 1.0, ref stream);
            sink += NormalSampler.SampleTruncated(0.0, 1.0, 0.5, 3.0, ref stream);
            sink += LogNormalSampler.Sample(0.0, 1.0, ref stream);
            sink += GammaSampler.Sample(0.5, 1.0, ref stream);
            sink += GammaSampler.Sample(3.0, 1.0, ref stream);
            sink += BetaSampler.Sample(2.0, 3.0, ref stream);
            sink += BetaSampler.Sample(2.0, 3.0, 1.0, 2.0, ref stream);
        }

        return sink;
    }
}
