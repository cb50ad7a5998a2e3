namespace ExportFlow.Simulation.Random;

/// <summary>
/// A counter-based stream of 64-bit values and uniforms derived from one event key: value j (from 0) is
/// <c>Finalize(key + (j + 1) * 0x9E3779B97F4A7C15)</c>, the SplitMix64 sequence started at the key.
/// </summary>
/// <remarks>
/// Implementation note: a mutable struct of two words, meant to live in a local and be passed by
/// <c>ref</c>; copying it forks the stream (both copies then give the same values). Nothing allocates.
/// Because every event gets its own key, the number of values one event reads never shifts another
/// event's values.
/// </remarks>
// CA1711: the name is fixed by the engine's contract; this is a stream of uniforms, not a System.IO.Stream.
#pragma warning disable CA1711
public struct EventStream
#pragma warning restore CA1711
{
    // 2^-52: uniforms are midpoints of a grid of 2^52 cells, see ToUniform.
    private const double GridStep = 1.0 / (1UL << 52);

    private readonly ulong _key;
    private ulong _counter;

    /// <summary>Starts the stream of <paramref name="key"/> at value 0.</summary>
    /// <param name="key">An event key, normally from <see cref="StreamKeys.EventKey"/>.</param>
    public EventStream(ulong key)
    {
        _key = key;
        _counter = 0;
    }

    /// <summary>The next 64-bit value of the stream.</summary>
    /// <returns>Any 64-bit value, uniformly distributed.</returns>
    public ulong NextULong()
    {
        _counter = unchecked(_counter + 1);
        return SplitMix64.Finalize(unchecked(_key + (_counter * SplitMix64.GoldenGamma)));
    }

    /// <summary>
    /// The next uniform of the stream. Range: 2^-53 ≤ u ≤ 1 − 2^-53, so strictly inside (0, 1).
    /// </summary>
    /// <returns>A uniform on the open interval (0, 1).</returns>
    public double NextUniform()
    {
        return ToUniform(NextULong());
    }

    /// <summary>The first uniform of the stream of <paramref name="key"/>: <c>new EventStream(key).NextUniform()</c>, without the struct.</summary>
    /// <param name="key">An event key.</param>
    /// <returns>A uniform on the open interval (0, 1).</returns>
    public static double FirstUniform(ulong key)
    {
        return ToUniform(SplitMix64.Finalize(unchecked(key + SplitMix64.GoldenGamma)));
    }

    /// <summary>
    /// Maps a 64-bit word to <c>((x &gt;&gt; 12) + 0.5) * 2^-52</c>, the midpoint of one of 2^52 equal cells.
    /// </summary>
    /// <remarks>
    /// Why 52 bits, not 53: with 53 bits, (k + 0.5) needs 54 significant bits, so for k ≥ 2^52 it is
    /// rounded to even and k = 2^53 − 1 gives exactly 1.0. With 52 bits every value is exact, the
    /// interval is open, and 1 − u is exact and again on the grid, which the p &gt; ½ branch of the
    /// binomial inversion relies on.
    /// </remarks>
    internal static double ToUniform(ulong x)
    {
        // Through long: the value is below 2^52, and a signed conversion is one instruction.
        return ((long)(x >> 12) + 0.5) * GridStep;
    }
}
