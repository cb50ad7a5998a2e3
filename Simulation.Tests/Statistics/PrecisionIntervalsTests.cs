using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Statistics;

public class PrecisionIntervalsTests
{
    [Test]
    public void OrderStatisticRanks_N100Median_AreTheTabulated40And61()
    {
        // Conover's table: the 95 % interval of the median of 100 values is x(40) … x(61), coverage 0.9648.
        Assert.That(PrecisionIntervals.OrderStatisticRanks(100, 0.5), Is.EqualTo((40L, 61L)));
    }

    [Test]
    public void OrderStatisticRanks_N20Median_AreTheTabulated6And15()
    {
        Assert.That(PrecisionIntervals.OrderStatisticRanks(20, 0.5), Is.EqualTo((6L, 15L)));
    }

    [Test]
    public void OrderStatisticRanks_TooFewTrials_LeavesBothSidesUnbounded()
    {
        // With 5 values P(all below the median) = 1/32 > 0.025: neither end can be bounded.
        Assert.That(PrecisionIntervals.OrderStatisticRanks(5, 0.5), Is.EqualTo((0L, 6L)));
    }

    [TestCase(50, 0.5)]
    [TestCase(200, 0.95)]
    [TestCase(1000, 0.99)]
    [TestCase(4096, 0.05)]
    [TestCase(30_000, 0.995)]
    public void OrderStatisticRanks_Exact_AreTheExtremeRanksOfTheBinomialDefinition(int n, double p)
    {
        // Reference: MathNet's binomial CDF. l is the largest rank with B(l − 1) ≤ 0.025, u the smallest with B(u − 1) ≥ 0.975.
        (long l, long u) = PrecisionIntervals.OrderStatisticRanks(n, p);
        double B(long k) => k < 0 ? 0 : k >= n ? 1 : Binomial.CDF(p, n, k);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(B(l - 1), Is.LessThanOrEqualTo(0.025));
            Assert.That(B(l), Is.GreaterThan(0.025), "l is the largest such rank");
            Assert.That(B(u - 1), Is.GreaterThanOrEqualTo(0.975));
            Assert.That(B(u - 2), Is.LessThan(0.975), "u is the smallest such rank");
            Assert.That(B(u - 1) - B(l - 1), Is.GreaterThanOrEqualTo(0.95), "coverage");
        }
    }

    [TestCase(0.5)]
    [TestCase(0.95)]
    [TestCase(0.99)]
    public void OrderStatisticRanks_NormalApproximationAboveTheLimit_AgreesWithExactWithinOneRank(double p)
    {
        long n = PrecisionIntervals.ExactRankLimit;
        (long l, long u) = PrecisionIntervals.OrderStatisticRanks(n, p);

        // Just above the limit the normal approximation with continuity correction takes over.
        (long la, long ua) = PrecisionIntervals.OrderStatisticRanks(n + 1, p);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(la, Is.EqualTo(l).Within(1));
            Assert.That(ua, Is.EqualTo(u).Within(2), "one more value can move u by one on its own");
        }
    }

    [Test]
    public void OrderStatisticRanks_NormalApproximation_MatchesTheFormula()
    {
        // n = 10⁶, p = 0.5: np = 500000, σ = 500, zσ = 980: l = ⌊500000.5 − 980⌋, u = ⌈500000.5 + 980⌉.
        Assert.That(PrecisionIntervals.OrderStatisticRanks(1_000_000, 0.5), Is.EqualTo((499_020L, 500_981L)));
    }

    [Test]
    public void Wilson_10Of100_MatchesThePublishedInterval()
    {
        // Wilson score interval for 10/100 at z = 1.96: 0.0552 … 0.1744 (Newcombe 1998, method 3).
        ConfidenceInterval w = PrecisionIntervals.Wilson(10, 100);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.Estimate, Is.EqualTo(0.1));
            Assert.That(w.Low, Is.EqualTo(0.05522).Within(5e-5));
            Assert.That(w.High, Is.EqualTo(0.17437).Within(5e-5));
        }
    }

    [Test]
    public void Wilson_NoSuccesses_UpperEndIsZSquaredOverNPlusZSquared()
    {
        ConfidenceInterval w = PrecisionIntervals.Wilson(0, 100);
        double z2 = PrecisionIntervals.Z * PrecisionIntervals.Z;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.Low, Is.Zero);
            Assert.That(w.High, Is.EqualTo(z2 / (100 + z2)).Within(1e-12));
            Assert.That(w.RelativeHalfWidth, Is.EqualTo(double.PositiveInfinity), "a relative half-width of a zero estimate cannot be judged");
        }
    }

    [Test]
    public void Mean_IsMeanPlusOrMinus196StandardErrors()
    {
        ConfidenceInterval m = PrecisionIntervals.Mean(100, 5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Low, Is.EqualTo(90.2).Within(1e-12));
            Assert.That(m.High, Is.EqualTo(109.8).Within(1e-12));
            Assert.That(m.HalfWidth, Is.EqualTo(9.8).Within(1e-12));
            Assert.That(m.RelativeHalfWidth, Is.EqualTo(0.098).Within(1e-12));
        }
    }

    [Test]
    public void SketchAccuracy_IsTheAccuracyOfTheRunsSketches()
    {
        Assert.That(new OutcomeAccumulator([]).Sketch.RelativeAccuracy, Is.EqualTo(PrecisionIntervals.SketchAccuracy));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(39)]
    [TestCase(500)]
    [TestCase(998)]
    [TestCase(999)]
    public void ValueAtRank_SketchOf1To1000_IsThatOrderStatisticWithinAccuracy(int rank)
    {
        var sketch = new QuantileSketch();
        for (int i = 1000; i >= 1; i--)
        {
            sketch.Add(i);
        }

        Assert.That(PrecisionIntervals.ValueAtRank(sketch, rank), Is.EqualTo(rank + 1.0).Within(0.005 * (rank + 1.0)));
    }

    [Test]
    public void Percentile_MedianOf1To100_EndsAreOrderStatistics40And61WidenedByTheSketchAccuracy()
    {
        var sketch = new QuantileSketch();
        for (int i = 1; i <= 100; i++)
        {
            sketch.Add(i);
        }

        ConfidenceInterval c = PrecisionIntervals.Percentile(sketch, 0.5);
        using (Assert.EnterMultipleScope())
        {
            // x(40) = 40 and x(61) = 61, each read within α and widened outwards by α.
            Assert.That(c.Low, Is.LessThanOrEqualTo(40).And.GreaterThanOrEqualTo(40 * (1 - 0.005) * (1 - 0.005)));
            Assert.That(c.High, Is.GreaterThanOrEqualTo(61).And.LessThanOrEqualTo(61 * (1 + 0.005) * (1 + 0.005)));
            Assert.That(c.Estimate, Is.EqualTo(sketch.Quantile(0.5)));
        }
    }

    [Test]
    public void Percentile_FiveValues_IsUnbounded()
    {
        var sketch = new QuantileSketch();
        foreach (double x in new[] { 1.0, 2, 3, 4, 5 })
        {
            sketch.Add(x);
        }

        Assert.That(PrecisionIntervals.Percentile(sketch, 0.5).HalfWidth, Is.EqualTo(double.PositiveInfinity));
    }
}
