using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class StandardNormalTests
{
    [Test]
    public void InverseCdf_GridOfProbabilities_MatchesMathNet()
    {
        for (int i = 1; i < 10_000; i++)
        {
            double p = i / 10_000.0;
            double expected = Normal.InvCDF(0.0, 1.0, p);
            Assert.That(StandardNormal.InverseCdf(p), Is.EqualTo(expected).Within(1e-13 * Math.Max(1.0, Math.Abs(expected))), $"p {p}");
        }
    }

    [Test]
    public void InverseCdf_DeepLowerTail_RoundTripsThroughCdf()
    {
        for (int e = 1; e <= 300; e++)
        {
            double p = Math.Pow(10.0, -e);
            double x = StandardNormal.InverseCdf(p);
            Assert.That(StandardNormal.Cdf(x), Is.EqualTo(p).Within(1e-12 * p), $"p 1e-{e}");
        }
    }

    [Test]
    public void InverseCdf_ComplementOnTheUniformGrid_IsExactlyNegated()
    {
        var stream = new EventStream(11);
        for (int i = 0; i < 10_000; i++)
        {
            double u = stream.NextUniform();
            Assert.That(StandardNormal.InverseCdf(1.0 - u), Is.EqualTo(-StandardNormal.InverseCdf(u)));
        }
    }

    [Test]
    public void InverseCdf_Boundaries_AreInfiniteAndZero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StandardNormal.InverseCdf(0.0), Is.EqualTo(double.NegativeInfinity));
            Assert.That(StandardNormal.InverseCdf(1.0), Is.EqualTo(double.PositiveInfinity));
            Assert.That(StandardNormal.InverseCdf(0.5), Is.Zero);
            Assert.That(StandardNormal.InverseCdf(Math.Pow(2, -53)), Is.EqualTo(-8.2095361516013845).Within(1e-12));
        });
    }

    [Test]
    public void Cdf_Infinities_AreZeroAndOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StandardNormal.Cdf(double.NegativeInfinity), Is.Zero);
            Assert.That(StandardNormal.Cdf(double.PositiveInfinity), Is.EqualTo(1.0));
            Assert.That(StandardNormal.Cdf(-40.0), Is.EqualTo(Normal.CDF(0.0, 1.0, -40.0)).Within(1e-12).Percent);
        });
    }
}
