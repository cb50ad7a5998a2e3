using System.Runtime.ExceptionServices;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// Sequential Monte Carlo with adaptive tempering (Del Moral, Doucet and Jasra 2012) over independent standard
/// normal scores: N particles from the prior; each step raises the likelihood's exponent γ by the largest amount
/// that keeps the effective sample size at least <see cref="SmcOptions.EssFraction"/> of the particles that can
/// still carry weight (bisection), reweights, resamples systematically, and moves every particle with
/// Metropolis–Hastings steps: a Gaussian random walk with the particles' covariance scaled by 2.38²/d, a fresh
/// noise key for the model's intrinsic randomness (pseudo-marginal), accepted by the tempered likelihood times
/// the prior ratio. It stops at γ = 1, where the particles are equally weighted draws from the posterior.
/// </summary>
/// <remarks>
/// Every random number is keyed by the seed, the step, the sweep and the particle, and reductions (ESS,
/// covariance, acceptance) run in particle order on one thread, so the result is bit for bit the same for any
/// number of threads.
/// </remarks>
internal static class TemperedSmc
{
    private const ulong InitialTag = 0x5EED_1A17UL;
    private const ulong NoiseTag = 0x0015E_0000UL;
    private const ulong ResampleTag = 0x2E5A_4D1EUL;
    private const ulong ProposalTag = 0x9209_05A1UL;
    private const ulong AcceptTag = 0xACCE_97EDUL;

    /// <summary>Calibrates <paramref name="model"/>.</summary>
    /// <param name="model">The model and its evidence.</param>
    /// <param name="options">Particles, seed, threads and the sampler's tuning.</param>
    /// <param name="stepDone">Called after each step (for a progress display), or null.</param>
    /// <param name="cancellation">Stops the sampler at the next particle; it then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The posterior particles.</returns>
    /// <exception cref="CalibrationException">No prior particle gives the evidence a positive likelihood, or γ = 1 is not reached within <see cref="SmcOptions.MaxSteps"/>.</exception>
    public static SmcResult Run(ICalibrationModel model, SmcOptions options, Action<SmcStep>? stepDone = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Particles, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.Dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinMoves, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMoves, options.MinMoves);
        if (!(options.EssFraction is > 0 and < 1) || !(options.StuckProbability is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "EssFraction and StuckProbability must lie in (0, 1)");
        }

        int n = options.Particles, d = model.Dimension, m = model.OutcomeCount;
        int threads = Math.Max(1, Math.Min(options.Threads, n));
        ulong seed = options.Seed;
        var workers = new ICalibrationWorker[threads];
        for (int w = 0; w < threads; w++)
        {
            workers[w] = model.CreateWorker();
        }

        var state = new Particles(n, d, m);
        var spare = new Particles(n, d, m);
        var proposal = new Particles(n, d, m);
        var accepted = new bool[n];

        var total = System.Diagnostics.Stopwatch.StartNew();
        var engine = new System.Diagnostics.Stopwatch();
        engine.Start();
        ForEach(threads, n, (w, i) =>
        {
            var stream = new EventStream(Key(seed, InitialTag, 0, 0, i));
            Span<double> z = state.ScoresOf(i);
            for (int j = 0; j < d; j++)
            {
                z[j] = StandardNormal.InverseCdf(stream.NextUniform());
            }

            state.Noise[i] = Key(seed, NoiseTag, 0, 0, i);
            state.LogL[i] = Checked(workers[w].Evaluate(z, state.Noise[i], state.OutcomesOf(i)));
        }, cancellation);
        engine.Stop();

        double[] priorScores = (double[])state.Scores.Clone(), priorOutcomes = (double[])state.Outcomes.Clone();
        long evaluations = n;
        double gamma = 0;
        var steps = new List<SmcStep>();
        var weights = new double[n];
        var cholesky = new double[d * d];
        while (gamma < 1)
        {
            if (steps.Count >= options.MaxSteps)
            {
                throw new CalibrationException($"the sampler did not reach the posterior (γ = {gamma:G4}) in {options.MaxSteps} tempering steps; the evidence is very far from the prior — check the observations' values and units, or widen their errors");
            }

            int alive = 0;
            double maxL = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                if (!double.IsNegativeInfinity(state.LogL[i]))
                {
                    alive++;
                    maxL = Math.Max(maxL, state.LogL[i]);
                }
            }

