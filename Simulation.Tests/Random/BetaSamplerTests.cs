using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class BetaSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(2.0, 5.0)]
    [TestCase(0.5, 0.5)]
    [TestCase(1.0, 1.0)]
    [TestCase(0.2, 0.3)]
    [TestCase(40.0, 8.0)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double alpha, double beta)
    {
        double[] sample = SampleStats.Draw(111, Draws, (ref EventStream s) => BetaSampler.Sample(alpha, beta, ref s));
        SampleStats.AssertMoments(sample, alpha / (alpha + beta), Variance(alpha, beta));
        SampleStats.AssertKolmogorovSmirnov(sample, x => Beta.CDF(alpha, beta, x));
        Assert.That(sample, Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void Sample_Rescaled_MatchesMomentsOnTheInterval()
    {
        double[] sample = SampleStats.Draw(112, Draws, static (ref EventStream s) => BetaSampler.Sample(2.0, 5.0, 10.0, 20.0, ref s));
        SampleStats.AssertMoments(sample, 10.0 + (10.0 * 2.0 / 7.0), 100.0 * Variance(2.0, 5.0));
        SampleStats.AssertKolmogorovSmirnov(sample, x => Beta.CDF(2.0, 5.0, (x - 10.0) / 10.0));
        Assert.That(sample, Is.All.InRange(10.0, 20.0));
    }

    [Test]
    public void Sample_TinyShapes_StayInUnitIntervalWithCorrectMean()
    {
        // Both gamma variates underflow to 0 here most of the time; the log-space ratio keeps them apart.
        double[] sample = SampleStats.Draw(113, Draws, static (ref EventStream s) => BetaSampler.Sample(0.001, 0.002, ref s));
        Assert.That(sample, Is.All.InRange(0.0, 1.0));
        SampleStats.AssertMoments(sample, 1.0 / 3.0, Variance(0.001, 0.002));
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] actual = SampleStats.Draw(42, 3, static (ref EventStream s) => BetaSampler.Sample(2.0, 5.0, ref s));
        double[] expected = [0.4830715701498371, 0.1055096827318616, 0.48928522060160323];
        Assert.That(actual, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(0.0, 1.0)]
    [TestCase(1.0, -1.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(1.0, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double alpha, double beta)
    {
        var stream = new EventStream(1);
        Assert.That(() => BetaSampler.Sample(alpha, beta, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(2.0, 1.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(0.0, double.PositiveInfinity)]
    public void Sample_InvalidInterval_ThrowsArgumentOutOfRange(double min, double max)
    {
        var stream = new EventStream(1);
        Assert.That(() => BetaSampler.Sample(2.0, 2.0, min, max, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static double Variance(double alpha, double beta)
    {
        double sum = alpha + beta;
        return alpha * beta / (sum * sum * (sum + 1.0));
    }
}
