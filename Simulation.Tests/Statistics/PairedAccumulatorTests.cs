using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class PairedAccumulatorTests
{
    private const double Tolerance = 1e-12;

    // A small data set worked by hand:
    // mean(B) = 10, mean(P) = 7.4, Δ = P − B = (−3, −3, −2, −4, −1), mean(Δ) = −2.6;
    // s_B² = 40/4 = 10, s_P² = 17.2/4 = 4.3, s_PB = 26/4 = 6.5, s_Δ² = 5.2/4 = 1.3 (= 4.3 + 10 − 13).
    private static readonly double[] HandBaseline = [10, 12, 8, 14, 6];
    private static readonly double[] HandPolicy = [7, 9, 6, 10, 5];

    [Test]
    public void Summarise_HandDataSet_DifferenceIntervalMatchesHandComputation()
    {
        // Arrange: mean(Δ) ± 1.96·s_Δ/√N = −2.6 ± 1.96·√(1.3/5).
        PairedAccumulator accumulator = Accumulate(HandBaseline, HandPolicy);
        double halfWidth = 1.96 * Math.Sqrt(0.26);

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Count, Is.EqualTo(5));
            Assert.That(summary.MeanBaseline, Is.EqualTo(10.0).Within(Tolerance));
            Assert.That(summary.MeanPolicy, Is.EqualTo(7.4).Within(Tolerance));
            Assert.That(summary.MeanDifference, Is.EqualTo(-2.6).Within(Tolerance));
            Assert.That(summary.StdDevDifference, Is.EqualTo(Math.Sqrt(1.3)).Within(Tolerance));
            Assert.That(summary.DifferenceLow, Is.EqualTo(-2.6 - halfWidth).Within(Tolerance));
            Assert.That(summary.DifferenceHigh, Is.EqualTo(-2.6 + halfWidth).Within(Tolerance));
            Assert.That(summary.PairedIntervalWidth, Is.EqualTo(2 * halfWidth).Within(Tolerance));
            Assert.That(summary.IndependentIntervalWidth, Is.EqualTo(2 * 1.96 * Math.Sqrt(14.3 / 5)).Within(Tolerance));
        }
    }

    [Test]
    public void Summarise_HandDataSet_RelativeReductionIntervalMatchesDeltaMethod()
    {
        // Arrange: R = 1 − 7.4/10 = 0.26 with r = 0.74;
        // se(R)² = (s_P² − 2r·s_PB + r²·s_B²)/(N·mean(B)²) = (4.3 − 9.62 + 5.476)/(5·100) = 0.156/500.
        PairedAccumulator accumulator = Accumulate(HandBaseline, HandPolicy);
        double halfWidth = 1.96 * Math.Sqrt(0.156 / 500);

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.RelativeReduction, Is.EqualTo(0.26).Within(Tolerance));
            Assert.That(summary.RelativeReductionLow, Is.EqualTo(0.26 - halfWidth).Within(Tolerance));
            Assert.That(summary.RelativeReductionHigh, Is.EqualTo(0.26 + halfWidth).Within(Tolerance));
            Assert.That(summary.ProbabilityLess, Is.EqualTo(1.0));
            Assert.That(summary.ProbabilityEqual, Is.Zero);
            Assert.That(summary.ProbabilityGreater, Is.Zero);
        }
    }

    [Test]
    public void Summarise_MixedSigns_ProbabilitiesEqualCounts()
    {
        // Arrange: 1 pair with P < B, 3 with P = B (including 0 against −0), 2 with P > B.
        PairedAccumulator accumulator = Accumulate([1, 2, 3, 0, 5, 6], [0, 2, 4, -0.0, 5, 7]);

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.ProbabilityLess, Is.EqualTo(1.0 / 6));
            Assert.That(summary.ProbabilityEqual, Is.EqualTo(3.0 / 6));
            Assert.That(summary.ProbabilityGreater, Is.EqualTo(2.0 / 6));
        }
    }

    [Test]
    public void Summarise_SeededPairs_ProbabilitiesEqualCounting()
    {
        // Arrange: rounded values, so that ties are common.
        (double[] baseline, double[] policy) = CorrelatedPairs(3_000, seed: 51, round: true);
        PairedAccumulator accumulator = Accumulate(baseline, policy);
        int less = 0;
        int equal = 0;
        int greater = 0;
        for (int i = 0; i < baseline.Length; i++)
        {
            if (policy[i] < baseline[i])
            {
                less++;
            }
            else if (policy[i] == baseline[i])
            {
                equal++;
            }
            else
            {
                greater++;
            }
        }

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(equal, Is.GreaterThan(0));
            Assert.That(summary.ProbabilityLess, Is.EqualTo((double)less / baseline.Length));
            Assert.That(summary.ProbabilityEqual, Is.EqualTo((double)equal / baseline.Length));
            Assert.That(summary.ProbabilityGreater, Is.EqualTo((double)greater / baseline.Length));
        }
    }

    [Test]
    public void Summarise_IdenticalInputs_ZeroDifferenceAndZeroPairedWidth()
    {
        // Arrange: a policy that changes nothing is bit-identical to the baseline in every trial.
        var random = new Xoshiro256StarStar(52);
        var accumulator = new PairedAccumulator();
        for (int i = 0; i < 1_000; i++)
        {
            double x = LogNormal.Sample(random, 4.0, 1.5);
            accumulator.Add(x, x);
        }

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.MeanDifference, Is.Zero);
            Assert.That(summary.StdDevDifference, Is.Zero);
            Assert.That(summary.DifferenceLow, Is.Zero);
            Assert.That(summary.DifferenceHigh, Is.Zero);
            Assert.That(summary.ProbabilityEqual, Is.EqualTo(1.0));
            Assert.That(summary.ProbabilityLess, Is.Zero);
            Assert.That(summary.ProbabilityGreater, Is.Zero);
            Assert.That(summary.PairedIntervalWidth, Is.Zero);
            Assert.That(summary.IndependentIntervalWidth, Is.GreaterThan(0.0));
            Assert.That(summary.RelativeReduction, Is.Zero);
            Assert.That(summary.RelativeReductionLow, Is.Zero);
            Assert.That(summary.RelativeReductionHigh, Is.Zero);
            Assert.That(new[] { summary.DifferenceP05, summary.DifferenceP50, summary.DifferenceP95 }, Is.All.Zero);
        }
    }

    [Test]
    public void Summarise_PositivelyCorrelatedPairs_PairedNarrowerThanIndependent()
    {
        // Arrange: P = 0.7·B + noise; corr(B, P) is high, so pairing removes most of the variance.
        (double[] baseline, double[] policy) = CorrelatedPairs(5_000, seed: 53, round: false);
        PairedAccumulator accumulator = Accumulate(baseline, policy);

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.PairedIntervalWidth, Is.GreaterThan(0.0));
            Assert.That(summary.PairedIntervalWidth, Is.LessThan(0.5 * summary.IndependentIntervalWidth));
        }
    }

    [Test]
    public void Summarise_SeededPairs_DifferencePercentilesWithinSketchAccuracy()
    {
        // Arrange: P = 0.97·B + noise, so that the differences take both signs.
        (double[] baseline, double[] policy) = CorrelatedPairs(5_000, seed: 54, round: false, factor: 0.97);
        PairedAccumulator accumulator = Accumulate(baseline, policy);
        double[] sorted = ExactQuantile.Sorted(policy.Select((p, i) => p - baseline[i]));

        // Act
        PairedSummary summary = accumulator.Summarise();

        // Assert: the sample has differences of both signs, each within α of the exact percentile.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sorted[0], Is.LessThan(0.0));
            Assert.That(sorted[^1], Is.GreaterThan(0.0));
            foreach ((double level, double value) in new[] { (0.05, summary.DifferenceP05), (0.50, summary.DifferenceP50), (0.95, summary.DifferenceP95) })
            {
                double exact = ExactQuantile.Of(sorted, level);
                Assert.That(Math.Abs(value - exact), Is.LessThanOrEqualTo(0.005 * Math.Abs(exact)), $"level {level}");
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void Merge_BlocksInOrder_MatchesSinglePassAndIsBitIdenticalAcrossThreadCounts(int threads)
    {
        // Arrange
        (double[] baseline, double[] policy) = CorrelatedPairs(6_000, seed: 55, round: false);
        PairedSummary single = Accumulate(baseline, policy).Summarise();
        PairedSummary sequential = MergeBlocks(baseline, policy, blockSize: 500, threads: 1);

        // Act
        PairedSummary merged = MergeBlocks(baseline, policy, blockSize: 500, threads);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(merged, Is.EqualTo(sequential), "bit-identical whatever the thread count");
            Assert.That(merged.Count, Is.EqualTo(single.Count));
            Assert.That(merged.MeanDifference, Is.EqualTo(single.MeanDifference).Within(Tolerance * Math.Abs(single.MeanDifference)));
            Assert.That(merged.StdDevDifference, Is.EqualTo(single.StdDevDifference).Within(Tolerance * single.StdDevDifference));
            Assert.That(merged.RelativeReductionLow, Is.EqualTo(single.RelativeReductionLow).Within(Tolerance));
            Assert.That(merged.IndependentIntervalWidth, Is.EqualTo(single.IndependentIntervalWidth).Within(Tolerance * single.IndependentIntervalWidth));
            Assert.That(merged.ProbabilityLess, Is.EqualTo(single.ProbabilityLess));
            Assert.That(merged.DifferenceP50, Is.EqualTo(single.DifferenceP50));
        }
    }

    [Test]
    public void Add_AfterResetOverSameRange_DoesNotAllocate()
    {
        // Arrange
        (double[] baseline, double[] policy) = CorrelatedPairs(10_000, seed: 56, round: false, factor: 0.97);
        PairedAccumulator accumulator = Accumulate(baseline, policy);
        accumulator.Reset();

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < baseline.Length; i++)
        {
            accumulator.Add(baseline[i], policy[i]);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Summarise_ZeroBaselineMean_RelativeReductionNaN()
    {
        PairedSummary summary = Accumulate([0, 0, 0], [1, 0, 2]).Summarise();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.RelativeReduction, Is.NaN);
            Assert.That(summary.RelativeReductionLow, Is.NaN);
            Assert.That(summary.RelativeReductionHigh, Is.NaN);
            Assert.That(summary.MeanDifference, Is.EqualTo(1.0));
        }
    }

    [Test]
    public void Summarise_Empty_NaNStatistics()
    {
        PairedSummary summary = new PairedAccumulator().Summarise();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Count, Is.Zero);
            Assert.That(summary.MeanDifference, Is.NaN);
            Assert.That(summary.DifferenceLow, Is.NaN);
            Assert.That(summary.ProbabilityEqual, Is.NaN);
            Assert.That(summary.PairedIntervalWidth, Is.NaN);
            Assert.That(summary.IndependentIntervalWidth, Is.NaN);
            Assert.That(summary.DifferenceP50, Is.NaN);
        }
    }

    [TestCase(double.NaN, 1.0)]
    [TestCase(1.0, double.PositiveInfinity)]
    [TestCase(double.MaxValue, -double.MaxValue)]
    public void Add_NonFiniteOrOverflowingDifference_Throws(double baseline, double policy)
    {
        var accumulator = new PairedAccumulator();

        Assert.That(() => accumulator.Add(baseline, policy), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    /// <summary>B ~ lognormal(5, 0.5) chips; P = factor·B + normal(0, 5); optionally both rounded to tens.</summary>
    private static (double[] Baseline, double[] Policy) CorrelatedPairs(int count, int seed, bool round, double factor = 0.7)
    {
        var random = new Xoshiro256StarStar(seed);
        var baseline = new double[count];
        var policy = new double[count];
        for (int i = 0; i < count; i++)
        {
            double b = LogNormal.Sample(random, 5.0, 0.5);
            double p = (factor * b) + Normal.Sample(random, 0.0, 5.0);
            baseline[i] = round ? Math.Round(b / 10) : b;
            policy[i] = round ? Math.Round(p / 10) : p;
        }

        return (baseline, policy);
    }

    private static PairedAccumulator Accumulate(ReadOnlySpan<double> baseline, ReadOnlySpan<double> policy)
    {
        var accumulator = new PairedAccumulator();
        for (int i = 0; i < baseline.Length; i++)
        {
            accumulator.Add(baseline[i], policy[i]);
        }

        return accumulator;
    }

    private static PairedSummary MergeBlocks(double[] baseline, double[] policy, int blockSize, int threads)
    {
        int blockCount = (baseline.Length + blockSize - 1) / blockSize;
        var blocks = new PairedAccumulator[blockCount];
        Parallel.For(
            0,
            blockCount,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            b =>
            {
                int start = b * blockSize;
                int length = Math.Min(blockSize, baseline.Length - start);
                blocks[b] = Accumulate(baseline.AsSpan(start, length), policy.AsSpan(start, length));
            });

        var total = new PairedAccumulator();
        foreach (PairedAccumulator block in blocks)
        {
            total.Merge(block);
        }

        return total.Summarise();
    }
}
