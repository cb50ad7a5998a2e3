namespace ExportFlow.Simulation.Model;

/// <summary>Whether a cap's quota renews every period or lasts the whole horizon.</summary>
public enum CapPeriod
{
    /// <summary>The quota is renewed every period.</summary>
    Period,

    /// <summary>One quota for the whole horizon.</summary>
    Horizon,
}
