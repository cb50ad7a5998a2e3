using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using static ExportFlow.Simulation.Tests.Random.QuantileAccuracy;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>
/// F⁻¹ of keyed uniforms against v1's samplers (<see cref="Distribution.Sample"/>): a two-sample
/// Kolmogorov–Smirnov test at α = 0.001, 100,000 draws on each side, fixed seeds.
/// </summary>
public class InverseCdfSamplerAgreementTests
{
    private const int Draws = 100_000;

    // Two-sample critical value c(α)·√((n + m)/(n·m)) with c(0.001) = √(ln(2/α)/2) = 1.9495.
    private static readonly double Critical = SampleStats.KolmogorovCritical * Math.Sqrt(2.0 / Draws);

    [TestCase(DistributionKind.Uniform, 1000.0, 5000.0, 0.0, 0.0)]
    [TestCase(DistributionKind.Triangular, 0.0, 0.3, 1.0, 0.0)]
    [TestCase(DistributionKind.Pert, 0.01, 0.04, 0.12, 0.0)]
    [TestCase(DistributionKind.Pert, 5.0, 5.0, 9.0, 0.0)]
    [TestCase(DistributionKind.Normal, 100.0, 15.0, double.NegativeInfinity, double.PositiveInfinity)]
    [TestCase(DistributionKind.Normal, 0.15, 0.05, 0.0, 1.0)]
    [TestCase(DistributionKind.Normal, 0.0, 1.0, 2.0, 4.0)]
    [TestCase(DistributionKind.LogNormal, 9.6, 0.6, 0.0, 0.0)]
    [TestCase(DistributionKind.Beta, 2.0, 5.0, 0.0, 1.0)]
    [TestCase(DistributionKind.Beta, 0.3, 0.7, 10.0, 20.0)]
    [TestCase(DistributionKind.Gamma, 2.5, 1000.0, 0.0, 0.0)]
    [TestCase(DistributionKind.Gamma, 0.3, 2.0, 0.0, 0.0)]
    [TestCase(DistributionKind.Gamma, 300.0, 0.5, 0.0, 0.0)]
    public void Of_KeyedUniforms_HaveTheDistributionOfV1Sampler(DistributionKind kind, double a, double b, double c, double d)
    {
        Distribution distribution = Make(kind, a, b, c, d);
        double[] inverse = SampleStats.Draw(2026, Draws, (ref EventStream s) => InverseCdf.Of(distribution, s.NextUniform()));
        double[] sampled = SampleStats.Draw(4052, Draws, (ref EventStream s) => distribution.Sample(ref s));
        double statistic = TwoSampleStatistic(inverse, sampled);
        TestContext.Out.WriteLine($"{distribution}: D = {statistic:F5}, critical {Critical:F5}");
        Assert.That(statistic, Is.LessThan(Critical));
    }

    [Test]
    public void Of_ShapeOffByTenPercent_FailsTheSameTest()
    {
        // The test's power: beta(2.2, 5) by inversion against v1's beta(2, 5) must be rejected.
        Distribution sampledFrom = Make(DistributionKind.Beta, 2.0, 5.0, 0.0, 1.0);
        Distribution other = Make(DistributionKind.Beta, 2.2, 5.0, 0.0, 1.0);
        double[] inverse = SampleStats.Draw(2026, Draws, (ref EventStream s) => InverseCdf.Of(other, s.NextUniform()));
        double[] sampled = SampleStats.Draw(4052, Draws, (ref EventStream s) => sampledFrom.Sample(ref s));
        Assert.That(TwoSampleStatistic(inverse, sampled), Is.GreaterThan(Critical));
    }

    /// <summary>sup |F_n(x) − G_m(x)| over the pooled sample.</summary>
    private static double TwoSampleStatistic(double[] first, double[] second)
    {
        double[] x = (double[])first.Clone();
        double[] y = (double[])second.Clone();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0;
        int j = 0;
        double worst = 0.0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            worst = Math.Max(worst, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return worst;
    }
}
