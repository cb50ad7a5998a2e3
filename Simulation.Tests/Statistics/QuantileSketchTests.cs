using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class QuantileSketchTests
{
    private static readonly double[] ReportedLevels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    [TestCase("uniform", 0.005)]
    [TestCase("lognormal", 0.005)]
    [TestCase("withZeros", 0.005)]
    [TestCase("withNegatives", 0.005)]
    [TestCase("lognormal", 0.02)]
    [TestCase("withNegatives", 0.0001)]
    public void Quantile_ReportedLevels_WithinRelativeAccuracyOfExact(string distribution, double alpha)
    {
        // Arrange
        double[] data = Sample(distribution, 20_001, seed: 21);
        double[] sorted = ExactQuantile.Sorted(data);
        QuantileSketch sketch = Sketch(data, alpha);

        // Act and assert
        using (Assert.EnterMultipleScope())
        {
            foreach (double q in ReportedLevels)
            {
                double exact = ExactQuantile.Of(sorted, q);
                Assert.That(Math.Abs(sketch.Quantile(q) - exact), Is.LessThanOrEqualTo(alpha * Math.Abs(exact)), $"q = {q}, exact {exact}");
            }
        }
    }

    [TestCase("uniform")]
    [TestCase("lognormal")]
    [TestCase("withZeros")]
    [TestCase("withNegatives")]
    public void Quantile_EveryRank_WithinRelativeAccuracyOfExact(string distribution)
    {
        // Arrange: q = k/(n − 1) for every k reaches every order statistic, the extremes included.
        double[] data = Sample(distribution, 4_001, seed: 22);
        double[] sorted = ExactQuantile.Sorted(data);
        QuantileSketch sketch = Sketch(data, 0.005);

        // Act
        int failures = 0;
        for (int k = 0; k < sorted.Length; k++)
        {
            double q = k / (double)(sorted.Length - 1);
            double exact = ExactQuantile.Of(sorted, q);
            if (!(Math.Abs(sketch.Quantile(q) - exact) <= 0.005 * Math.Abs(exact)))
            {
                failures++;
            }
        }

        // Assert
        Assert.That(failures, Is.Zero);
    }

    [TestCase(1e-300, 0.0001)]
    [TestCase(1e-300, 0.005)]
    [TestCase(1.0, 0.0001)]
    [TestCase(1e300, 0.0001)]
    [TestCase(1e300, 0.005)]
    public void Quantile_ValuesAroundBucketBoundaries_WithinRelativeAccuracy(double scale, double alpha)
    {
        // Arrange: values in a band of ±4096 ulps around 20 bucket boundaries e^(i·ln γ), where
        // rounding in the logarithm decides the bucket and the bound is tightest.
        var sketch = new QuantileSketch(alpha);
        double width = sketch.BucketLogWidth;
        int first = (int)Math.Round(Math.Log(scale) / width);
        var data = new List<double>();
        for (int i = first; i < first + 20; i++)
        {
            double boundary = Math.Exp(i * width);
            double below = boundary;
            double above = boundary;
            for (int step = 0; step < 4096; step += 64)
            {
                data.Add(below);
                data.Add(above);
                for (int j = 0; j < 64; j++)
                {
                    below = Math.BitDecrement(below);
                    above = Math.BitIncrement(above);
                }
            }
        }

        foreach (double x in data)
        {
            sketch.Add(x);
        }

        double[] sorted = ExactQuantile.Sorted(data);

        // Act
        double worst = 0.0;
        for (int k = 0; k < sorted.Length; k++)
        {
            double q = k / (double)(sorted.Length - 1);
            double exact = ExactQuantile.Of(sorted, q);
            worst = Math.Max(worst, Math.Abs(sketch.Quantile(q) - exact) / exact);
        }

        // Assert
        Assert.That(worst, Is.LessThanOrEqualTo(alpha));
    }

    [Test]
    public void Merge_AnyOrderOrGrouping_IdenticalQuantiles()
    {
        // Arrange: 10 blocks of mixed-sign data with zeros and a heavy tail.
        double[] data = Sample("withNegatives", 10_000, seed: 23);
        QuantileSketch[] blocks = new QuantileSketch[10];
        for (int b = 0; b < blocks.Length; b++)
        {
            blocks[b] = Sketch(data.AsSpan(b * 1000, 1000), 0.005);
        }

        QuantileSketch single = Sketch(data, 0.005);
        int[] shuffled = [7, 2, 9, 0, 4, 1, 8, 3, 6, 5];

        // Act
        QuantileSketch forward = MergeInOrder(blocks, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        QuantileSketch backward = MergeInOrder(blocks, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        QuantileSketch random = MergeInOrder(blocks, shuffled);
        QuantileSketch tree = MergeAsTree(blocks, 0, blocks.Length);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            foreach (QuantileSketch merged in new[] { forward, backward, random, tree })
            {
                Assert.That(merged.Count, Is.EqualTo(data.Length));
                for (int i = 0; i <= 100; i++)
                {
                    double q = i / 100.0;
                    Assert.That(Bits(merged.Quantile(q)), Is.EqualTo(Bits(single.Quantile(q))), $"q = {q}");
                }
            }
        }
    }

    [Test]
    public void Add_MillionValuesSpanningTwelveDecades_BucketCountBoundedByRange()
    {
        // Arrange: 10⁶ values log-uniform on [10⁻³, 10⁹]. The occupied span is at most
        // ⌈ln(10¹²)/ln γ⌉ + 1 buckets, and the array is shorter than twice that.
        var random = new Xoshiro256StarStar(24);
        var sketch = new QuantileSketch();
        int span = (int)Math.Ceiling(Math.Log(1e12) / sketch.BucketLogWidth) + 1;
        int afterTenThousand = 0;

        // Act
        for (int i = 0; i < 1_000_000; i++)
        {
            sketch.Add(Math.Pow(10.0, -3.0 + (12.0 * random.NextDouble())));
            if (i == 9_999)
            {
                afterTenThousand = sketch.AllocatedBuckets;
            }
        }

        // Assert: bounded by the range, and no growth from 10⁴ to 10⁶ values once it is covered.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(span, Is.LessThan(2800));
            Assert.That(sketch.AllocatedBuckets, Is.LessThan(2 * span));
            Assert.That(sketch.AllocatedBuckets, Is.EqualTo(afterTenThousand));
            Assert.That(sketch.Count, Is.EqualTo(1_000_000));
        }
    }

    [Test]
    public void Add_AfterReset_DoesNotGrowAndAnswersAsFresh()
    {
        // Arrange
        double[] data = Sample("withNegatives", 2_000, seed: 25);
        QuantileSketch sketch = Sketch(data, 0.005);
        int allocated = sketch.AllocatedBuckets;
        QuantileSketch fresh = Sketch(data.AsSpan(0, 500), 0.005);

        // Act
        sketch.Reset();
        foreach (double x in data.AsSpan(0, 500))
        {
            sketch.Add(x);
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sketch.AllocatedBuckets, Is.EqualTo(allocated));
            Assert.That(sketch.Count, Is.EqualTo(500));
            for (int i = 0; i <= 20; i++)
            {
                Assert.That(sketch.Quantile(i / 20.0), Is.EqualTo(fresh.Quantile(i / 20.0)));
            }
        }
    }

    [TestCase(42.0)]
    [TestCase(-3e-7)]
    [TestCase(0.0)]
    [TestCase(1.7e308)]
    public void Quantile_SingleValue_ReturnsItExactly(double x)
    {
        var sketch = new QuantileSketch();

        sketch.Add(x);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sketch.Quantile(0.0), Is.EqualTo(x));
            Assert.That(sketch.Quantile(0.5), Is.EqualTo(x));
            Assert.That(sketch.Quantile(1.0), Is.EqualTo(x));
        }
    }

    [Test]
    public void Quantile_MostlyZeros_ReturnsZeroExactly()
    {
        // Arrange: 90 % zeros (of both signs), a few values either side.
        var sketch = new QuantileSketch();
        for (int i = 0; i < 90; i++)
        {
            sketch.Add(i % 2 == 0 ? 0.0 : -0.0);
        }

        for (int i = 1; i <= 5; i++)
        {
            sketch.Add(i);
            sketch.Add(-i);
        }

        // Act and assert: ranks 5 … 94 are zeros.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sketch.Quantile(0.06), Is.Zero);
            Assert.That(sketch.Quantile(0.5), Is.Zero);
            Assert.That(sketch.Quantile(0.94), Is.Zero);
            Assert.That(sketch.Quantile(0.0), Is.EqualTo(-5.0));
            Assert.That(sketch.Quantile(1.0), Is.EqualTo(5.0));
        }
    }

    [Test]
    public void Quantile_Empty_NaN()
    {
        Assert.That(new QuantileSketch().Quantile(0.5), Is.NaN);
    }

    [TestCase(-0.01)]
    [TestCase(1.01)]
    [TestCase(double.NaN)]
    public void Quantile_LevelOutsideUnitInterval_Throws(double q)
    {
        var sketch = new QuantileSketch();
        sketch.Add(1.0);

        Assert.That(() => sketch.Quantile(q), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0.0)]
    [TestCase(0.00009)]
    [TestCase(0.51)]
    [TestCase(double.NaN)]
    public void Constructor_AccuracyOutOfRange_Throws(double alpha)
    {
        Assert.That(() => new QuantileSketch(alpha), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Add_NonFinite_Throws(double x)
    {
        var sketch = new QuantileSketch();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => sketch.Add(x), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(sketch.Count, Is.Zero);
        }
    }

    [Test]
    public void Merge_DifferentAccuracy_Throws()
    {
        var sketch = new QuantileSketch(0.005);

        Assert.That(() => sketch.Merge(new QuantileSketch(0.01)), Throws.ArgumentException);
    }

    [Test]
    public void Merge_Itself_DoublesEveryCount()
    {
        // Arrange
        double[] data = Sample("withNegatives", 1_000, seed: 26);
        QuantileSketch sketch = Sketch(data, 0.005);
        QuantileSketch twice = Sketch(data.Concat(data).ToArray(), 0.005);

        // Act
        sketch.Merge(sketch);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sketch.Count, Is.EqualTo(2_000));
            for (int i = 0; i <= 20; i++)
            {
                Assert.That(sketch.Quantile(i / 20.0), Is.EqualTo(twice.Quantile(i / 20.0)));
            }
        }
    }

    /// <summary>
    /// Test data: uniform(0, 1); lognormal(0, 2.5) (a heavy tail over about 20 decades);
    /// 30 % zeros with the rest exponential; normal(0, 10) mixed with lognormal magnitudes of both signs and zeros.
    /// </summary>
    internal static double[] Sample(string distribution, int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var data = new double[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = distribution switch
            {
                "uniform" => random.NextDouble(),
                "lognormal" => LogNormal.Sample(random, 0.0, 2.5),
                "withZeros" => random.NextDouble() < 0.3 ? 0.0 : Exponential.Sample(random, 0.01),
                "withNegatives" => random.NextDouble() switch
                {
                    < 0.1 => 0.0,
                    < 0.6 => Normal.Sample(random, 0.0, 10.0),
                    < 0.8 => LogNormal.Sample(random, 3.0, 2.0),
                    _ => -LogNormal.Sample(random, 1.0, 2.0),
                },
                _ => throw new ArgumentException($"Unknown distribution {distribution}.", nameof(distribution)),
            };
        }

        return data;
    }

    private static QuantileSketch Sketch(ReadOnlySpan<double> data, double alpha)
    {
        var sketch = new QuantileSketch(alpha);
        foreach (double x in data)
        {
            sketch.Add(x);
        }

        return sketch;
    }

    private static QuantileSketch MergeInOrder(QuantileSketch[] blocks, int[] order)
    {
        var total = new QuantileSketch();
        foreach (int b in order)
        {
            total.Merge(blocks[b]);
        }

        return total;
    }

    private static QuantileSketch MergeAsTree(QuantileSketch[] blocks, int start, int end)
    {
        if (end - start == 1)
        {
            var copy = new QuantileSketch();
            copy.Merge(blocks[start]);
            return copy;
        }

        int middle = (start + end) / 2;
        QuantileSketch right = MergeAsTree(blocks, middle, end);
        right.Merge(MergeAsTree(blocks, start, middle));
        return right;
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    /// <summary>
    /// The bucket index is computed without Math.Log away from bucket edges; it must equal the reference
    /// ⌈ln x / ln γ⌉ for every input: random magnitudes from 1e-300 to 1e300, every bucket edge of a wide
    /// range and its neighbours, powers of two and the mantissa cells' edges, for several accuracies.
    /// </summary>
    [TestCase(0.005)]
    [TestCase(0.01)]
    [TestCase(0.0001)]
    [TestCase(0.3)]
    public void Index_EveryKindOfInput_EqualsTheLogIndex(double accuracy)
    {
        var sketch = new QuantileSketch(accuracy);
        var stream = new ExportFlow.Simulation.Random.EventStream(2024);
        int mismatches = 0;
        void Check(double x)
        {
            if (x > 0 && double.IsFinite(x) && sketch.IndexOf(x) != sketch.ReferenceIndex(x))
            {
                mismatches++;
            }
        }

        for (int i = 0; i < 1_000_000; i++)
        {
            Check(Math.Pow(10, -300 + (600 * stream.NextUniform())));
        }

        double width = sketch.BucketLogWidth;
        for (int i = (int)(-50 / width); i <= (int)(50 / width); i++)
        {
            double edge = Math.Exp(i * width);
            Check(edge);
            Check(Math.BitIncrement(edge));
            Check(Math.BitDecrement(edge));
        }

        for (int e = -1000; e <= 1000; e++)
        {
            for (int j = 0; j <= 128; j++)
            {
                double x = Math.ScaleB(1.0 + (j / 128.0), e);
                Check(x);
                Check(Math.BitIncrement(x));
                Check(Math.BitDecrement(x));
            }
        }

        Check(double.Epsilon);
        Check(2.2250738585072014E-308);
        Check(double.MaxValue);
        Assert.That(mismatches, Is.Zero);
    }

    [TestCase(1, 0.0)]
    [TestCase(512, 0.0)]
    [TestCase(1300, 0.0)]
    [TestCase(512, 0.3)]
    [TestCase(2000, 0.9)]
    public void AddBurst_NonNegativeBlocks_SameSketchAsOneByOne(int length, double zeroShare)
    {
        // Blocks of growing spread (so the window must slide and grow inside a burst), with +0 and −0 mixed in.
        var rng = new System.Random(15);
        var burst = new QuantileSketch(0.005);
        var single = new QuantileSketch(0.005);
        for (int block = 0; block < 6; block++)
        {
            double scale = Math.Pow(10, (3 * block) - 6);
            double[] xs = [.. Enumerable.Range(0, length).Select(_ => rng.NextDouble() < zeroShare
                ? (rng.Next(2) == 0 ? 0.0 : -0.0)
                : scale * Math.Exp(4 * rng.NextDouble()))];
            burst.AddBurst(xs, xs.Min());
            foreach (double x in xs)
            {
                single.AddUnchecked(x);
            }
        }

        double[] levels = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(burst.Count, Is.EqualTo(single.Count));
            Assert.That(levels.Select(burst.Quantile), Is.EqualTo(levels.Select(single.Quantile)));

            // The same zero (+0 or −0) at the extremes, bit for bit.
            Assert.That(BitConverter.DoubleToInt64Bits(burst.Quantile(0)), Is.EqualTo(BitConverter.DoubleToInt64Bits(single.Quantile(0))));
        }
    }

    [Test]
    public void AddBurst_NegativeValues_SameSketchAsOneByOne()
    {
        var rng = new System.Random(16);
        double[] xs = [.. Enumerable.Range(0, 700).Select(_ => (rng.NextDouble() - 0.3) * 1000)];
        var burst = new QuantileSketch(0.005);
        var single = new QuantileSketch(0.005);
        burst.AddBurst(xs, xs.Min());
        foreach (double x in xs)
        {
            single.AddUnchecked(x);
        }

        double[] levels = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
        Assert.That(levels.Select(burst.Quantile), Is.EqualTo(levels.Select(single.Quantile)));
    }
}
