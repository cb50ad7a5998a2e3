using System.Text;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The SplitMix64 finaliser and the key-mixing functions built on it. Every random stream in a run is
/// keyed by values made here, so a change to any of these functions changes every result.
/// </summary>
/// <remarks>
/// Implementation note: <see cref="Finalize"/> is Stafford's "variant 13" 64-bit mixer, the output
/// function of SplitMix64 (Steele, Lea and Flood 2014). It is a bijection on 64-bit words with good
/// avalanche, so mixing a distinct key or counter always gives a distinct, well-scattered result.
/// All arithmetic here wraps modulo 2^64 on purpose (Debug builds check overflow elsewhere).
/// </remarks>
public static class SplitMix64
{
    /// <summary>The SplitMix64 increment, 2^64 divided by the golden ratio (odd).</summary>
    internal const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    // An odd constant unrelated to GoldenGamma, so that Mix(a, ·) never starts from the first
    // output of the EventStream keyed by a.
    private const ulong MixOffset = 0xD1B54A32D192ED03UL;

    private const ulong FnvOffsetBasis = 0xCBF29CE484222325UL;
    private const ulong FnvPrime = 0x00000100000001B3UL;

    /// <summary>
    /// The SplitMix64 finaliser (Stafford's variant 13): a bijective avalanche mix of one 64-bit word.
    /// </summary>
    /// <param name="z">Any 64-bit value. Range: all of <see cref="ulong"/>.</param>
    /// <returns>The mixed value; 0 maps to 0.</returns>
    public static ulong Finalize(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// Combines two keys into one: <c>Finalize(Finalize(a + c) ^ b)</c> with a fixed odd constant c.
    /// Order-sensitive (<c>Mix(a, b) != Mix(b, a)</c> in general) and injective in each argument
    /// when the other is held fixed, so distinct trials, slots or periods never share a key.
    /// </summary>
    /// <param name="a">The parent key. Range: all of <see cref="ulong"/>.</param>
    /// <param name="b">The child index or hash. Range: all of <see cref="ulong"/>.</param>
    /// <returns>The combined key.</returns>
    public static ulong Mix(ulong a, ulong b)
    {
        return Finalize(MixPrefix(a) ^ b);
    }

    /// <summary>The part of <see cref="Mix"/> that depends on <paramref name="a"/> alone:
    /// <c>Mix(a, b) = Finalize(MixPrefix(a) ^ b)</c>, for callers that mix one key with many values.</summary>
    /// <param name="a">The parent key.</param>
    /// <returns><c>Finalize(a + c)</c>.</returns>
    public static ulong MixPrefix(ulong a)
    {
        return Finalize(unchecked(a + MixOffset));
    }

    /// <summary>
    /// A stable 64-bit hash of a slot string: FNV-1a (64-bit) over the string's UTF-8 bytes, then
    /// <see cref="Finalize"/>. Ill-formed UTF-16 (a lone surrogate) is hashed as U+FFFD, as
    /// <see cref="Encoding.UTF8"/> would encode it. Meant for compile time; it does not allocate.
    /// </summary>
    /// <param name="s">The slot string, e.g. <c>lic:e1</c>. Must not be null.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    public static ulong HashString(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Span<byte> buffer = stackalloc byte[4];
        ulong hash = FnvOffsetBasis;
        foreach (Rune rune in s.EnumerateRunes())
        {
            int length = rune.EncodeToUtf8(buffer);
            for (int i = 0; i < length; i++)
            {
                hash = unchecked((hash ^ buffer[i]) * FnvPrime);
            }
        }

        return Finalize(hash);
    }
}
