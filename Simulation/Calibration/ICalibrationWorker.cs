namespace ExportFlow.Simulation.Calibration;

/// <summary>Evaluates a <see cref="ICalibrationModel"/> on one thread.</summary>
internal interface ICalibrationWorker
{
    /// <summary>
    /// Runs the model once from <paramref name="scores"/> with the intrinsic noise of <paramref name="noiseKey"/>,
    /// writes its outcomes to <paramref name="outcomes"/> and returns log p(evidence | that run): a number, or
    /// negative infinity when the run makes the evidence impossible. Must depend on nothing but its arguments.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> scores, ulong noiseKey, Span<double> outcomes);
}
