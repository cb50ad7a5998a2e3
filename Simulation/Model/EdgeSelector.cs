namespace ExportFlow.Simulation.Model;

/// <summary>Selects edges by id, tail, head and channel; every non-empty criterion must match.</summary>
public sealed record EdgeSelector(
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> From,
    IReadOnlyList<string> To,
    Channel? Channel,
    SourceLocation Location)
{
    /// <summary>True if <paramref name="edge"/> satisfies every criterion.</summary>
    public bool Matches(Edge edge) =>
        (Ids.Count == 0 || Ids.Contains(edge.Id))
        && (From.Count == 0 || From.Contains(edge.From))
        && (To.Count == 0 || To.Contains(edge.To))
        && (Channel is null || Channel == edge.Channel);
}
