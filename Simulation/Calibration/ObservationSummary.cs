namespace ExportFlow.Simulation.Calibration;

/// <summary>One observation: what was observed, and the model's value of it under the prior and the posterior.</summary>
/// <param name="Observation">The observation.</param>
/// <param name="Until">Last period of its window.</param>
/// <param name="Prior">Spread of the model's value over the prior draws (without the observation's error).</param>
/// <param name="Posterior">Spread of the model's value over the posterior particles (without the observation's error).</param>
/// <param name="PriorTail">
/// How surprising the observation was under the prior: for a value (normal, lognormal), the two-sided tail
/// probability 2·min(q, 1 − q) of the prior predictive distribution, q the mean over prior draws of the probability
/// that the reported figure (the draw's value with the observation's error) falls below the observed one; for a
/// bound (atLeast, atMost, between), the prior share of draws that satisfy it. Small (below 0.05) means surprising.
/// </param>
internal sealed record ObservationSummary(Observation Observation, int Until, Spread Prior, Spread Posterior, double PriorTail)
{
    /// <summary>Whether the prior found the observation surprising (<see cref="PriorTail"/> below 0.05).</summary>
    public bool Surprising => PriorTail < 0.05;
}
