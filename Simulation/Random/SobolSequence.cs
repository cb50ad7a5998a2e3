using System.Globalization;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// The Sobol sequence in base 2 with Joe and Kuo's direction numbers (<see cref="JoeKuoDirections"/>): point
/// <c>i</c> of dimension <c>j</c> is the XOR of the direction numbers v_(j,k) over the set bits k of i (the
/// natural order, not Gray code), computed directly from the index so that no state is carried from one point
/// to the next.
/// </summary>
/// <remarks>
/// Dimensions are 0-based here (0 is van der Corput, 1 is Joe–Kuo's dimension 2). Direction numbers have 32
/// bits, so the first 2^32 points are distinct in every dimension. For each m, the first 2^m points are a
/// (t, m, s)-net: in each 1-D projection exactly one point lies in each interval [k/2^m, (k + 1)/2^m).
/// </remarks>
internal static class SobolSequence
{
    /// <summary>Dimensions shipped: van der Corput and Joe–Kuo's dimensions 2 to 256.</summary>
    public const int MaxDimensions = 256;

    /// <summary>Bits of a point (and of the index range): 32.</summary>
    public const int Bits = 32;

    // Direction numbers v[j * 32 + k], k = 0 the most significant.
    private static readonly uint[] Directions = Build();

    /// <summary>The unscrambled point <paramref name="index"/> of <paramref name="dimension"/> as a 32-bit fraction (x / 2^32).</summary>
    /// <param name="index">Point index. Range: all of <see cref="uint"/>.</param>
    /// <param name="dimension">0-based dimension. Range: 0 ≤ dimension &lt; <see cref="MaxDimensions"/>.</param>
    public static uint Point(uint index, int dimension)
    {
        uint x = 0;
        int k = dimension * Bits;
        while (index != 0)
        {
            if ((index & 1) != 0)
            {
                x ^= Directions[k];
            }

            index >>= 1;
            k++;
        }

        return x;
    }

    /// <summary>The unscrambled point as a number in [0, 1): <see cref="Point"/> / 2^32.</summary>
    public static double Value(uint index, int dimension) => Point(index, dimension) * (1.0 / 4294967296.0);

    private static uint[] Build()
    {
        var v = new uint[MaxDimensions * Bits];
        for (int k = 0; k < Bits; k++)
        {
            v[k] = 1u << (Bits - 1 - k);
        }

        string[] lines = JoeKuoDirections.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int j = 1;
        foreach (string line in lines.Skip(1))
        {
            uint[] numbers = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => uint.Parse(t, CultureInfo.InvariantCulture))];
            int s = (int)numbers[1];
            uint a = numbers[2];
            int row = j * Bits;
            for (int k = 0; k < s && k < Bits; k++)
            {
                v[row + k] = numbers[3 + k] << (Bits - 1 - k);
            }

            // Bratley–Fox recurrence: v_k = v_(k−s) ⊕ (v_(k−s) >> s) ⊕ Σ_(i=1..s−1) a_i · v_(k−i).
            for (int k = s; k < Bits; k++)
            {
                uint x = v[row + k - s] ^ (v[row + k - s] >> s);
                for (int i = 1; i < s; i++)
                {
                    if (((a >> (s - 1 - i)) & 1) != 0)
                    {
                        x ^= v[row + k - i];
                    }
                }

                v[row + k] = x;
            }

            j++;
        }

        if (j != MaxDimensions)
        {
            throw new InvalidOperationException($"the Sobol table has {j} dimensions, expected {MaxDimensions}");
        }

        return v;
    }
}
