namespace ExportFlow.Simulation.Cli;

/// <summary>A mistake in what the user asked for; printed without a stack trace, exit code 2.</summary>
public sealed class UserErrorException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and what is allowed.</summary>
    public UserErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public UserErrorException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
