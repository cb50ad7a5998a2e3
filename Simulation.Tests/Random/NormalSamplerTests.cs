using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class NormalSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(10.0, 2.0)]
    [TestCase(-3.0, 0.001)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double mean, double sd)
    {
        double[] sample = SampleStats.Draw(105, Draws, (ref EventStream s) => NormalSampler.Sample(mean, sd, ref s));
        SampleStats.AssertMoments(sample, mean, sd * sd);
        SampleStats.AssertKolmogorovSmirnov(sample, x => Normal.CDF(mean, sd, x));
    }

    [Test]
    public void Sample_ZeroSd_ReturnsMeanWithoutDraw()
    {
        var stream = new EventStream(3);
        Assert.Multiple(() =>
        {
            Assert.That(NormalSampler.Sample(1.5, 0.0, ref stream), Is.EqualTo(1.5));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(3).NextULong()));
        });
    }

    // Straddling the mean, inside one tail on either side, half-infinite, and a shifted, scaled normal.
    [TestCase(0.0, 1.0, -1.0, 2.0)]
    [TestCase(0.0, 1.0, 5.0, 6.0)]
    [TestCase(0.0, 1.0, double.NegativeInfinity, -4.0)]
    [TestCase(10.0, 2.0, 0.0, double.PositiveInfinity)]
    [TestCase(2.0, 3.0, -1.0, 4.0)]
    [TestCase(0.0, 1.0, -30.0, -29.0)]
    public void SampleTruncated_ManyDraws_MatchMomentsAndTruncatedCdf(double mean, double sd, double lower, double upper)
    {
        double[] sample = SampleStats.Draw(106, Draws, (ref EventStream s) => NormalSampler.SampleTruncated(mean, sd, lower, upper, ref s));
        double a = (lower - mean) / sd;
        double b = (upper - mean) / sd;
        double mass = Mass(a, b);
        double phiA = Density(a);
        double phiB = Density(b);
        double shift = (phiA - phiB) / mass;
        double aPhiA = double.IsInfinity(a) ? 0.0 : a * phiA;
        double bPhiB = double.IsInfinity(b) ? 0.0 : b * phiB;
        double variance = sd * sd * (1.0 + ((aPhiA - bPhiB) / mass) - (shift * shift));
        SampleStats.AssertMoments(sample, mean + (sd * shift), variance);
        SampleStats.AssertKolmogorovSmirnov(sample, x => Math.Clamp(Mass(a, (x - mean) / sd) / mass, 0.0, 1.0));
        Assert.That(sample, Is.All.InRange(lower, upper));
    }

    [TestCase(40.0, double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity, -45.0)]
    [TestCase(50.0, 50.01)]
    public void SampleTruncated_BeyondFarTail_StaysInBoundsWithTailMean(double lower, double upper)
    {
        double[] sample = SampleStats.Draw(107, 20_000, (ref EventStream s) => NormalSampler.SampleTruncated(0.0, 1.0, lower, upper, ref s));
        double mean = sample.Average();
        // Mills-ratio mean of a normal truncated at t in its far tail: t + 1/t − 2/t³ (narrow bounds: midpoint-ish).
        double near = double.IsInfinity(upper) ? lower : double.IsInfinity(lower) ? upper : double.NaN;
        Assert.That(sample, Is.All.InRange(lower, upper));
        if (!double.IsNaN(near))
        {
            double expected = near + (1.0 / near) - (2.0 / (near * near * near));
            Assert.That(mean, Is.EqualTo(expected).Within(4.0 * Math.Abs(1.0 / near) / Math.Sqrt(sample.Length)));
        }
    }

    [TestCase(-1.0, 2.0)]
    [TestCase(5.0, 6.0)]
    [TestCase(-6.0, -5.0)]
    [TestCase(-40.0, -38.0)]
    [TestCase(38.0, double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity, double.PositiveInfinity)]
    [TestCase(-0.001, 0.001)]
    public void TruncatedStandard_RisingUniform_NeverDecreasesAndStaysInBounds(double a, double b)
    {
        double previous = double.NegativeInfinity;
        for (int i = 0; i <= 100_000; i++)
        {
            double u = EventStream.ToUniform(unchecked((ulong)i * 184_467_440_737_095UL));
            double z = NormalSampler.TruncatedStandard(a, b, u);
            Assert.That(z, Is.InRange(a, b));
            Assert.That(z, Is.GreaterThanOrEqualTo(previous), $"u {u}");
            previous = z;
        }
    }

    [Test]
    public void SampleTruncated_DegenerateBounds_ReturnWithoutDraw()
    {
        var stream = new EventStream(3);
        Assert.Multiple(() =>
        {
            Assert.That(NormalSampler.SampleTruncated(0.0, 1.0, 2.0, 2.0, ref stream), Is.EqualTo(2.0));
            Assert.That(NormalSampler.SampleTruncated(5.0, 0.0, 0.0, 1.0, ref stream), Is.EqualTo(1.0));
            Assert.That(NormalSampler.SampleTruncated(0.5, 0.0, 0.0, 1.0, ref stream), Is.EqualTo(0.5));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(3).NextULong()));
        });
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] plain = SampleStats.Draw(42, 3, static (ref EventStream s) => NormalSampler.Sample(10.0, 2.0, ref s));
        double[] truncated = SampleStats.Draw(42, 3, static (ref EventStream s) => NormalSampler.SampleTruncated(0.0, 1.0, -1.0, 2.0, ref s));
        double[] expectedPlain = [13.07619996034784, 9.665629236357157, 10.56062113707664];
        double[] expectedTruncated = [1.4501174054740564, 0.03411625788117509, 0.4078533932563912];
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(expectedPlain).Within(1e-12));
            Assert.That(truncated, Is.EqualTo(expectedTruncated).Within(1e-12));
        });
    }

    [TestCase(double.NaN, 1.0)]
    [TestCase(double.PositiveInfinity, 1.0)]
    [TestCase(0.0, -1.0)]
    [TestCase(0.0, double.NaN)]
    [TestCase(0.0, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double mean, double sd)
    {
        var stream = new EventStream(1);
        Assert.That(() => NormalSampler.Sample(mean, sd, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0.0, 1.0, 2.0, 1.0)]
    [TestCase(0.0, 1.0, double.NaN, 1.0)]
    [TestCase(0.0, 1.0, 0.0, double.NaN)]
    [TestCase(0.0, 1.0, double.PositiveInfinity, double.PositiveInfinity)]
    [TestCase(0.0, 1.0, double.NegativeInfinity, double.NegativeInfinity)]
    [TestCase(0.0, -1.0, 0.0, 1.0)]
    [TestCase(double.NaN, 1.0, 0.0, 1.0)]
    public void SampleTruncated_InvalidArguments_ThrowArgumentOutOfRange(double mean, double sd, double lower, double upper)
    {
        var stream = new EventStream(1);
        Assert.That(() => NormalSampler.SampleTruncated(mean, sd, lower, upper, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static double Density(double z) => double.IsInfinity(z) ? 0.0 : Normal.PDF(0.0, 1.0, z);

    /// <summary>Φ(b) − Φ(a), taken in the upper tail when a ≥ 0 so that it keeps precision.</summary>
    private static double Mass(double a, double b)
    {
        return a >= 0.0 ? Normal.CDF(0.0, 1.0, -a) - Normal.CDF(0.0, 1.0, -b) : Normal.CDF(0.0, 1.0, b) - Normal.CDF(0.0, 1.0, a);
    }
}
