namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>The mean swing of the outcome when one input moves from its 10th to its 90th percentile.</summary>
/// <param name="Input">Index of the input.</param>
/// <param name="Mean">Mean of the paired differences f(x_i = q90) − f(x_i = q10).</param>
/// <param name="StandardError">Paired standard error s_d/√n. Range: ≥ 0.</param>
/// <param name="Low">Lower end of the 95 % interval, mean − t(0.975, n − 1)·se.</param>
/// <param name="High">Upper end of the 95 % interval, mean + t(0.975, n − 1)·se.</param>
/// <param name="Count">Number of pairs n. Range: ≥ 2.</param>
public readonly record struct SwingResult(int Input, double Mean, double StandardError, double Low, double High, int Count)
{
    /// <summary>|<see cref="Mean"/>|, the bar length of a tornado chart.</summary>
    public double Magnitude => Math.Abs(Mean);
}
