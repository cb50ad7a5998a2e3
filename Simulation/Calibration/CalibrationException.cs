namespace ExportFlow.Simulation.Calibration;

/// <summary>A calibration cannot go on because of its inputs (the evidence is impossible under the prior, for example).</summary>
public sealed class CalibrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CalibrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CalibrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CalibrationException()
    {
    }
}
