namespace ExportFlow.Simulation.Random;

/// <summary>
/// A keyed pseudo-random permutation of [0, n) evaluated one index at a time, without O(n) memory: a balanced
/// Feistel network of 6 rounds over the smallest even number of bits 2h with 2^(2h) ≥ n, and cycle walking
/// (apply it again while the value is ≥ n), which restricts a permutation of [0, 2^(2h)) to one of [0, n).
/// Since 2^(2h) &lt; 4n, fewer than 4 passes are needed on average.
/// </summary>
internal static class KeyedPermutation
{
    private const int Rounds = 6;

    /// <summary>The image of <paramref name="index"/> under the permutation of [0, <paramref name="n"/>) keyed by <paramref name="key"/>.</summary>
    /// <param name="index">Range: 0 ≤ index &lt; n.</param>
    /// <param name="n">Size of the domain. Range: 1 ≤ n ≤ 2^62.</param>
    /// <param name="key">The permutation's key.</param>
    public static long Permute(long index, long n, ulong key)
    {
        if (n <= 1)
        {
            return 0;
        }

        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));
        int half = (bits + 1) / 2;
        ulong mask = (1UL << half) - 1;
        ulong x = (ulong)index;
        do
        {
            ulong left = x >> half, right = x & mask;
            for (int r = 0; r < Rounds; r++)
            {
                ulong f = SplitMix64.Finalize(unchecked(key + ((ulong)(r + 1) * 0xA0761D6478BD642FUL) + (right * SplitMix64.GoldenGamma)));
                (left, right) = (right, left ^ (f & mask));
            }

            x = (left << half) | right;
        }
        while (x >= (ulong)n);

        return (long)x;
    }
}
