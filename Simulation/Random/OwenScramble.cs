namespace ExportFlow.Simulation.Random;

/// <summary>
/// Owen's nested uniform scrambling in base 2, hash-based (in the spirit of Burley 2020, "Practical hash-based
/// Owen scrambling", but exact: one keyed hash per node of the binary tree rather than a Laine–Karras
/// approximation). Digit k of the point (from the most significant) is flipped by a keyed random bit that
/// depends on the key and on the k digits above it, so each subtree is permuted independently. Below the 32
/// digits of a point, the scrambled digits are again keyed random bits of the point's 32-digit cell, which is
/// what infinitely deep nested scrambling gives for points that differ in their first 32 digits.
/// </summary>
/// <remarks>
/// Properties used by the sampler: a scrambled (t, m, s)-net is again a (t, m, s)-net (each elementary interval
/// maps onto an elementary interval of the same shape), and for a random key every scrambled point is uniform on
/// (0, 1). Pure functions of their arguments; nothing allocates.
/// </remarks>
internal static class OwenScramble
{
    private const double GridStep = 1.0 / (1UL << 52);

    /// <summary>The scrambled 32 leading digits of <paramref name="x"/> under <paramref name="key"/>.</summary>
    /// <param name="x">A point as a 32-bit fraction.</param>
    /// <param name="key">The scramble's key (one per dimension).</param>
    public static uint Scramble(uint x, ulong key)
    {
        uint flips = 0;
        for (int k = 0; k < 32; k++)
        {
            // The node of the tree above digit k: the k leading digits behind a marker bit.
            ulong node = ((ulong)x >> (32 - k)) | (1UL << k);
            ulong h = SplitMix64.Finalize(unchecked(key + (node * SplitMix64.GoldenGamma)));
            flips |= (uint)(h >> 63) << (31 - k);
        }

        return x ^ flips;
    }

    /// <summary>
    /// The scrambled point as a uniform strictly inside (0, 1): the 32 scrambled digits, then 20 keyed random
    /// digits of the point's cell, as the midpoint of one of 2^52 equal cells (the grid of <see cref="EventStream"/>).
    /// </summary>
    public static double Uniform(uint x, ulong key)
    {
        uint y = Scramble(x, key);
        ulong low = SplitMix64.Finalize(unchecked(key ^ (((ulong)x << 1 | 1) * 0xD6E8FEB86659FD93UL))) >> 44;
        return ((long)(((ulong)y << 20) | low) + 0.5) * GridStep;
    }
}
