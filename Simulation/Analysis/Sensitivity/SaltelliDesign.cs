namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// The Saltelli sampling layout: matrices A and B (N rows, k inputs each) and, for each input i,
/// A_B^(i) = A with column i taken from B; N·(k + 2) model evaluations in all.
/// </summary>
/// <remarks>
/// <see cref="Points"/> stacks the blocks in this order, N rows each: A, B, A_B^(0), …, A_B^(k−1).
/// The model's outputs must be given to <see cref="SobolIndices.Estimate(SaltelliDesign, ReadOnlySpan{double}, int, ulong)"/>
/// in the same row order. Rows <c>j</c>, <c>N + j</c> and <c>(2 + i)·N + j</c> belong together
/// (base sample j), and the bootstrap resamples these groups.
/// </remarks>
public sealed class SaltelliDesign
{
    private SaltelliDesign(int baseSamples, int inputs, double[,] points)
    {
        BaseSamples = baseSamples;
        Inputs = inputs;
        Points = points;
    }

    /// <summary>N, the number of base samples (rows of A and of B). Range: ≥ 2.</summary>
    public int BaseSamples { get; }

    /// <summary>k, the number of inputs. Range: ≥ 1.</summary>
    public int Inputs { get; }

    /// <summary>N·(k + 2), the number of model evaluations the design needs.</summary>
    public int EvaluationCount => BaseSamples * (Inputs + 2);

    /// <summary>The evaluation points, <see cref="EvaluationCount"/> rows × k columns, blocks A, B, A_B^(0), …, A_B^(k−1).</summary>
    public double[,] Points { get; }

    /// <summary>Row of <see cref="Points"/> holding A's base sample <paramref name="j"/>.</summary>
    /// <param name="j">Base sample index.</param>
    /// <returns><paramref name="j"/>.</returns>
    public static int RowOfA(int j) => j;

    /// <summary>Row of <see cref="Points"/> holding B's base sample <paramref name="j"/>.</summary>
    /// <param name="j">Base sample index.</param>
    /// <returns>N + <paramref name="j"/>.</returns>
    public int RowOfB(int j) => BaseSamples + j;

    /// <summary>Row of <see cref="Points"/> holding A_B^(i)'s base sample <paramref name="j"/>.</summary>
    /// <param name="i">Input index.</param>
    /// <param name="j">Base sample index.</param>
    /// <returns>(2 + i)·N + <paramref name="j"/>.</returns>
    public int RowOfAB(int i, int j) => ((2 + i) * BaseSamples) + j;

    /// <summary>
    /// Builds the design from a generator of 2k-dimensional base points: point j gives row j of A
    /// (first k coordinates) and of B (last k). With a quasi-random generator, pass the 2k-dimensional
    /// sequence, as Saltelli (2002, 2010) recommends.
    /// </summary>
    /// <param name="baseSamples">N. Range: ≥ 2.</param>
    /// <param name="inputs">k. Range: ≥ 1.</param>
    /// <param name="generator">Fills point j; called once for each j = 0 … N − 1, in order.</param>
    /// <returns>The design.</returns>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 2, k &lt; 1, or N·(k + 2) overflows.</exception>
    public static SaltelliDesign Build(int baseSamples, int inputs, PointGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        SobolIndices.RequireShape(baseSamples, inputs);
        int n = baseSamples, k = inputs;
        var points = new double[n * (k + 2), k];
        Span<double> point = k <= 64 ? stackalloc double[2 * k] : new double[2 * k];
        for (int j = 0; j < n; j++)
        {
            point.Clear();
            generator(j, point);
            for (int c = 0; c < k; c++)
            {
                double a = point[c], b = point[k + c];
                points[j, c] = a;
                points[n + j, c] = b;
                for (int i = 0; i < k; i++)
                {
                    points[((2 + i) * n) + j, c] = c == i ? b : a;
                }
            }
        }

        return new SaltelliDesign(n, k, points);
    }
}
