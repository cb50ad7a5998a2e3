namespace ExportFlow.Simulation.Model;

/// <summary>Which illicit edges of a node a customs inspection acts on.</summary>
public enum InspectionSide
{
    /// <summary>Edges leaving the node.</summary>
    Exit,

    /// <summary>Edges entering the node.</summary>
    Entry,

    /// <summary>Edges leaving or entering the node.</summary>
    Both,
}
