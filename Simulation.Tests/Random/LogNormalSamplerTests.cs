using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

public class LogNormalSamplerTests
{
    private const int Draws = 50_000;

    [TestCase(1.0, 0.5)]
    [TestCase(-2.0, 0.1)]
    public void Sample_ManyDraws_MatchMomentsAndMathNetCdf(double mu, double sigma)
    {
        double[] sample = SampleStats.Draw(108, Draws, (ref EventStream s) => LogNormalSampler.Sample(mu, sigma, ref s));
        double s2 = sigma * sigma;
        SampleStats.AssertMoments(sample, Math.Exp(mu + (s2 / 2.0)), (Math.Exp(s2) - 1.0) * Math.Exp((2.0 * mu) + s2));
        SampleStats.AssertKolmogorovSmirnov(sample, x => LogNormal.CDF(mu, sigma, x));
    }

    [Test]
    public void FromP05P95_NinetyPercentRange_GivesModelFormula()
    {
        (double mu, double sigma) = LogNormalSampler.FromP05P95(2.0, 50.0);
        Assert.Multiple(() =>
        {
            Assert.That(mu, Is.EqualTo((Math.Log(2.0) + Math.Log(50.0)) / 2.0).Within(1e-15));
            Assert.That(sigma, Is.EqualTo((Math.Log(50.0) - Math.Log(2.0)) / 3.2897).Within(1e-15));
            // 3.2897 rounds 2·Φ⁻¹(0.95) = 3.28971 to five digits, so the percentiles are hit to about 4e-6.
            Assert.That(LogNormal.InvCDF(mu, sigma, 0.05), Is.EqualTo(2.0).Within(1e-3).Percent);
            Assert.That(LogNormal.InvCDF(mu, sigma, 0.95), Is.EqualTo(50.0).Within(1e-3).Percent);
        });
    }

    [Test]
    public void FromP05P95_EqualPercentiles_GivesZeroSigma()
    {
        Assert.That(LogNormalSampler.FromP05P95(3.0, 3.0), Is.EqualTo((Math.Log(3.0), 0.0)));
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] actual = SampleStats.Draw(42, 3, static (ref EventStream s) => LogNormalSampler.Sample(1.0, 0.5, ref s));
        double[] expected = [5.865278640930404, 2.500291460026305, 3.127253940826729];
        Assert.That(actual, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(double.NaN, 1.0)]
    [TestCase(0.0, -0.1)]
    [TestCase(0.0, double.PositiveInfinity)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double mu, double sigma)
    {
        var stream = new EventStream(1);
        Assert.That(() => LogNormalSampler.Sample(mu, sigma, ref stream), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0.0, 1.0)]
    [TestCase(-1.0, 1.0)]
    [TestCase(2.0, 1.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(1.0, double.PositiveInfinity)]
    public void FromP05P95_InvalidArguments_ThrowArgumentOutOfRange(double p05, double p95)
    {
        Assert.That(() => LogNormalSampler.FromP05P95(p05, p95), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
