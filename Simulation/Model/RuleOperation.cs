namespace ExportFlow.Simulation.Model;

/// <summary>How a policy rule transforms a drawn value.</summary>
public enum RuleOperation
{
    /// <summary>Replaces the value.</summary>
    Set,

    /// <summary>Multiplies the value.</summary>
    Scale,

    /// <summary>Adds to the value.</summary>
    Add,
}