            if (alive == 0)
            {
                throw new CalibrationException(steps.Count == 0
                    ? "no prior draw is consistent with the evidence: in every particle some observation has likelihood 0 (an outcome of 0 under a lognormal error, for example); check the observations against the scenario"
                    : "every particle lost the evidence's support while moving; this should not happen — please report it with the scenario and evidence files");
            }

            double target = options.EssFraction * alive;
            double next = Ess(state.LogL, maxL, 1 - gamma, weights) >= target ? 1 : Bisect(state.LogL, maxL, gamma, target, weights);
            double ess = Ess(state.LogL, maxL, next - gamma, weights);
            Resample(weights, Uniform(Key(seed, ResampleTag, steps.Count + 1, 0, 0)), state, spare);
            (state, spare) = (spare, state);
            gamma = next;

            ProposalCholesky(state, cholesky);
            long acceptedCount = 0;
            int sweeps = 0;
            int step = steps.Count + 1;
            double g = gamma;
            while (true)
            {
                sweeps++;
                int sweep = sweeps;
                Particles current = state;
                engine.Start();
                ForEach(threads, n, (w, i) =>
                {
                    var stream = new EventStream(Key(seed, ProposalTag, step, sweep, i));
                    Span<double> xi = stackalloc double[d];
                    for (int j = 0; j < d; j++)
                    {
                        xi[j] = StandardNormal.InverseCdf(stream.NextUniform());
                    }

                    ReadOnlySpan<double> z = current.ScoresOf(i);
                    Span<double> y = proposal.ScoresOf(i);
                    double priorRatio = 0;
                    for (int r = 0; r < d; r++)
                    {
                        double v = z[r];
                        for (int c = 0; c <= r; c++)
                        {
                            v += cholesky[(r * d) + c] * xi[c];
                        }

                        y[r] = v;
                        priorRatio -= 0.5 * ((v * v) - (z[r] * z[r]));
                    }

                    ulong noise = Key(seed, NoiseTag, step, sweep, i);
                    double logL = Checked(workers[w].Evaluate(y, noise, proposal.OutcomesOf(i)));
                    double logAlpha = double.IsNegativeInfinity(logL) ? double.NegativeInfinity : (g * (logL - current.LogL[i])) + priorRatio;
                    accepted[i] = Math.Log(Uniform(Key(seed, AcceptTag, step, sweep, i))) < logAlpha;
                    if (accepted[i])
                    {
                        y.CopyTo(current.ScoresOf(i));
                        proposal.OutcomesOf(i).CopyTo(current.OutcomesOf(i));
                        current.LogL[i] = logL;
                        current.Noise[i] = noise;
                    }
                }, cancellation);
                engine.Stop();

                evaluations += n;
                for (int i = 0; i < n; i++)
                {
                    acceptedCount += accepted[i] ? 1 : 0;
                }

                double rate = (double)acceptedCount / ((long)sweeps * n);
                if (sweeps >= options.MaxMoves || (sweeps >= options.MinMoves && Math.Pow(1 - rate, sweeps) <= options.StuckProbability))
                {
                    break;
                }
            }

