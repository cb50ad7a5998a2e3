namespace ExportFlow.Simulation.Statistics;

/// <summary>One row of the convergence record: a plan's running mean of leaked after some trials.</summary>
/// <param name="Plan">Index of the plan (0: the run's own, or the comparison's reference).</param>
/// <param name="Trials">Trials merged so far.</param>
/// <param name="Mean">Mean of leaked over those trials.</param>
/// <param name="StandardError">Its standard error (Monte Carlo precision of the mean, not the spread over trials).</param>
internal readonly record struct ConvergenceRow(int Plan, long Trials, double Mean, double StandardError)
{
    /// <summary>The 95 % interval of the mean, mean ± 1.96·standard error.</summary>
    public ConfidenceInterval Interval => PrecisionIntervals.Mean(Mean, StandardError);
}
