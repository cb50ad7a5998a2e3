using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// One inverse CDF (value = F⁻¹(u)) per call for each kind, plus the hard cases of the iterative kinds
/// (tiny and huge gamma shapes, extreme beta shapes, a truncated normal far in one tail) and two CDFs.
/// The probabilities cycle through 1024 keyed uniforms, so every call solves a different problem.
/// </summary>
[MemoryDiagnoser]
public class InverseCdfBenchmarks
{
    private readonly double[] _u = new double[1024];
    private int _next;

    private Distribution _uniform = null!;
    private Distribution _triangular = null!;
    private Distribution _pert = null!;
    private Distribution _normal = null!;
    private Distribution _truncatedNormal = null!;
    private Distribution _farTruncatedNormal = null!;
    private Distribution _logNormal = null!;
    private Distribution _beta = null!;
    private Distribution _betaExtreme = null!;
    private Distribution _gamma = null!;
    private Distribution _gammaTinyShape = null!;
    private Distribution _gammaHugeShape = null!;

    [GlobalSetup]
    public void Setup()
    {
        var stream = new EventStream(SplitMix64.Mix(BenchmarkInputs.Seed, 7));
        for (int i = 0; i < _u.Length; i++)
        {
            _u[i] = stream.NextUniform();
        }

        _uniform = Make(DistributionKind.Uniform, 1000, 5000);
        _triangular = Make(DistributionKind.Triangular, 0.0, 0.3, 1.0);
        _pert = Make(DistributionKind.Pert, 0.01, 0.04, 0.12);
        _normal = Make(DistributionKind.Normal, 100, 15, double.NegativeInfinity, double.PositiveInfinity);
        _truncatedNormal = Make(DistributionKind.Normal, 0.15, 0.05, 0, 1);
        _farTruncatedNormal = Make(DistributionKind.Normal, 0, 1, 8, 9);
        (double mu, double sigma) = LogNormalSampler.FromP05P95(8000, 60000);
        _logNormal = Make(DistributionKind.LogNormal, mu, sigma);
        _beta = Make(DistributionKind.Beta, 2, 5, 0, 1);
        _betaExtreme = Make(DistributionKind.Beta, 0.1, 500, 0, 1);
        _gamma = Make(DistributionKind.Gamma, 2.5, 1000);
        _gammaTinyShape = Make(DistributionKind.Gamma, 0.05, 1000);
        _gammaHugeShape = Make(DistributionKind.Gamma, 1e4, 1);
    }

    [Benchmark(Baseline = true)]
    public double Uniform() => InverseCdf.Of(_uniform, NextU());

    [Benchmark]
    public double Triangular() => InverseCdf.Of(_triangular, NextU());

    [Benchmark]
    public double Pert() => InverseCdf.Of(_pert, NextU());

    [Benchmark]
    public double Normal() => InverseCdf.Of(_normal, NextU());

    [Benchmark]
    public double TruncatedNormal() => InverseCdf.Of(_truncatedNormal, NextU());

    [Benchmark]
    public double TruncatedNormalFarTail() => InverseCdf.Of(_farTruncatedNormal, NextU());

    [Benchmark]
    public double LogNormal() => InverseCdf.Of(_logNormal, NextU());

    [Benchmark]
    public double Beta() => InverseCdf.Of(_beta, NextU());

    [Benchmark]
    public double BetaShapes01And500() => InverseCdf.Of(_betaExtreme, NextU());

    [Benchmark]
    public double Gamma() => InverseCdf.Of(_gamma, NextU());

    [Benchmark]
    public double GammaShape005() => InverseCdf.Of(_gammaTinyShape, NextU());

    [Benchmark]
    public double GammaShape1e4() => InverseCdf.Of(_gammaHugeShape, NextU());

    [Benchmark]
    public double GammaCdf() => Cdf.Of(_gamma, 2500.0 * 2.0 * NextU());

    [Benchmark]
    public double BetaCdf() => Cdf.Of(_beta, NextU());

    private double NextU() => _u[_next++ & 1023];

    private static Distribution Make(DistributionKind kind, double a, double b, double c = 0.0, double d = 0.0)
        => new(kind, a, b, c, d, kind.ToString());
}
