using System.Diagnostics;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Runs trials in parallel. Trials are cut into fixed blocks whatever the thread count; each worker
/// fills a block accumulator and merges it into the total in block order, so the numbers are bit
/// for bit the same for any number of threads. Every plan of trial i is run from the same trial key
/// before trial i + 1 (common random numbers), and compared with the first plan trial by trial.
/// </summary>
internal static class MonteCarloRunner
{
    /// <summary>Trials per block: the unit of work and of merging.</summary>
    public const int BlockSize = 512;

    /// <summary>Runs <paramref name="plans"/> over the trials of <paramref name="options"/>.</summary>
    public static MonteCarloResult Run(IReadOnlyList<FlowPlan> plans, RunOptions options, Action<long>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Trials, 1);
        InputPoints?[] points = InputPoints.For(plans, options, options.SamplingReference);
        int threads = Math.Max(1, options.Threads);
        long blocks = (options.Trials + BlockSize - 1) / BlockSize;
        var totals = plans.Select(p => new RunAccumulator(p, options.Thresholds)).ToArray();
        var paired = Enumerable.Range(1, Math.Max(0, plans.Count - 1)).Select(_ => NewPaired()).ToArray();
        PeriodAccumulator[]? byPeriod = options.ByPeriod ? [.. plans.Select(p => new PeriodAccumulator(p))] : null;
        var gate = new object();
        var pending = new Dictionary<long, Batch>();
        var pool = new Stack<Batch>();
        long nextBlock = 0, merged = 0, completed = 0, blockLimit = blocks;
        bool stopped = false, stoppedByRule = false;
        var clock = Stopwatch.StartNew();
        if (options.SampleInputDraws is { } inputDraws && (inputDraws.Count != plans.Count || inputDraws.Any(p => p.Length != inputDraws[0].Length)))
        {
            throw new ArgumentException("SampleInputDraws needs one entry per plan, each with the same input columns", nameof(options));
        }

        int sampleWidth = TrialState.OutcomeCount + (options.SampleInputDraws?[0].Length ?? 0);
        Batch NewBatch() => new(
            [.. plans.Select(p => new RunAccumulator(p, options.Thresholds))],
            [.. Enumerable.Range(1, Math.Max(0, plans.Count - 1)).Select(_ => NewPaired())],
            options.SampleSink is null ? null : new double[BlockSize * plans.Count * sampleWidth],
            options.ByPeriod ? [.. plans.Select(p => new PeriodAccumulator(p))] : null);

        // Merges every finished block that is next in order. A worker never waits for a slower
        // one: out-of-order blocks wait in 'pending' (a handful at most) until their turn.
        void MergeReady()
        {
            while (pending.Remove(merged, out Batch? batch))
            {
                stopped |= batch.Aborted;
                if (!stopped)
                {
                    for (int j = 0; j < plans.Count; j++)
                    {
                        totals[j].Merge(batch.Accumulators[j]);
                        byPeriod?[j].Merge(batch.Periods![j]);
                    }

                    for (int j = 0; j < paired.Length; j++)
                    {
                        for (int o = 0; o < TrialState.OutcomeCount; o++)
                        {
                            paired[j][o].Merge(batch.Paired[j][o]);
                        }
                    }

                    if (batch.Samples is not null)
                    {
                        var row = new double[sampleWidth];
                        for (long trial = batch.First; trial < batch.End; trial++)
                        {
                            for (int j = 0; j < plans.Count; j++)
                            {
                                Array.Copy(batch.Samples, (((trial - batch.First) * plans.Count) + j) * sampleWidth, row, 0, row.Length);
                                options.SampleSink!(trial, j, row);
                            }
                        }
                    }

                    completed = batch.End;
                    progress?.Invoke(completed);

                    // The stop rule sees the in-order merged state: blocks after this one are discarded.
                    if (options.AfterMerge is { } afterMerge && afterMerge(completed, totals, paired) && completed < options.Trials)
                    {
                        stopped = stoppedByRule = true;
                        Volatile.Write(ref blockLimit, merged + 1);
                    }
                }

                merged++;
                pool.Push(batch);
            }
        }

        Fault? fault = null;
        long failedTrial = -1;

