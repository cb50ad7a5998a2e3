using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class OutcomeAccumulatorTests
{
    private static readonly double[] Thresholds = [-1.0, 0.0, 2.0, 2.5, 10.0, 1e9];

    [Test]
    public void Summarise_IntegerData_ExceedancesEqualCounting()
    {
        // Arrange: integer values (many ties with the thresholds 0, 2 and 10) test the strict ">".
        double[] data = PoissonData(5_000, seed: 41);
        var accumulator = new OutcomeAccumulator(Thresholds);

        // Act
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        OutcomeSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Exceedances, Has.Count.EqualTo(Thresholds.Length));
            for (int i = 0; i < Thresholds.Length; i++)
            {
                int above = data.Count(x => x > Thresholds[i]);
                Assert.That(summary.Exceedances[i].Threshold, Is.EqualTo(Thresholds[i]));
                Assert.That(summary.Exceedances[i].Probability, Is.EqualTo((double)above / data.Length), $"threshold {Thresholds[i]}");
            }
        }
    }

    /// <summary>The run adds trials 64 at a time: blocks (including all-zero ones, which skip the sketch's
    /// log) must give the counts, quantiles and exceedances of one-by-one adds and the same moments.</summary>
    [TestCase(64)]
    [TestCase(7)]
    public void AddBlock_Blocks_SameSummaryAsOneByOne(int blockSize)
    {
        double[] data = PoissonData(5_000, seed: 43);
        Array.Clear(data, 640, 640);
        data[700] = -3.5;
        var single = new OutcomeAccumulator(Thresholds);
        foreach (double x in data)
        {
            single.Add(x);
        }

        var blocks = new OutcomeAccumulator(Thresholds);
        for (int start = 0; start < data.Length; start += blockSize)
        {
            blocks.AddBlock(data.AsSpan(start, Math.Min(blockSize, data.Length - start)));
        }

        OutcomeSummary actual = blocks.Summarise(), expected = single.Summarise();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Count, Is.EqualTo(expected.Count));
            Assert.That(actual.Mean, Is.EqualTo(data.Average()).Within(1e-13 * data.Average()));
            Assert.That(actual.StdDev, Is.EqualTo(expected.StdDev).Within(1e-12 * expected.StdDev));
            Assert.That(actual.Min, Is.EqualTo(-3.5));
            Assert.That(actual.Max, Is.EqualTo(expected.Max));
            Assert.That(
                new[] { actual.P05, actual.P25, actual.P50, actual.P75, actual.P95 },
                Is.EqualTo(new[] { expected.P05, expected.P25, expected.P50, expected.P75, expected.P95 }));
            Assert.That(actual.Exceedances, Is.EqualTo(expected.Exceedances));
        }
    }

    [Test]
    public void AddBlock_NotFinite_ThrowsArgumentOutOfRange()
    {
        var accumulator = new OutcomeAccumulator(Thresholds);
        Assert.That(() => accumulator.AddBlock([1.0, double.PositiveInfinity]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Merge_BlocksInOrder_SameSummaryAsSinglePass()
    {
        // Arrange
        double[] data = PoissonData(5_000, seed: 42);
        var single = new OutcomeAccumulator(Thresholds);
        foreach (double x in data)
        {
            single.Add(x);
        }

        var total = new OutcomeAccumulator(Thresholds);

        // Act
        for (int start = 0; start < data.Length; start += 700)
        {
            var block = new OutcomeAccumulator(Thresholds);
            foreach (double x in data.AsSpan(start, Math.Min(700, data.Length - start)))
            {
                block.Add(x);
            }

            total.Merge(block);
        }

        OutcomeSummary merged = total.Summarise();
        OutcomeSummary expected = single.Summarise();

        // Assert: counts and sketch are exact; the mean merges to within rounding.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(merged.Count, Is.EqualTo(expected.Count));
            Assert.That(merged.Mean, Is.EqualTo(expected.Mean).Within(1e-12 * expected.Mean));
            Assert.That(merged.StdDev, Is.EqualTo(expected.StdDev).Within(1e-12 * expected.StdDev));
            Assert.That(merged.Min, Is.EqualTo(expected.Min));
            Assert.That(merged.Max, Is.EqualTo(expected.Max));
            Assert.That(
                new[] { merged.P05, merged.P25, merged.P50, merged.P75, merged.P95 },
                Is.EqualTo(new[] { expected.P05, expected.P25, expected.P50, expected.P75, expected.P95 }));
            Assert.That(merged.Exceedances, Is.EqualTo(expected.Exceedances));
        }
    }

    [Test]
    public void Summarise_LognormalData_FieldsMatchMomentsAndSketch()
    {
        // Arrange
        var random = new Xoshiro256StarStar(43);
        var accumulator = new OutcomeAccumulator([100.0]);
        var values = new List<double>();
        for (int i = 0; i < 2_000; i++)
        {
            double x = LogNormal.Sample(random, 3.0, 1.0);
            values.Add(x);
            accumulator.Add(x);
        }

        double[] sorted = ExactQuantile.Sorted(values);

        // Act
        OutcomeSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Count, Is.EqualTo(2_000));
            Assert.That(summary.Mean, Is.EqualTo(accumulator.Moments.Mean));
            Assert.That(summary.StdDev, Is.EqualTo(accumulator.Moments.StdDev));
            Assert.That(summary.StandardError, Is.EqualTo(accumulator.Moments.StandardError));
            Assert.That(summary.Min, Is.EqualTo(sorted[0]));
            Assert.That(summary.Max, Is.EqualTo(sorted[^1]));
            (double Level, double Value)[] percentiles =
                [(0.05, summary.P05), (0.25, summary.P25), (0.50, summary.P50), (0.75, summary.P75), (0.95, summary.P95)];
            foreach ((double level, double value) in percentiles)
            {
                Assert.That(value, Is.EqualTo(accumulator.Sketch.Quantile(level)));
                double exact = ExactQuantile.Of(sorted, level);
                Assert.That(Math.Abs(value - exact), Is.LessThanOrEqualTo(0.005 * exact), $"level {level}");
            }
        }
    }

    [Test]
    public void Add_AfterResetOverSameRange_DoesNotAllocate()
    {
        // Arrange: a block accumulator that has seen the range once, as the engine reuses them.
        double[] data = QuantileSketchTests.Sample("withNegatives", 10_000, seed: 44);
        var accumulator = new OutcomeAccumulator(Thresholds);
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        accumulator.Reset();

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (double x in data)
        {
            accumulator.Add(x);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Summarise_Empty_CountZeroAndNaNProbabilities()
    {
        OutcomeSummary summary = new OutcomeAccumulator([1.0]).Summarise();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Count, Is.Zero);
            Assert.That(summary.Mean, Is.NaN);
            Assert.That(summary.P50, Is.NaN);
            Assert.That(summary.Exceedances[0].Probability, Is.NaN);
        }
    }

    [Test]
    public void Reset_AfterAdds_CountsStartAgain()
    {
        // Arrange
        var accumulator = new OutcomeAccumulator([0.5]);
        accumulator.Add(1.0);
        accumulator.Add(2.0);

        // Act
        accumulator.Reset();
        accumulator.Add(0.0);

        // Assert
        OutcomeSummary summary = accumulator.Summarise();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Count, Is.EqualTo(1));
            Assert.That(summary.Max, Is.Zero);
            Assert.That(summary.Exceedances[0].Probability, Is.Zero);
        }
    }

    [Test]
    public void Merge_DifferentThresholds_Throws()
    {
        var accumulator = new OutcomeAccumulator([1.0, 2.0]);

        Assert.That(() => accumulator.Merge(new OutcomeAccumulator([2.0, 1.0])), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_NaNThreshold_Throws()
    {
        Assert.That(() => new OutcomeAccumulator([1.0, double.NaN]), Throws.ArgumentException);
    }

    [Test]
    public void Add_NonFinite_ThrowsAndLeavesStateUnchanged()
    {
        var accumulator = new OutcomeAccumulator([0.0]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => accumulator.Add(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(accumulator.Moments.Count, Is.Zero);
            Assert.That(accumulator.Sketch.Count, Is.Zero);
        }
    }

    private static double[] PoissonData(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var data = new double[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = Poisson.Sample(random, 3.0);
        }

        return data;
    }
}
