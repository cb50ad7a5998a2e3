using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// The uniforms of a plan's input draws under <see cref="SamplingMethod.Sobol"/> or <see cref="SamplingMethod.Lhs"/>:
/// a pure function of (trial index, dimension), so any thread count and any block order give the same numbers.
/// Dimensions come from <see cref="InputDimensions"/>. Sobol: point index = trial index, Owen-scrambled with a key
/// per dimension derived from the seed; dimensions beyond <see cref="SobolSequence.MaxDimensions"/> are not
/// served (<see cref="Dimension"/> returns −1) and the draw keeps its keyed pseudo-random stream. LHS: trial i
/// falls in stratum π_j(i) of dimension j, π_j a keyed permutation of [0, N), at a keyed uniform position in it.
/// </summary>
internal sealed class InputPoints
{
    // Salts that separate the keys of the two methods from each other and from the event keys.
    private const ulong SobolSalt = 0x50B0_1D5C_4A3B_1E55UL;
    private const ulong LhsSalt = 0x1A7E_5C0F_2B9D_4C11UL;

    private readonly int[] _first;
    private readonly bool[] _perPeriod;
    private readonly ulong[] _keys;
    private readonly long _trials;
    private readonly int _served;

    /// <param name="method">Sobol or LHS.</param>
    /// <param name="seed">The run seed.</param>
    /// <param name="trials">Total trials N (the LHS strata are 1/N wide).</param>
    /// <param name="first">Per draw, its first dimension (−1: none).</param>
    /// <param name="perPeriod">Per draw, whether it is drawn per period.</param>
    /// <param name="count">Dimensions the plan uses.</param>
    public InputPoints(SamplingMethod method, ulong seed, long trials, int[] first, bool[] perPeriod, int count)
    {
        if (method == SamplingMethod.Random)
        {
            throw new ArgumentOutOfRangeException(nameof(method), "random sampling has no input points");
        }

        if (method == SamplingMethod.Sobol && trials > 1L << 32)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), $"Sobol sampling serves at most 2^32 trials, not {trials}");
        }

        Method = method;
        _first = first;
        _perPeriod = perPeriod;
        _trials = trials;
        DimensionCount = count;
        _served = method == SamplingMethod.Sobol ? Math.Min(count, SobolSequence.MaxDimensions) : count;
        ulong root = SplitMix64.Mix(seed, method == SamplingMethod.Sobol ? SobolSalt : LhsSalt);
        _keys = new ulong[_served];
        for (int j = 0; j < _keys.Length; j++)
        {
            _keys[j] = SplitMix64.Mix(root, (ulong)j);
        }
    }

    /// <summary>The sampling method.</summary>
    public SamplingMethod Method { get; }

    /// <summary>Dimensions the plan's draws use.</summary>
    public int DimensionCount { get; }

    /// <summary>Dimensions served by the method (Sobol: at most <see cref="SobolSequence.MaxDimensions"/>); the rest stay pseudo-random.</summary>
    public int ServedCount => _served;

    /// <summary>The dimension of draw <paramref name="draw"/> in <paramref name="period"/> (0: per trial), or −1 when it keeps its pseudo-random stream.</summary>
    public int Dimension(int draw, int period)
    {
        int j = _first[draw];
        if (j < 0)
        {
            return -1;
        }

        if (_perPeriod[draw] && period > 0)
        {
            j += period - 1;
        }

        return j < _served ? j : -1;
    }

    /// <summary>The uniform of <paramref name="trial"/> in <paramref name="dimension"/>, strictly inside (0, 1).</summary>
    public double Uniform(long trial, int dimension)
    {
        ulong key = _keys[dimension];
        if (Method == SamplingMethod.Sobol)
        {
            return OwenScramble.Uniform(SobolSequence.Point((uint)trial, dimension), key);
        }

        long stratum = KeyedPermutation.Permute(trial, _trials, key);
        double v = EventStream.FirstUniform(SplitMix64.Mix(key, (ulong)trial));
        double u = (stratum + v) / _trials;
        return u < 1.0 ? u : Math.BitDecrement(1.0);
    }

    /// <summary>The input points of every plan of a run (null for random sampling), laid out on <paramref name="reference"/>'s slots (default: the first plan).</summary>
    public static InputPoints?[] For(IReadOnlyList<FlowPlan> plans, RunOptions options, FlowPlan? reference = null)
    {
        var points = new InputPoints?[plans.Count];
        if (options.Sampling == SamplingMethod.Random)
        {
            return points;
        }

        reference ??= plans[0];
        for (int j = 0; j < plans.Count; j++)
        {
            (int[] first, int count) = InputDimensions.Assign(plans[j], reference);
            points[j] = new InputPoints(options.Sampling, options.Seed, options.Trials, first, plans[j].DrawPerPeriod, count);
        }

        return points;
    }
}