        // Records the first fault and stops every worker at its next block.
        void Fail(Fault f)
        {
            lock (gate)
            {
                // The earliest trial wins, so the report is the same on any thread count.
                if (fault is null || (f.First >= 0 && (fault.First < 0 || f.First < fault.First)))
                {
                    fault = f;
                }

                // A trial's fault lets the blocks before it merge in order (the stop rule may end the run
                // before the fault, the same way on any thread count); any other fault stops merging.
                stopped |= f.First < 0;
            }

            Interlocked.CompareExchange(ref failedTrial, Math.Max(0, f.First), -1);
        }

        void Worker()
        {
            try
            {
                Work();
            }
            catch (Exception ex)
            {
                // Not from a trial (a sample row that cannot be written, a bug): rethrown as it is.
                Fail(new Fault(ex, -1, -1));
            }
        }

        void Work()
        {
            long currentTrial = -1;
            var states = plans.Select((p, j) => new TrialState(p, options.ByPeriod) { Points = points[j] }).ToArray();
            if (options.Posterior is not null)
            {
                for (int j = 0; j < states.Length; j++)
                {
                    states[j].DrawFixed = Calibration.PosteriorSample.NewFixed(plans[j]);
                }
            }
            bool inputs = SamplesInputs(options, states);
            Batch batch;
            lock (gate)
            {
                batch = pool.Count > 0 ? pool.Pop() : NewBatch();
            }

            while (true)
            {
                long block = Interlocked.Increment(ref nextBlock) - 1;
                if (block >= Volatile.Read(ref blockLimit) || cancellation.IsCancellationRequested || Volatile.Read(ref failedTrial) >= 0)
                {
                    return;
                }

                batch.Reset();
                long first = block * BlockSize, end = Math.Min(options.Trials, first + BlockSize);
                batch.First = first;
                batch.End = end;
                double[]? samples = batch.Samples;
                PeriodAccumulator[]? periods = batch.Periods;
                try
                {
                    for (long trial = first; trial < end; trial++)
                    {
                        if ((trial & 63) == 0 && cancellation.IsCancellationRequested)
                        {
                            batch.Aborted = true;
                            break;
                        }

                        ulong key = StreamKeys.TrialKey(options.Seed, trial);
                        currentTrial = trial;
                        for (int j = 0; j < plans.Count; j++)
                        {
                            if (inputs)
                            {
                                Array.Clear(states[j].DrawSums!);
                            }

                            states[j].Trial = trial;
                            options.Posterior?.Apply(trial, j, states[j].DrawFixed!);
                            TrialRunner.Run(plans[j], states[j], key);
                            AddChecked(batch.Accumulators[j], states[j], plans[j], trial, ref failedTrial);
                            periods?[j].Add(states[j]);
                            if (samples is not null)
                            {
                                long at = (((trial - first) * plans.Count) + j) * sampleWidth;
                                Array.Copy(states[j].Outcomes, 0, samples, at, TrialState.OutcomeCount);
                                if (inputs)
                                {
                                    RecordInputs(plans[j], states[j], options.SampleInputDraws![j], samples.AsSpan((int)at + TrialState.OutcomeCount, sampleWidth - TrialState.OutcomeCount));
                                }
                            }
                        }

                        for (int j = 1; j < plans.Count; j++)
                        {
                            for (int o = 0; o < TrialState.OutcomeCount; o++)
                            {
                                batch.Paired[j - 1][o].Add(states[0].Outcomes[o], states[j].Outcomes[o]);
                            }
                        }
                    }
                }
                catch (Exception ex) when (FaultLocator.IsInputFault(ex))
                {
                    // Extreme inputs: an outcome that is not finite, an overflow in a count, a draw's argument.
                    Fail(new Fault(ex, currentTrial, currentTrial + 1));
                    return;
                }

                // Flush outside the lock, so that workers summarise their blocks in parallel.
                try
                {
                    foreach (RunAccumulator a in batch.Accumulators)
                    {
                        a.Flush();
                    }

                    foreach (PeriodAccumulator a in periods ?? [])
                    {
                        a.Flush();
                    }
                }
                catch (Exception ex) when (FaultLocator.IsInputFault(ex))
                {
                    // A breakdown that is not finite: the replay finds the trial of the block it came from.
                    Fail(new Fault(ex, first, end));
                    return;
                }

                lock (gate)
                {
                    pending[block] = batch;
                    MergeReady();
                    batch = pool.Count > 0 ? pool.Pop() : NewBatch();
                }
            }
        }

        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(Worker) { IsBackground = true }).ToArray();
        foreach (Thread w in workers)
        {
            w.Start();
        }

        foreach (Thread w in workers)
        {
            w.Join();
        }

        // A fault in a block after the one where the stop rule ended the run belongs to trials not in the result.
        if (fault is not null && (fault.First < 0 || !stoppedByRule || fault.First < completed))
        {
            if (fault.First < 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault.Error);
            }

            throw FaultLocator.Locate(plans, options.Seed, fault.First, fault.End, fault.Error);
        }

        clock.Stop();
        RunOptions ran = stoppedByRule ? options with { Trials = completed } : options;
        var result = new MonteCarloResult(plans, totals, paired, completed, completed < ran.Trials, clock.Elapsed, threads, ran) { ByPeriod = byPeriod };
        TotalsCheck.ThrowIfNotFinite(result);
        return result;
    }

    /// <summary>Turns the engine's draw sums on when the samples carry input values (they only add up draws).</summary>
    private static bool SamplesInputs(RunOptions options, TrialState[] states)
    {
        if (options.SampleSink is null || options.SampleInputDraws is null)
        {
            return false;
        }

        foreach (TrialState state in states)
        {
            state.DrawSums = new double[state.DrawValues.Length];
        }

        return true;
    }

    /// <summary>Each input's value in the trial just run: its draw, or the mean over the periods of a per-period draw.</summary>
    private static void RecordInputs(FlowPlan plan, TrialState state, int[][] drawsOf, Span<double> values)
    {
        for (int i = 0; i < drawsOf.Length; i++)
        {
            if (drawsOf[i].Length == 0)
            {
                values[i] = double.NaN;
                continue;
            }

            int d = drawsOf[i][0];
            values[i] = state.DrawSums![d] / (plan.DrawPerPeriod[d] ? plan.Periods : 1);
        }
    }

    private static void AddChecked(RunAccumulator accumulator, TrialState state, FlowPlan plan, long trial, ref long failedTrial)
    {
        for (int o = 0; o < state.Outcomes.Length; o++)
        {
            if (!double.IsFinite(state.Outcomes[o]))
            {
                Interlocked.CompareExchange(ref failedTrial, trial, -1);
                throw new ArgumentOutOfRangeException(nameof(state),
                    $"trial {trial} of '{plan.PolicyName}': {(Outcome)o} is {state.Outcomes[o]} (an overflow); the scenario's quantities are too large to add up — check for huge literals or distributions with enormous tails");
            }
        }

        accumulator.Add(state);
    }

    /// <summary>Runs one trial of one plan and records it period by period.</summary>
    public static (TrialState State, TrialTrace Trace) Replay(FlowPlan plan, ulong seed, long trial)
    {
        var state = new TrialState(plan);
        var trace = new TrialTrace();
        try
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(seed, trial), trace);
        }
        catch (Exception ex) when (FaultLocator.IsInputFault(ex))
        {
            throw new SimulationException(FaultLocator.Describe(plan, seed, trial), ex);
        }

        return (state, trace);
    }

    /// <summary>The first fault of a run: the error and the trials it came from (First = -1: not from a trial).</summary>
    private sealed record Fault(Exception Error, long First, long End);

    /// <summary>The accumulators of one block of trials, reused from block to block.</summary>
    private sealed class Batch(RunAccumulator[] accumulators, PairedAccumulator[][] paired, double[]? samples, PeriodAccumulator[]? periods)
    {
        public PeriodAccumulator[]? Periods { get; } = periods;
        public RunAccumulator[] Accumulators { get; } = accumulators;
        public PairedAccumulator[][] Paired { get; } = paired;
        public double[]? Samples { get; } = samples;
        public long First { get; set; }
        public long End { get; set; }
        public bool Aborted { get; set; }

        public void Reset()
        {
            foreach (RunAccumulator a in Accumulators)
            {
                a.Reset();
            }

            foreach (PeriodAccumulator a in Periods ?? [])
            {
                a.Reset();
            }

            foreach (PairedAccumulator[] set in Paired)
            {
                foreach (PairedAccumulator a in set)
                {
                    a.Reset();
                }
            }

            Aborted = false;
        }
    }

    private static PairedAccumulator[] NewPaired() => [.. Enumerable.Range(0, TrialState.OutcomeCount).Select(_ => new PairedAccumulator())];
}
