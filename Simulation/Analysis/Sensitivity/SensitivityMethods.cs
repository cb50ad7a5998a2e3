using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// The three methods of docs/sensitivity.md run on the engine through <see cref="SensitivityEvaluator"/>: rank
/// correlation on an ordinary run, swings with common random numbers, Sobol indices on a Saltelli design whose
/// rows differ only in the inputs' trial prefixes.
/// </summary>
internal static class SensitivityMethods
{
    /// <summary>XORed into the seed to key matrix B's inputs in a Sobol design.</summary>
    public const ulong SobolBSeedMask = 0x5EB0_1B0B_5A17_E11EUL;

    /// <summary>Bootstrap replicates behind the Sobol intervals.</summary>
    public const int SobolReplicates = 1000;

    /// <summary>Spearman ρ of each input with the outcome over trials 0 … n − 1 of an ordinary run (trial i = trial i of <c>run</c>).</summary>
    public static SensitivityRow[] Rank(SensitivityEvaluator evaluator, SensitivityInput[] inputs, int n, ulong seed, CancellationToken cancellation)
    {
        var values = new double[n, inputs.Length];
        double[] y = evaluator.Run(n, t => StreamKeys.TrialKey(seed, t), null, values, cancellation);
        RankCorrelationResult[] results = RankCorrelation.OfColumns(values, y);
        return [.. results.Select(r => new SensitivityRow("rank", inputs[r.Input].Name, r.Rho, r.Low, r.High, "Fisher z"))];
    }

    /// <summary>
    /// The mean swing of each input from its 10th to its 90th percentile: for input i, trials 0 … n − 1 with the input
    /// fixed at q10, then at q90, everything else drawn from the same trial keys; tornado order.
    /// </summary>
    public static SensitivityRow[] Swing(SensitivityEvaluator evaluator, SensitivityInput[] inputs, int n, ulong seed, CancellationToken cancellation)
    {
        int k = inputs.Length;
        double[] q10 = [.. inputs.Select(x => InverseCdf.Of(x.Distribution, 0.1))];
        double[] q90 = [.. inputs.Select(x => InverseCdf.Of(x.Distribution, 0.9))];
        double[] y = evaluator.Run(2L * k * n, e => StreamKeys.TrialKey(seed, e % n), (e, _, _, fixedValues) =>
        {
            long run = e / n;
            int i = (int)(run / 2);
            fixedValues[i] = run % 2 == 0 ? q10[i] : q90[i];
        }, null, cancellation);
        var swings = new List<SwingResult>();
        for (int i = 0; i < k; i++)
        {
            swings.Add(Sensitivity.Swing.Compute(i, y.AsSpan(2 * i * n, n), y.AsSpan(((2 * i) + 1) * n, n)));
        }

        return [.. Sensitivity.Swing.TornadoOrder(swings).Select(s => new SensitivityRow("swing", inputs[s.Input].Name, s.Mean, s.Low, s.High, "paired t",
            $"q10={q10[s.Input]:G6}; q90={q90[s.Input]:G6}"))];
    }

    /// <summary>
    /// Sobol indices of <paramref name="factors"/> on a Saltelli design of <paramref name="n"/> base samples: row a of A
    /// keys every input by trial (seed, a), row a of B by trial (seed XOR <see cref="SobolBSeedMask"/>, a), A_B^(f) takes
    /// every input of factor f from B (a correlation group together); the engine's own noise is keyed by trial (seed, a)
    /// in all k + 2 evaluations of base sample a. The indices come in factor order.
    /// </summary>
    public static SobolResult Sobol(SensitivityEvaluator evaluator, SensitivityFactor[] factors, int n, ulong seed, CancellationToken cancellation)
    {
        int k = factors.Length;
        double[] y = evaluator.Run((long)n * (k + 2), e => StreamKeys.TrialKey(seed, e % n), (e, _, prefixes, _) =>
        {
            long block = e / n;
            if (block == 0)
            {
                return;
            }

            ulong b = SplitMix64.MixPrefix(StreamKeys.TrialKey(seed ^ SobolBSeedMask, e % n));
            if (block == 1)
            {
                Array.Fill(prefixes, b);
            }
            else
            {
                foreach (int i in factors[block - 2].Inputs)
                {
                    prefixes[i] = b;
                }
            }
        }, null, cancellation);
        return SobolIndices.Estimate(n, k, y, SobolReplicates, seed);
    }
}
