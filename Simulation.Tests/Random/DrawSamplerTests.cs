using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>The engine draws parameters through prepared samplers; they must give Distribution.Sample's values bit for bit.</summary>
public class DrawSamplerTests
{
    private static IEnumerable<TestCaseData> Distributions()
    {
        yield return new TestCaseData(new Distribution(DistributionKind.Uniform, 2, 5, 0, 0, "uniform(2, 5)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Triangular, 0, 0.2, 1, 0, "triangular(0, 0.2, 1)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Pert, 0.01, 0.12, 0.6, 0, "pert(0.01, 0.12, 0.6)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Pert, 0, 0, 0.1, 0, "pert(0, 0, 0.1)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Pert, 3, 3, 3, 0, "pert(3, 3, 3)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Normal, 10, 2, double.NegativeInfinity, double.PositiveInfinity, "normal(10, 2)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Normal, 0.1, 0.05, 0, 1, "normal(0.1, 0.05, 0, 1)"));
        yield return new TestCaseData(new Distribution(DistributionKind.LogNormal, 9, 1.4, 0, 0, "lognormal(9, 1.4)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Beta, 0.5, 3, 0, 1, "beta(0.5, 3)"));
        yield return new TestCaseData(new Distribution(DistributionKind.Gamma, 2.5, 100, 0, 0, "gamma(2.5, 100)"));
    }

    [TestCaseSource(nameof(Distributions))]
    public void Sample_ManyStreams_SameValuesAsDistributionSample(Distribution distribution)
    {
        var sampler = new DrawSampler(distribution);
        for (int i = 0; i < 20_000; i++)
        {
            var a = new EventStream(SplitMix64.Mix(7, (ulong)i));
            var b = new EventStream(SplitMix64.Mix(7, (ulong)i));
            Assert.That(sampler.Sample(ref a), Is.EqualTo(distribution.Sample(ref b)), $"stream {i}");
        }
    }
}
