using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class UniformSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(-2.0, 5.0)]
    [TestCase(0.0, 1e-6)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double min, double max)
    {
        double[] sample = SampleStats.Draw(101, Draws, (ref EventStream s) => UniformSampler.Sample(min, max, ref s));
        double width = max - min;
        SampleStats.AssertMoments(sample, (min + max) / 2.0, width * width / 12.0);
        SampleStats.AssertKolmogorovSmirnov(sample, x => ContinuousUniform.CDF(min, max, x));
        Assert.That(sample, Is.All.InRange(min, max));
    }

    [Test]
    public void Sample_MinEqualsMax_ReturnsMinWithoutDraw()
    {
        var stream = new EventStream(3);
        Assert.Multiple(() =>
        {
            Assert.That(UniformSampler.Sample(4.0, 4.0, ref stream), Is.EqualTo(4.0));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(3).NextULong()));
        });
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] actual = SampleStats.Draw(42, 3, static (ref EventStream s) => UniformSampler.Sample(-2.0, 5.0, ref s));
        double[] expected = [4.565915401992597, 1.0352846515356449, 2.2726626489364268];
        Assert.That(actual, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(1.0, 0.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(0.0, double.NaN)]
    [TestCase(double.NegativeInfinity, 1.0)]
    [TestCase(0.0, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double min, double max)
    {
        var stream = new EventStream(1);
        Assert.That(() => UniformSampler.Sample(min, max, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
