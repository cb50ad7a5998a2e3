using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class GammaSamplerTests
{
    private const int Draws = 50_000;

    // Below 1 (the boost), exactly 1 (exponential), moderate and large shapes.
    [TestCase(0.3, 2.0)]
    [TestCase(1.0, 1.0)]
    [TestCase(2.5, 2.0)]
    [TestCase(30.0, 0.1)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double shape, double scale)
    {
        double[] sample = SampleStats.Draw(109, Draws, (ref EventStream s) => GammaSampler.Sample(shape, scale, ref s));
        SampleStats.AssertMoments(sample, shape * scale, shape * scale * scale);
        SampleStats.AssertKolmogorovSmirnov(sample, x => Gamma.CDF(shape, 1.0 / scale, x));
    }

    [Test]
    public void Sample_TinyShape_StaysFiniteWithCorrectMean()
    {
        double[] sample = SampleStats.Draw(110, Draws, static (ref EventStream s) => GammaSampler.Sample(0.01, 1.0, ref s));
        Assert.That(sample, Is.All.GreaterThanOrEqualTo(0.0).And.All.Not.NaN);
        SampleStats.AssertMoments(sample, 0.01, 0.01);
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] moderate = SampleStats.Draw(42, 3, static (ref EventStream s) => GammaSampler.Sample(2.5, 2.0, ref s));
        double[] small = SampleStats.Draw(42, 3, static (ref EventStream s) => GammaSampler.Sample(0.3, 2.0, ref s));
        double[] expectedModerate = [10.621659753152349, 3.8595517028480226, 5.212036359555194];
        double[] expectedSmall = [0.8510631406770732, 1.5885845947696546, 0.00035164509920130465];
        Assert.Multiple(() =>
        {
            Assert.That(moderate, Is.EqualTo(expectedModerate).Within(1e-12));
            Assert.That(small, Is.EqualTo(expectedSmall).Within(1e-12));
        });
    }

    [TestCase(0.0, 1.0)]
    [TestCase(-1.0, 1.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(double.PositiveInfinity, 1.0)]
    [TestCase(1.0, 0.0)]
    [TestCase(1.0, double.NaN)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double shape, double scale)
    {
        var stream = new EventStream(1);
        Assert.That(() => GammaSampler.Sample(shape, scale, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
