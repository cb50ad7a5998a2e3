using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Analysis.Sensitivity;

/// <summary>Seeded uniform points and draws for the sensitivity tests (SplitMix64 streams, never System.Random).</summary>
internal static class TestPoints
{
    /// <summary>A point generator giving 2k independent uniforms on (0, 1) for base sample j.</summary>
    public static void Uniforms(ulong seed, int j, Span<double> point)
    {
        var stream = new EventStream(SplitMix64.Mix(seed, unchecked((ulong)j)));
        for (int c = 0; c < point.Length; c++)
        {
            point[c] = stream.NextUniform();
        }
    }

    /// <summary>Uniform number <paramref name="index"/> of the stream keyed by <paramref name="seed"/>.</summary>
    public static double Uniform(ulong seed, int index) => EventStream.FirstUniform(SplitMix64.Mix(seed, unchecked((ulong)index)));

    /// <summary>Evaluates <paramref name="model"/> on every row of a points matrix.</summary>
    public static double[] Evaluate(double[,] points, Func<int, double[], double> model)
    {
        int rows = points.GetLength(0), k = points.GetLength(1);
        var outputs = new double[rows];
        var x = new double[k];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < k; c++)
            {
                x[c] = points[r, c];
            }

            outputs[r] = model(r, x);
        }

        return outputs;
    }
}
