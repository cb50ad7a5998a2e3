using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class TriangularSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(0.0, 3.0, 10.0)]
    [TestCase(0.0, 0.0, 1.0)]
    [TestCase(-5.0, 2.0, 2.0)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double min, double mode, double max)
    {
        double[] sample = SampleStats.Draw(102, Draws, (ref EventStream s) => TriangularSampler.Sample(min, mode, max, ref s));
        double mean = (min + mode + max) / 3.0;
        double variance = ((min * min) + (mode * mode) + (max * max) - (min * mode) - (min * max) - (mode * max)) / 18.0;
        SampleStats.AssertMoments(sample, mean, variance);
        SampleStats.AssertKolmogorovSmirnov(sample, x => Triangular.CDF(min, max, mode, x));
        Assert.That(sample, Is.All.InRange(min, max));
    }

    [Test]
    public void Sample_AllEqual_ReturnsMinWithoutDraw()
    {
        var stream = new EventStream(3);
        Assert.Multiple(() =>
        {
            Assert.That(TriangularSampler.Sample(2.5, 2.5, 2.5, ref stream), Is.EqualTo(2.5));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(3).NextULong()));
        });
    }

    [Test]
    public void Sample_SameStreamLargerMode_NeverGivesSmallerDraw()
    {
        // Inversion of one uniform: the draw rises with the mode for a fixed uniform.
        for (int i = 0; i < 500; i++)
        {
            double previous = double.NegativeInfinity;
            for (int m = 0; m <= 20; m++)
            {
                EventStream stream = SampleStats.Stream(103, i);
                double x = TriangularSampler.Sample(0.0, m / 2.0, 10.0, ref stream);
                Assert.That(x, Is.GreaterThanOrEqualTo(previous));
                previous = x;
            }
        }
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] actual = SampleStats.Draw(42, 3, static (ref EventStream s) => TriangularSampler.Sample(0.0, 3.0, 10.0, ref s));
        double[] expected = [7.916530302578406, 3.7034014353268843, 4.777608449126423];
        Assert.That(actual, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(0.0, -1.0, 1.0)]
    [TestCase(0.0, 2.0, 1.0)]
    [TestCase(2.0, 1.0, 0.0)]
    [TestCase(double.NaN, 0.5, 1.0)]
    [TestCase(0.0, double.NaN, 1.0)]
    [TestCase(0.0, 0.5, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double min, double mode, double max)
    {
        var stream = new EventStream(1);
        Assert.That(() => TriangularSampler.Sample(min, mode, max, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
