namespace ExportFlow.Simulation.Calibration;

/// <summary>Settings of a tempered sequential Monte Carlo calibration.</summary>
internal sealed record SmcOptions
{
    /// <summary>Particles. Range: ≥ 2.</summary>
    public required int Particles { get; init; }

    /// <summary>Seed of every draw of the sampler (initial scores, resampling, proposals, noise keys).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Worker threads. Range: ≥ 1. Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Each tempering step keeps the effective sample size at least this fraction of what it was at the step's
    /// start. Range: (0, 1).
    /// </summary>
    public double EssFraction { get; init; } = 0.5;

    /// <summary>Fewest Metropolis–Hastings sweeps over the particles per step. Range: ≥ 1.</summary>
    public int MinMoves { get; init; } = 2;

    /// <summary>Most sweeps per step. Range: ≥ <see cref="MinMoves"/>.</summary>
    public int MaxMoves { get; init; } = 20;

    /// <summary>
    /// Sweeps continue until a particle stays where it was through all of them with at most this probability,
    /// estimated from the step's acceptance rate: (1 − a)^k ≤ this. Range: (0, 1).
    /// </summary>
    public double StuckProbability { get; init; } = 0.01;

    /// <summary>Most tempering steps before the sampler gives up. Range: ≥ 1.</summary>
    public int MaxSteps { get; init; } = 200;
}
