using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class BinomialSamplerTests
{
    private const ulong Seed = 20240601;

    [Test]
    public void Sample_AcrossBranches_MeanAndVarianceMatchClosedForm(
        [Values(5L, 30L, 1000L, 1_000_000L)] long n,
        [Values(0.01, 0.3, 0.5, 0.9)] double p)
    {
        double[] sample = DrawMany(n, p, 40_000, Seed);
        SampleStats.AssertMoments(sample, n * p, n * p * (1.0 - p));
    }

    // Inversion: small n, large n, p > ½. BTRD: small n (only the recursive 3.1 path), large n (the squeeze
    // and Stirling paths 3.2–3.4), p > ½, and the branch boundary n·p = 10.
    [TestCase(5L, 0.3)]
    [TestCase(1_000_000L, 0.000004)]
    [TestCase(20L, 0.8)]
    [TestCase(30L, 0.5)]
    [TestCase(1_000_000L, 0.3)]
    [TestCase(1000L, 0.97)]
    [TestCase(200L, 0.05)]
    public void Sample_ChiSquareAgainstMathNetPmf_Passes(long n, double p)
    {
        const int Draws = 100_000;
        long[] draws = new long[Draws];
        for (int i = 0; i < Draws; i++)
        {
            EventStream stream = SampleStats.Stream(Seed + 1, i);
            draws[i] = BinomialSampler.Sample(n, p, ref stream);
        }

        double sd = Math.Sqrt(n * p * (1.0 - p));
        long lo = Math.Max(0, (long)Math.Floor((n * p) - (12 * sd) - 5));
        long hi = Math.Min(n, (long)Math.Ceiling((n * p) + (12 * sd) + 5));
        var result = SampleStats.ChiSquare(draws, k => Binomial.PMF(p, (int)n, (int)k), lo, hi);
        SampleStats.AssertChiSquare(result);
    }

    /// <summary>
    /// A kept draw tabulates the inversion's first cdf values; every draw must equal the walk's, whether u
    /// falls in the table, beyond it (the walk goes on), at k = n (n smaller than the table), or in the
    /// rounding residue where the walk stops early (n·p tiny).
    /// </summary>
    [TestCase(1L, 0.3)]
    [TestCase(3L, 0.97)]
    [TestCase(7L, 0.5)]
    [TestCase(8L, 0.2)]
    [TestCase(60L, 0.03)]
    [TestCase(60L, 0.97)]
    [TestCase(200L, 0.045)]
    [TestCase(1_000_000L, 1e-15)]
    [TestCase(1_000_000L, 1.0 - 1e-9)]
    public void TabulatedDraw_EveryUniform_SameAsTheWalk(long n, double p)
    {
        var tabulated = new BinomialDraw(n, p, tabulate: true);
        var plain = new BinomialDraw(n, p);
        Assert.That(tabulated.Method, Is.EqualTo(BinomialMethod.Inversion));
        Assert.That(tabulated.TableLength, Is.GreaterThan(0));
        for (int i = 0; i < 20_000; i++)
        {
            var a = new EventStream(SplitMix64.Mix(99, (ulong)i));
            var b = new EventStream(SplitMix64.Mix(99, (ulong)i));
            Assert.That(tabulated.Sample(ref a), Is.EqualTo(plain.Sample(ref b)), $"draw {i}");
        }

        // Uniforms on and next to every tabulated cdf value (of the lower tail; mirrored for p > ½).
        double small = Math.Min(p, 1 - p);
        for (int k = 0; k < tabulated.TableLength; k++)
        {
            double c = tabulated.Cdf[k];
            foreach (double u in new[] { c, Math.BitDecrement(c), Math.BitIncrement(c) })
            {
                if (u > 0 && u < 1)
                {
                    double v = p > 0.5 ? 1 - u : u;
                    Assert.That(tabulated.Invert(v), Is.EqualTo(BinomialSampler.InvertUnchecked(n, p, v)), $"u next to F({k}), n·p' = {n * small}");
                }
            }
        }
    }

    [TestCase(0.05)]
    [TestCase(0.3)]
    [TestCase(0.5)]
    [TestCase(0.7)]
    [TestCase(0.97)]
    public void InvertUnchecked_RisingUniform_NeverDecreases(double p)
    {
        const long N = 15;
        long previous = 0;
        long first = BinomialSampler.InvertUnchecked(N, p, Math.Pow(2, -53));
        long last = BinomialSampler.InvertUnchecked(N, p, 1.0 - Math.Pow(2, -53));
        for (int i = 1; i < 100_000; i++)
        {
            long k = BinomialSampler.InvertUnchecked(N, p, i / 100_000.0);
            Assert.That(k, Is.GreaterThanOrEqualTo(previous));
            previous = k;
        }

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.LessThan(N * p), "lowest uniform lies in the lower tail");
            Assert.That(last, Is.GreaterThan(N * p), "highest uniform lies in the upper tail");
        });
    }

    [Test]
    public void Sample_InversionBranchLargerP_NeverGivesSmallerDraw()
    {
        // n = 15 keeps n·min(p, 1 − p) ≤ 7.5 < 10, so every p uses inversion, across p = ½ too.
        for (int key = 0; key < 2000; key++)
        {
            long previous = 0;
            for (int step = 0; step <= 100; step++)
            {
                EventStream stream = SampleStats.Stream(Seed + 2, key);
                long k = BinomialSampler.Sample(15, step / 100.0, ref stream);
                Assert.That(k, Is.GreaterThanOrEqualTo(previous), $"key {key}, p {step / 100.0}");
                previous = k;
            }
        }
    }

    [TestCase(0.3, 33L)]
    [TestCase(0.8, 49L)]
    public void Sample_InversionBranchLargerN_NeverGivesSmallerDraw(double p, long maxN)
    {
        // maxN·min(p, 1 − p) < 10: all n up to maxN use inversion.
        for (int key = 0; key < 2000; key++)
        {
            long previous = 0;
            for (long n = 0; n <= maxN; n++)
            {
                EventStream stream = SampleStats.Stream(Seed + 3, key);
                long k = BinomialSampler.Sample(n, p, ref stream);
                Assert.That(k, Is.GreaterThanOrEqualTo(previous), $"key {key}, n {n}");
                previous = k;
            }
        }
    }

    [TestCase(0L, 0.3, 0L)]
    [TestCase(0L, 0.0, 0L)]
    [TestCase(0L, 1.0, 0L)]
    [TestCase(10L, 0.0, 0L)]
    [TestCase(10L, 1.0, 10L)]
    [TestCase(1_000_000L, 1.0, 1_000_000L)]
    public void Sample_CertainOutcome_ReturnsItWithoutReadingTheStream(long n, double p, long expected)
    {
        var stream = new EventStream(77);
        var fresh = new EventStream(77);
        long k = BinomialSampler.Sample(n, p, ref stream);
        Assert.Multiple(() =>
        {
            Assert.That(k, Is.EqualTo(expected));
            Assert.That(stream.NextULong(), Is.EqualTo(fresh.NextULong()), "stream untouched");
        });
    }

    [TestCase(5L, 0.3)]
    [TestCase(30L, 0.9)]
    [TestCase(1_000_000L, 0.000002)]
    public void Sample_InversionBranch_ReadsExactlyOneUniform(long n, double p)
    {
        var stream = new EventStream(78);
        var reference = new EventStream(78);
        double u = reference.NextUniform();
        long k = BinomialSampler.Sample(n, p, ref stream);
        Assert.Multiple(() =>
        {
            Assert.That(k, Is.EqualTo(BinomialSampler.InvertUnchecked(n, p, u)));
            Assert.That(stream.NextULong(), Is.EqualTo(reference.NextULong()), "exactly one value read");
        });
    }

    [TestCase(1_000_000_000_000L, 0.5)]
    [TestCase(1_000_000_000_000L, 1e-12)]
    [TestCase(1_000_000_000_000L, 0.999999)]
    [TestCase(long.MaxValue / 1024, 1e-15)]
    public void Sample_HugeN_StaysNearTheMean(long n, double p)
    {
        double sd = Math.Sqrt(n * p * (1.0 - p));
        for (int i = 0; i < 200; i++)
        {
            EventStream stream = SampleStats.Stream(Seed + 4, i);
            long k = BinomialSampler.Sample(n, p, ref stream);
            Assert.That(k, Is.InRange(0L, n));
            Assert.That((double)k, Is.EqualTo(n * p).Within((8 * sd) + 10));
        }
    }

    // Golden values: the first six draws from one stream (key of lic:e1, trial 0, period 0, seed 42).
    [TestCase(5L, 0.3, new long[] { 1, 1, 2, 2, 1, 1 })]
    [TestCase(30L, 0.9, new long[] { 26, 26, 29, 28, 27, 27 })]
    [TestCase(1000L, 0.01, new long[] { 10, 10, 14, 6, 10, 4 })]
    [TestCase(1000L, 0.5, new long[] { 492, 492, 509, 501, 508, 487 })]
    [TestCase(1_000_000L, 0.9, new long[] { 900175, 900167, 900024, 899905, 900270, 900176 })]
    [TestCase(1_000_000L, 0.000002, new long[] { 1, 1, 3, 3, 1, 2 })]
    public void Sample_GoldenStream_MatchesGoldenValues(long n, double p, long[] expected)
    {
        var stream = new EventStream(StreamKeys.EventKey(StreamKeys.TrialKey(42, 0), SplitMix64.HashString("lic:e1"), 0));
        long[] actual = new long[expected.Length];
        for (int j = 0; j < actual.Length; j++)
        {
            actual[j] = BinomialSampler.Sample(n, p, ref stream);
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCase(-1L, 0.5)]
    [TestCase(long.MinValue, 0.5)]
    [TestCase(10L, -0.1)]
    [TestCase(10L, 1.1)]
    [TestCase(10L, double.NaN)]
    [TestCase(10L, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(long n, double p)
    {
        var stream = new EventStream(1);
        Assert.That(() => BinomialSampler.Sample(n, p, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static double[] DrawMany(long n, double p, int count, ulong seed)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            EventStream stream = SampleStats.Stream(seed, i);
            values[i] = BinomialSampler.Sample(n, p, ref stream);
        }

        return values;
    }
}
