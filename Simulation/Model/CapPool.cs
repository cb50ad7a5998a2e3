namespace ExportFlow.Simulation.Model;

/// <summary>Who shares a cap's quota.</summary>
public enum CapPool
{
    /// <summary>Each selected node has a quota of its own.</summary>
    Node,

    /// <summary>The selected nodes of one country share one quota (one quota per country).</summary>
    Country,
}
