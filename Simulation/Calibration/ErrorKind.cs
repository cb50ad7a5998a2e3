namespace ExportFlow.Simulation.Calibration;

/// <summary>How an observation relates to the model's value of what it observes.</summary>
public enum ErrorKind
{
    /// <summary><c>normal(sd)</c>: observed = value + N(0, sd²).</summary>
    Normal,

    /// <summary><c>lognormal(sigma)</c>: ln observed = ln value + N(0, sigma²).</summary>
    LogNormal,

    /// <summary><c>atLeast(width)</c>: the value is at least the observed one; below it, a normal tail of this width.</summary>
    AtLeast,

    /// <summary><c>atMost(width)</c>: the value is at most the observed one; above it, a normal tail of this width.</summary>
    AtMost,

    /// <summary><c>between(lo, hi, width)</c>: the value lies in [lo, hi]; outside, normal tails of this width.</summary>
    Between,
}
