using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// Runs the trials of a sensitivity design in parallel by fixed blocks; every evaluation's result goes to its
/// own index, so the outputs are the same bit for bit on any thread count.
/// </summary>
internal sealed class SensitivityEvaluator
{
    /// <summary>Evaluations per block: the unit of work.</summary>
    public const int BlockSize = 256;

    private readonly IReadOnlyList<FlowPlan> _plans;
    private readonly SensitivityInput[] _inputs;
    private readonly SensitivityOutcome _outcome;
    private readonly int _threads;
    private readonly int[][][] _drawsOf;
    private readonly int[][][] _companionsOf;

    /// <param name="plans">One plan, or baseline and policy for a <c>delta:</c> outcome (then the outcome is policy − baseline).</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outcome">What each evaluation returns.</param>
    /// <param name="threads">Worker threads.</param>
    public SensitivityEvaluator(IReadOnlyList<FlowPlan> plans, SensitivityInput[] inputs, SensitivityOutcome outcome, int threads)
    {
        _plans = plans;
        _inputs = inputs;
        _outcome = outcome;
        _threads = Math.Max(1, threads);
        _drawsOf = [.. plans.Select(p => SensitivityInputs.DrawsOf(p, inputs))];
        _companionsOf = [.. plans.Select(p => SensitivityInputs.CompanionsOf(p, inputs))];
    }

    /// <summary>
    /// Sets up evaluation <c>index</c> of trial key <c>trialKey</c>: may fill, per input, the trial prefix of its
    /// draws (<c>prefixes</c>, pre-filled with the trial's own prefix) and a fixed value (<c>fixedValues</c>,
    /// pre-filled with NaN: drawn).
    /// </summary>
    public delegate void Setup(long index, ulong trialKey, ulong[] prefixes, double[] fixedValues);

    /// <summary>Runs <paramref name="count"/> evaluations.</summary>
    /// <param name="count">Number of evaluations.</param>
    /// <param name="trialKeyOf">The trial key (noise) of each evaluation.</param>
    /// <param name="setup">Per-input prefixes and fixed values of an evaluation; null: the hook stays off (ordinary trials).</param>
    /// <param name="inputValues">When not null (count × inputs), receives each input's value per evaluation (its mean over periods when drawn per period).</param>
    /// <param name="cancellation">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    public double[] Run(long count, Func<long, ulong> trialKeyOf, Setup? setup, double[,]? inputValues, CancellationToken cancellation)
    {
        var outputs = new double[count];
        long blocks = (count + BlockSize - 1) / BlockSize;
        long nextBlock = 0;
        Exception? failure = null;
        long failedAt = long.MaxValue;
        var gate = new object();

        void Work()
        {
            int k = _inputs.Length;
            var states = _plans.Select(p => new TrialState(p)).ToArray();
            var prefixes = new ulong[k];
            var fixedValues = new double[k];
            if (setup is not null)
            {
                for (int j = 0; j < states.Length; j++)
                {
                    states[j].DrawPrefixes = new ulong[_plans[j].Draws.Length];
                    states[j].DrawFixed = new double[_plans[j].Draws.Length];
                }
            }

            if (inputValues is not null)
            {
                states[0].DrawSums = new double[_plans[0].Draws.Length];
            }

            long index = -1;
            try
            {
                while (true)
                {
                    long block = Interlocked.Increment(ref nextBlock) - 1;
                    if (block >= blocks || Volatile.Read(ref failedAt) != long.MaxValue)
                    {
                        return;
                    }

                    cancellation.ThrowIfCancellationRequested();
                    long end = Math.Min(count, (block + 1) * BlockSize);
                    for (index = block * BlockSize; index < end; index++)
                    {
                        ulong key = trialKeyOf(index);
                        if (setup is not null)
                        {
                            ulong own = SplitMix64.MixPrefix(key);
                            Array.Fill(prefixes, own);
                            Array.Fill(fixedValues, double.NaN);
                            setup(index, key, prefixes, fixedValues);
                            for (int j = 0; j < states.Length; j++)
                            {
                                Apply(j, states[j], own, prefixes, fixedValues);
                            }
                        }

                        if (inputValues is not null)
                        {
                            Array.Clear(states[0].DrawSums!);
                        }

                        double y = 0;
                        for (int j = 0; j < states.Length; j++)
                        {
                            TrialRunner.Run(_plans[j], states[j], key);
                            double v = _outcome.Of(states[j]);
                            y = j == 0 ? v : v - y;
                        }

                        if (!double.IsFinite(y))
                        {
                            throw new ArgumentOutOfRangeException(nameof(count), $"the outcome '{_outcome.Text}' is {y} (an overflow)");
                        }

                        outputs[index] = y;
                        if (inputValues is not null)
                        {
                            Record(states[0], inputValues, index);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (gate)
                {
                    if (index < failedAt)
                    {
                        failedAt = index;
                        failure = ex;
                    }
                }
            }
            catch (OperationCanceledException ex)
            {
                lock (gate)
                {
                    failure ??= ex;
                    failedAt = Math.Min(failedAt, long.MaxValue - 1);
                }
            }
        }

        var workers = Enumerable.Range(0, _threads).Select(_ => new Thread(Work) { IsBackground = true }).ToArray();
        foreach (Thread w in workers)
        {
            w.Start();
        }

        foreach (Thread w in workers)
        {
            w.Join();
        }

        if (failure is OperationCanceledException)
        {
            throw new OperationCanceledException("the sensitivity run was interrupted", failure, cancellation);
        }

        if (failure is not null)
        {
            if (FaultLocator.IsInputFault(failure))
            {
                throw new SimulationException($"evaluation {failedAt}: {failure.Message}", failure);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return outputs;
    }

    private void Apply(int plan, TrialState state, ulong own, ulong[] prefixes, double[] fixedValues)
    {
        ulong[] drawPrefixes = state.DrawPrefixes!;
        double[] drawFixed = state.DrawFixed!;
        Array.Fill(drawPrefixes, own);
        Array.Fill(drawFixed, double.NaN);
        int[][] drawsOf = _drawsOf[plan];
        int[][] companionsOf = _companionsOf[plan];
        for (int i = 0; i < drawsOf.Length; i++)
        {
            foreach (int d in drawsOf[i])
            {
                drawPrefixes[d] = prefixes[i];
                drawFixed[d] = fixedValues[i];
            }

            // A group member that is not an input follows the group's prefix, never a fixed value.
            foreach (int d in companionsOf[i])
            {
                drawPrefixes[d] = prefixes[i];
            }
        }
    }

    private void Record(TrialState state, double[,] inputValues, long index)
    {
        int[][] drawsOf = _drawsOf[0];
        for (int i = 0; i < drawsOf.Length; i++)
        {
            if (drawsOf[i].Length == 0)
            {
                inputValues[index, i] = 0;
                continue;
            }

            int d = drawsOf[i][0];
            int times = _plans[0].DrawPerPeriod[d] ? _plans[0].Periods : 1;
            inputValues[index, i] = state.DrawSums![d] / times;
        }
    }
}
