namespace ExportFlow.Simulation.Compilation;

/// <summary>A simple path of illicit edges from a hub or reseller to a restricted node.</summary>
/// <param name="Key">Edge ids joined by '>'.</param>
/// <param name="Source">Index (file order) of the first node, the diverting source.</param>
/// <param name="Restricted">Index (file order) of the restricted node it ends at.</param>
/// <param name="Edges">Indices (file order) of its edges, in travel order.</param>
/// <param name="Nodes">Indices (file order) of its nodes, source first, restricted last.</param>
public sealed record IllicitRoute(string Key, int Source, int Restricted, IReadOnlyList<int> Edges, IReadOnlyList<int> Nodes);
