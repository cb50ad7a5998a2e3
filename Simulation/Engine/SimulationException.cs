namespace ExportFlow.Simulation.Engine;

/// <summary>A run stopped because the scenario's numbers cannot be simulated (for example an overflow).</summary>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SimulationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SimulationException()
    {
    }
}
