namespace ExportFlow.Simulation.Calibration;

/// <summary>A trial made the denominator of an observed ratio 0.</summary>
public sealed class ZeroDenominatorException : Exception
{
    /// <summary>Creates the exception for observation <paramref name="observation"/> (its index in the evidence file).</summary>
    public ZeroDenominatorException(int observation)
        : base($"the denominator of observation {observation} is 0 in a trial")
    {
        Observation = observation;
    }

    /// <summary>Creates the exception.</summary>
    public ZeroDenominatorException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ZeroDenominatorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ZeroDenominatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Index of the observation in its file.</summary>
    public int Observation { get; }
}
