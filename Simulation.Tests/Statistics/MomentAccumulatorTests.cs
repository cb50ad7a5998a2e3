using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class MomentAccumulatorTests
{
    private const double Tolerance = 1e-12;

    [Test]
    public void Add_TextbookData_MatchesClosedForm()
    {
        // Arrange: mean 5, Σ(x − 5)² = 32.
        double[] data = [2, 4, 4, 4, 5, 5, 7, 9];
        double variance = 32.0 / 7.0;
        double standardError = Math.Sqrt(variance / 8.0);
        var accumulator = new MomentAccumulator();

        // Act
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Count, Is.EqualTo(8));
            Assert.That(accumulator.Mean, Is.EqualTo(5.0).Within(RelativeTolerance(5.0)));
            Assert.That(accumulator.Variance, Is.EqualTo(variance).Within(RelativeTolerance(variance)));
            Assert.That(accumulator.StdDev, Is.EqualTo(Math.Sqrt(variance)).Within(RelativeTolerance(Math.Sqrt(variance))));
            Assert.That(accumulator.StandardError, Is.EqualTo(standardError).Within(RelativeTolerance(standardError)));
            Assert.That(accumulator.Min, Is.EqualTo(2.0));
            Assert.That(accumulator.Max, Is.EqualTo(9.0));
        }
    }

    [Test]
    public void Add_SeededData_MatchesTwoPass()
    {
        // Arrange: an offset mean and a heavy tail, where a one-pass Σx² formula would lose digits.
        double[] data = Data(10_000, seed: 11);
        (double mean, double variance) = TwoPass(data);
        var accumulator = new MomentAccumulator();

        // Act
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Mean, Is.EqualTo(mean).Within(RelativeTolerance(mean)));
            Assert.That(accumulator.Variance, Is.EqualTo(variance).Within(RelativeTolerance(variance)));
            Assert.That(accumulator.Min, Is.EqualTo(data.Min()));
            Assert.That(accumulator.Max, Is.EqualTo(data.Max()));
        }
    }

    [Test]
    public void Merge_EveryTwoWaySplitInOrder_MatchesTwoPass()
    {
        // Arrange
        double[] data = Data(200, seed: 12);
        (double mean, double variance) = TwoPass(data);

        for (int split = 0; split <= data.Length; split++)
        {
            MomentAccumulator head = Accumulate(data.AsSpan(0, split));
            MomentAccumulator tail = Accumulate(data.AsSpan(split));

            // Act
            head.Merge(tail);

            // Assert
            using (Assert.EnterMultipleScope())
            {
                Assert.That(head.Count, Is.EqualTo(data.Length), $"split {split}");
                Assert.That(head.Mean, Is.EqualTo(mean).Within(RelativeTolerance(mean)), $"split {split}");
                Assert.That(head.Variance, Is.EqualTo(variance).Within(RelativeTolerance(variance)), $"split {split}");
                Assert.That(head.Min, Is.EqualTo(data.Min()), $"split {split}");
                Assert.That(head.Max, Is.EqualTo(data.Max()), $"split {split}");
            }
        }
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(1000)]
    public void Merge_RandomBlocksInOrder_MatchesTwoPass(int blockCount)
    {
        // Arrange: uneven blocks, some of them empty.
        double[] data = Data(5_000, seed: 13);
        (double mean, double variance) = TwoPass(data);
        int[] cuts = RandomCuts(data.Length, blockCount, seed: 14);
        var total = new MomentAccumulator();

        // Act
        for (int b = 0; b < blockCount; b++)
        {
            total.Merge(Accumulate(data.AsSpan(cuts[b], cuts[b + 1] - cuts[b])));
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total.Count, Is.EqualTo(data.Length));
            Assert.That(total.Mean, Is.EqualTo(mean).Within(RelativeTolerance(mean)));
            Assert.That(total.Variance, Is.EqualTo(variance).Within(RelativeTolerance(variance)));
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void Merge_SameBlocksSameOrder_BitIdenticalWhateverThreadCount(int threads)
    {
        // Arrange: the engine's scheme, fixed-size blocks filled in parallel and merged in block order.
        double[] data = Data(10_000, seed: 15);
        const int BlockSize = 256;
        MomentAccumulator reference = MergeBlocks(data, BlockSize, threads: 1);

        // Act
        MomentAccumulator total = MergeBlocks(data, BlockSize, threads);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total.Count, Is.EqualTo(reference.Count));
            Assert.That(Bits(total.Mean), Is.EqualTo(Bits(reference.Mean)));
            Assert.That(Bits(total.Variance), Is.EqualTo(Bits(reference.Variance)));
            Assert.That(Bits(total.Min), Is.EqualTo(Bits(reference.Min)));
            Assert.That(Bits(total.Max), Is.EqualTo(Bits(reference.Max)));
        }
    }

    [Test]
    public void Merge_IntoEmpty_CopiesBitForBit()
    {
        // Arrange
        MomentAccumulator source = Accumulate(Data(100, seed: 16));
        var target = new MomentAccumulator();

        // Act
        target.Merge(source);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(target.Count, Is.EqualTo(source.Count));
            Assert.That(Bits(target.Mean), Is.EqualTo(Bits(source.Mean)));
            Assert.That(Bits(target.Variance), Is.EqualTo(Bits(source.Variance)));
        }
    }

    [Test]
    public void Merge_Empty_LeavesUnchanged()
    {
        // Arrange
        MomentAccumulator target = Accumulate(Data(100, seed: 17));
        double mean = target.Mean;
        double variance = target.Variance;

        // Act
        target.Merge(new MomentAccumulator());

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(target.Count, Is.EqualTo(100));
            Assert.That(Bits(target.Mean), Is.EqualTo(Bits(mean)));
            Assert.That(Bits(target.Variance), Is.EqualTo(Bits(variance)));
        }
    }

    [Test]
    public void Merge_Itself_DoublesCountKeepsMeanAndScalesVariance()
    {
        // Arrange: n values twice over have Σ(x − mean)² doubled, so variance × 2(n − 1)/(2n − 1).
        double[] data = Data(50, seed: 18);
        MomentAccumulator accumulator = Accumulate(data);
        (double mean, double variance) = TwoPass(data);

        // Act
        accumulator.Merge(accumulator);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Count, Is.EqualTo(100));
            Assert.That(accumulator.Mean, Is.EqualTo(mean).Within(RelativeTolerance(mean)));
            double expected = variance * 2 * 49 / 99;
            Assert.That(accumulator.Variance, Is.EqualTo(expected).Within(RelativeTolerance(expected)));
        }
    }

    [Test]
    public void Properties_Empty_NaNExceptCountAndVariance()
    {
        var accumulator = new MomentAccumulator();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Count, Is.Zero);
            Assert.That(accumulator.Mean, Is.NaN);
            Assert.That(accumulator.Variance, Is.Zero);
            Assert.That(accumulator.StandardError, Is.NaN);
            Assert.That(accumulator.Min, Is.NaN);
            Assert.That(accumulator.Max, Is.NaN);
        }
    }

    [Test]
    public void Variance_OneValue_Zero()
    {
        var accumulator = new MomentAccumulator();

        accumulator.Add(3.5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Mean, Is.EqualTo(3.5));
            Assert.That(accumulator.Variance, Is.Zero);
            Assert.That(accumulator.StandardError, Is.Zero);
        }
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Add_NonFinite_Throws(double x)
    {
        var accumulator = new MomentAccumulator();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => accumulator.Add(x), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(accumulator.Count, Is.Zero);
        }
    }

    [Test]
    public void Reset_AfterAdds_SameAsNew()
    {
        // Arrange
        MomentAccumulator accumulator = Accumulate(Data(100, seed: 19));
        double[] data = Data(10, seed: 20);
        MomentAccumulator fresh = Accumulate(data);

        // Act
        accumulator.Reset();
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accumulator.Count, Is.EqualTo(10));
            Assert.That(Bits(accumulator.Mean), Is.EqualTo(Bits(fresh.Mean)));
            Assert.That(Bits(accumulator.Variance), Is.EqualTo(Bits(fresh.Variance)));
            Assert.That(accumulator.Min, Is.EqualTo(fresh.Min));
            Assert.That(accumulator.Max, Is.EqualTo(fresh.Max));
        }
    }

    /// <summary>Values 1000 + lognormal(0, 1) · 50: an offset mean and a long right tail.</summary>
    private static double[] Data(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var data = new double[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = 1000.0 + (50.0 * Math.Exp(MathNet.Numerics.Distributions.Normal.Sample(random, 0.0, 1.0)));
        }

        return data;
    }

    private static (double Mean, double Variance) TwoPass(double[] data)
    {
        double sum = 0.0;
        foreach (double x in data)
        {
            sum += x;
        }

        double mean = sum / data.Length;
        double squares = 0.0;
        foreach (double x in data)
        {
            squares += (x - mean) * (x - mean);
        }

        return (mean, squares / (data.Length - 1));
    }

    private static MomentAccumulator Accumulate(ReadOnlySpan<double> data)
    {
        var accumulator = new MomentAccumulator();
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        return accumulator;
    }

    private static MomentAccumulator MergeBlocks(double[] data, int blockSize, int threads)
    {
        int blockCount = (data.Length + blockSize - 1) / blockSize;
        var blocks = new MomentAccumulator[blockCount];
        Parallel.For(
            0,
            blockCount,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            b =>
            {
                int start = b * blockSize;
                blocks[b] = Accumulate(data.AsSpan(start, Math.Min(blockSize, data.Length - start)));
            });

        var total = new MomentAccumulator();
        foreach (MomentAccumulator block in blocks)
        {
            total.Merge(block);
        }

        return total;
    }

    /// <summary>Sorted cut points 0 = c₀ ≤ c₁ ≤ … ≤ c_k = length, repeats allowed (empty blocks).</summary>
    private static int[] RandomCuts(int length, int blockCount, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var cuts = new int[blockCount + 1];
        for (int i = 1; i < blockCount; i++)
        {
            cuts[i] = random.Next(length + 1);
        }

        cuts[blockCount] = length;
        Array.Sort(cuts);
        return cuts;
    }

    private static double RelativeTolerance(double expected) => Tolerance * Math.Abs(expected);

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
