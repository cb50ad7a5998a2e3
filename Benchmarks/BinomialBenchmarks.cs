using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// Our exact binomial sampler against Math.NET's at n = 10, 10^3 and 10^6 (p = 0.3). Math.NET sums n
/// Bernoulli trials, so its time grows with n; ours inverts one uniform (n·p &lt; 10) or runs BTRD,
/// whose expected time does not depend on n.
/// </summary>
[MemoryDiagnoser]
public class BinomialBenchmarks
{
    private const double P = 0.3;

    private EventStream _stream;
    private Xoshiro256StarStar _random = null!;

    /// <summary>Number of Bernoulli trials.</summary>
    [Params(10, 1_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = new EventStream(SplitMix64.Mix(BenchmarkInputs.Seed, (ulong)N));

        // Not thread-safe: Math.NET's default wraps every draw in a lock, which would flatter us.
        _random = new Xoshiro256StarStar(1, threadSafe: false);
    }

    [Benchmark(Baseline = true)]
    public int MathNet() => Binomial.Sample(_random, P, N);

    [Benchmark]
    public long Ours() => BinomialSampler.Sample(N, P, ref _stream);
}
