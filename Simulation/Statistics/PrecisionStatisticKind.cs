namespace ExportFlow.Simulation.Statistics;

/// <summary>What a precision run judges.</summary>
internal enum PrecisionStatisticKind
{
    /// <summary>The mean of the outcome (in <c>compare</c>: the mean paired difference policy − reference).</summary>
    Mean,

    /// <summary>A percentile of the outcome.</summary>
    Percentile,

    /// <summary>The probability that the outcome exceeds a threshold.</summary>
    Exceedance,
}
