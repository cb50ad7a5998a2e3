namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// What sequential Monte Carlo calibrates: a model whose uncertain inputs are independent standard normal
/// scores ε (a correlated prior is the model's own map from ε to its inputs), run once from given scores and a
/// noise key, whose evidence gives a log-likelihood.
/// </summary>
internal interface ICalibrationModel
{
    /// <summary>Number of scores. Range: ≥ 1.</summary>
    int Dimension { get; }

    /// <summary>Number of outcomes each evaluation records for the posterior file. Range: ≥ 0.</summary>
    int OutcomeCount { get; }

    /// <summary>A worker for one thread: evaluations on one worker are sequential, workers run in parallel.</summary>
    ICalibrationWorker CreateWorker();
}
