using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// One draw of each parameter sampler, with the argument checks the engine's <c>Distribution.Sample</c>
/// also pays. The baseline is one bare uniform; <c>KeyedStream</c> adds deriving an event's key, which
/// the engine does once per random event.
/// </summary>
[MemoryDiagnoser]
public class DistributionBenchmarks
{
    private EventStream _stream;
    private ulong _trialKey;
    private int _period;
    private double _mu;
    private double _sigma;

    [GlobalSetup]
    public void Setup()
    {
        _stream = new EventStream(SplitMix64.Mix(BenchmarkInputs.Seed, 2));
        _trialKey = StreamKeys.TrialKey(BenchmarkInputs.Seed, 0);
        (_mu, _sigma) = LogNormalSampler.FromP05P95(8000, 60000);
    }

    [Benchmark(Baseline = true)]
    public double BareUniform() => _stream.NextUniform();

    [Benchmark]
    public double KeyedStream()
    {
        var stream = new EventStream(StreamKeys.EventKey(_trialKey, 0x0123456789ABCDEFUL, _period++));
        return stream.NextUniform();
    }

    [Benchmark]
    public double Uniform() => UniformSampler.Sample(1000, 5000, ref _stream);

    [Benchmark]
    public double Triangular() => TriangularSampler.Sample(0.0, 0.3, 1.0, ref _stream);

    [Benchmark]
    public double Pert() => PertSampler.Sample(0.01, 0.04, 0.12, ref _stream);

    [Benchmark]
    public double Normal() => NormalSampler.Sample(100, 15, ref _stream);

    [Benchmark]
    public double TruncatedNormal() => NormalSampler.SampleTruncated(0.15, 0.05, 0, 1, ref _stream);

    [Benchmark]
    public double LogNormal() => LogNormalSampler.Sample(_mu, _sigma, ref _stream);

    [Benchmark]
    public double Gamma() => GammaSampler.Sample(2.5, 1000, ref _stream);

    [Benchmark]
    public double GammaShapeBelowOne() => GammaSampler.Sample(0.5, 1000, ref _stream);

    [Benchmark]
    public double Beta() => BetaSampler.Sample(2, 5, ref _stream);
}
