using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class PertSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(0.0, 3.0, 10.0)]
    [TestCase(0.0, 0.0, 1.0)]
    [TestCase(100.0, 150.0, 200.0)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetBetaCdf(double min, double mode, double max)
    {
        double[] sample = SampleStats.Draw(104, Draws, (ref EventStream s) => PertSampler.Sample(min, mode, max, ref s));
        double width = max - min;
        double alpha = 1.0 + (4.0 * (mode - min) / width);
        double beta = 1.0 + (4.0 * (max - mode) / width);
        double sum = alpha + beta;
        double variance = width * width * alpha * beta / (sum * sum * (sum + 1.0));
        SampleStats.AssertMoments(sample, (min + (4.0 * mode) + max) / 6.0, variance);
        SampleStats.AssertKolmogorovSmirnov(sample, x => Beta.CDF(alpha, beta, Math.Clamp((x - min) / width, 0.0, 1.0)));
        Assert.That(sample, Is.All.InRange(min, max));
    }

    [Test]
    public void Sample_AllEqual_ReturnsMinWithoutDraw()
    {
        var stream = new EventStream(3);
        Assert.Multiple(() =>
        {
            Assert.That(PertSampler.Sample(7.0, 7.0, 7.0, ref stream), Is.EqualTo(7.0));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(3).NextULong()));
        });
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] actual = SampleStats.Draw(42, 3, static (ref EventStream s) => PertSampler.Sample(0.0, 3.0, 10.0, ref s));
        double[] expected = [5.71729743250329, 1.3587524871005425, 6.229665770114192];
        Assert.That(actual, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(0.0, -1.0, 1.0)]
    [TestCase(0.0, 2.0, 1.0)]
    [TestCase(double.NaN, 0.5, 1.0)]
    [TestCase(double.NegativeInfinity, 0.5, 1.0)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double min, double mode, double max)
    {
        var stream = new EventStream(1);
        Assert.That(() => PertSampler.Sample(min, mode, max, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