            var done = new SmcStep(gamma, ess, (double)acceptedCount / ((long)sweeps * n), sweeps);
            steps.Add(done);
            stepDone?.Invoke(done);
        }

        total.Stop();
        return new SmcResult(d, state.Scores, m, state.Outcomes, state.LogL, state.Noise, steps, evaluations, priorScores, priorOutcomes)
        {
            Elapsed = total.Elapsed,
            ModelElapsed = engine.Elapsed,
        };
    }

    /// <summary>The effective sample size of weights exp(δ·(logL − max)), which it also writes to <paramref name="weights"/> (not normalised).</summary>
    internal static double Ess(double[] logL, double maxL, double delta, double[] weights)
    {
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < logL.Length; i++)
        {
            double w = double.IsNegativeInfinity(logL[i]) ? 0 : Math.Exp(delta * (logL[i] - maxL));
            weights[i] = w;
            sum += w;
            sumSquares += w * w;
        }

        return sumSquares > 0 ? sum * sum / sumSquares : 0;
    }

    // The largest exponent in (gamma, 1) whose ESS is at least the target; ESS falls as the exponent rises.
    private static double Bisect(double[] logL, double maxL, double gamma, double target, double[] weights)
    {
        double low = gamma, high = 1;
        for (int k = 0; k < 200 && high - low > 1e-14; k++)
        {
            double mid = 0.5 * (low + high);
            if (Ess(logL, maxL, mid - gamma, weights) >= target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        // At least a tiny step, so the sampler always moves on.
        return Math.Max(low, Math.Min(1, gamma + 1e-12));
    }

    /// <summary>Systematic resampling of <paramref name="from"/> by <paramref name="weights"/> into <paramref name="to"/>.</summary>
    internal static void Resample(double[] weights, double u0, Particles from, Particles to)
    {
        int n = weights.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += weights[i];
        }

        double cumulative = weights[0] / total;
        int source = 0;
        for (int i = 0; i < n; i++)
        {
            double u = (u0 + i) / n;
            while (u > cumulative && source < n - 1)
            {
                source++;
                cumulative += weights[source] / total;
            }

            from.ScoresOf(source).CopyTo(to.ScoresOf(i));
            from.OutcomesOf(source).CopyTo(to.OutcomesOf(i));
            to.LogL[i] = from.LogL[source];
            to.Noise[i] = from.Noise[source];
        }
    }

    // Lower Cholesky factor of (2.38²/d)·Σ, Σ the particles' covariance; a small ridge keeps it positive definite
    // when the particles have collapsed onto a line or a point.
    private static void ProposalCholesky(Particles p, double[] l)
    {
        int n = p.LogL.Length, d = p.Dimension;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> z = p.ScoresOf(i);
            for (int j = 0; j < d; j++)
            {
                mean[j] += z[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var cov = new double[d * d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> z = p.ScoresOf(i);
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c <= r; c++)
                {
                    cov[(r * d) + c] += (z[r] - mean[r]) * (z[c] - mean[c]);
                }
            }
        }

        double scale = 2.38 * 2.38 / d / Math.Max(1, n - 1);
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                cov[(r * d) + c] *= scale;
            }

            cov[(r * d) + r] += 1e-10;
        }

        Array.Clear(l);
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double s = cov[(r * d) + c];
                for (int k = 0; k < c; k++)
                {
                    s -= l[(r * d) + k] * l[(c * d) + k];
                }

                l[(r * d) + c] = r == c ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[(c * d) + c];
            }
        }
    }

    private static double Checked(double logL)
    {
        if (double.IsNaN(logL) || double.IsPositiveInfinity(logL))
        {
            throw new CalibrationException($"a model run gave a log-likelihood of {logL}; the evidence's error model cannot be evaluated at that outcome");
        }

        return logL;
    }

    private static ulong Key(ulong seed, ulong tag, long step, long sweep, long particle) =>
        SplitMix64.Mix(SplitMix64.Mix(SplitMix64.Mix(SplitMix64.Mix(seed, tag), (ulong)step), (ulong)sweep), (ulong)particle);

    private static double Uniform(ulong key) => EventStream.FirstUniform(key);

    // Runs body(worker, i) for every particle, particle i always on worker i·threads/n's slice, so each worker
    // object is used by one thread at a time; what a particle computes depends only on its keys.
    private static void ForEach(int threads, int n, Action<int, int> body, CancellationToken cancellation)
    {
        if (threads == 1)
        {
            for (int i = 0; i < n; i++)
            {
                if ((i & 63) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                body(0, i);
            }

            return;
        }

        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, w =>
            {
                int first = (int)((long)n * w / threads), end = (int)((long)n * (w + 1) / threads);
                for (int i = first; i < end; i++)
                {
                    if ((i & 63) == 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                    }

                    body(w, i);
                }
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            Exception first = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>The particles' scores, outcomes, log-likelihoods and noise keys, in flat arrays.</summary>
    internal sealed class Particles(int n, int dimension, int outcomes)
    {
        public int Dimension { get; } = dimension;

        public int OutcomeCount { get; } = outcomes;

        public double[] Scores { get; } = new double[n * dimension];

        public double[] Outcomes { get; } = new double[n * outcomes];

        public double[] LogL { get; } = new double[n];

        public ulong[] Noise { get; } = new ulong[n];

        public Span<double> ScoresOf(int i) => Scores.AsSpan(i * Dimension, Dimension);

        public Span<double> OutcomesOf(int i) => Outcomes.AsSpan(i * OutcomeCount, OutcomeCount);
    }
}
