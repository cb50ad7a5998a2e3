namespace ExportFlow.Simulation.Calibration;

/// <summary>The equally weighted particles of a finished calibration and how the sampler got there.</summary>
/// <param name="Dimension">Scores per particle.</param>
/// <param name="Scores">Particle i's scores at [i·Dimension, (i + 1)·Dimension).</param>
/// <param name="OutcomeCount">Outcomes per particle.</param>
/// <param name="Outcomes">Particle i's outcomes (from the run that gave its likelihood) at [i·OutcomeCount, …).</param>
/// <param name="LogLikelihoods">Each particle's log-likelihood at γ = 1.</param>
/// <param name="NoiseKeys">Each particle's noise key (with its scores, it replays the particle's run).</param>
/// <param name="Steps">Every tempering step, in order.</param>
/// <param name="Evaluations">Model runs made, the initial particles included.</param>
/// <param name="PriorScores">The initial particles' scores (independent prior draws), laid out as <paramref name="Scores"/>.</param>
/// <param name="PriorOutcomes">The initial particles' outcomes, laid out as <paramref name="Outcomes"/>.</param>
internal sealed record SmcResult(
    int Dimension,
    double[] Scores,
    int OutcomeCount,
    double[] Outcomes,
    double[] LogLikelihoods,
    ulong[] NoiseKeys,
    IReadOnlyList<SmcStep> Steps,
    long Evaluations,
    double[] PriorScores,
    double[] PriorOutcomes)
{
    /// <summary>Wall time of the whole sampler.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Wall time of the phases that run the model (the initial particles and every sweep of moves, proposals included);
    /// the rest of <see cref="Elapsed"/> is the sampler's bookkeeping (tempering bisection, resampling, covariance).
    /// </summary>
    public TimeSpan ModelElapsed { get; init; }

    /// <summary>Number of particles.</summary>
    public int Particles => LogLikelihoods.Length;
}
