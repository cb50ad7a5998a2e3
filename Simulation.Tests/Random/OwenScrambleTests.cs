using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>Hash-based nested uniform (Owen) scrambling of Sobol points.</summary>
[TestFixture]
public class OwenScrambleTests
{
    private static ulong Key(ulong seed, int dimension) => SplitMix64.Mix(seed, (ulong)dimension);

    // A nested scramble maps elementary intervals onto elementary intervals, so the first 2^m scrambled points
    // still fall one in each interval [k/2^m, (k + 1)/2^m) of every 1-D projection.
    [TestCase(1UL, 0)]
    [TestCase(1UL, 7)]
    [TestCase(20261204UL, 1)]
    [TestCase(20261204UL, 255)]
    public void Uniform_First4096Points_OnePerStratumOfEveryProjection(ulong seed, int dimension)
    {
        const int m = 12;
        var cells = new HashSet<long>();
        for (uint i = 0; i < 1u << m; i++)
        {
            double u = OwenScramble.Uniform(SobolSequence.Point(i, dimension), Key(seed, dimension));
            cells.Add((long)Math.Floor(u * (1 << m)));
        }

        Assert.That(cells, Has.Count.EqualTo(1 << m));
    }

    // The (0, m, 2)-net of dimensions 1 and 2 survives scrambling (spot check of every shape for m = 8).
    [Test]
    public void Uniform_FirstTwoDimensions_StayAZeroMTwoNet()
    {
        const int m = 8;
        for (int a = 0; a <= m; a++)
        {
            var boxes = new HashSet<(long, long)>();
            for (uint i = 0; i < 1u << m; i++)
            {
                double x = OwenScramble.Uniform(SobolSequence.Point(i, 0), Key(5, 0));
                double y = OwenScramble.Uniform(SobolSequence.Point(i, 1), Key(5, 1));
                boxes.Add(((long)Math.Floor(x * (1L << a)), (long)Math.Floor(y * (1L << (m - a)))));
            }

            Assert.That(boxes, Has.Count.EqualTo(1 << m), $"intervals 2^-{a} × 2^-{m - a}");
        }
    }

    [Test]
    public void Uniform_DifferentSeeds_GiveDifferentPoints()
    {
        double[] a = [.. Enumerable.Range(0, 16).Select(i => OwenScramble.Uniform(SobolSequence.Point((uint)i, 3), Key(1, 3)))];
        double[] b = [.. Enumerable.Range(0, 16).Select(i => OwenScramble.Uniform(SobolSequence.Point((uint)i, 3), Key(2, 3)))];

        Assert.That(a.Zip(b).Count(p => p.First == p.Second), Is.Zero);
    }

    // Point 0 of an unscrambled sequence is 0 in every dimension; scrambled, it is a uniform strictly inside (0, 1)
    // that differs between dimensions, and the mean over many keys is ½.
    [Test]
    public void Uniform_PointZeroOverManyKeys_IsUniformInsideTheOpenInterval()
    {
        double[] u = [.. Enumerable.Range(0, 20_000).Select(k => OwenScramble.Uniform(0, SplitMix64.Finalize((ulong)k + 1)))];

        Assert.That(u.Min(), Is.GreaterThan(0));
        Assert.That(u.Max(), Is.LessThan(1));
        Assert.That(u.Average(), Is.EqualTo(0.5).Within(4 * Math.Sqrt(1.0 / 12 / u.Length)));
        Assert.That(u.Count(x => x < 0.25), Is.EqualTo(5000).Within(4 * Math.Sqrt(20_000 * 0.25 * 0.75)));
    }

    // Without flips the scramble is the identity; the flips differ between keys, so a scramble is not a constant XOR
    // across subtrees: the two halves' second digits are flipped independently for some key.
    [Test]
    public void Scramble_SubtreesAreFlippedIndependently()
    {
        bool independent = Enumerable.Range(0, 64).Any(k =>
        {
            ulong key = SplitMix64.Finalize((ulong)k + 99);
            uint left = OwenScramble.Scramble(0x0000_0000u, key) ^ 0x0000_0000u;
            uint right = OwenScramble.Scramble(0x8000_0000u, key) ^ 0x8000_0000u;
            return ((left ^ right) & 0x4000_0000u) != 0;
        });

        Assert.That(independent, Is.True);
    }
}
