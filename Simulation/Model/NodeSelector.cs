namespace ExportFlow.Simulation.Model;

/// <summary>Selects nodes: every non-empty criterion must match; a list matches any of its values.</summary>
public sealed record NodeSelector(
    IReadOnlyList<string> Ids,
    IReadOnlyList<NodeKind> Kinds,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Tags,
    SourceLocation Location)
{
    /// <summary>True if <paramref name="node"/> satisfies every criterion.</summary>
    public bool Matches(Node node) =>
        (Ids.Count == 0 || Ids.Contains(node.Id))
        && (Kinds.Count == 0 || Kinds.Contains(node.Kind))
        && (Countries.Count == 0 || Countries.Contains(node.Country))
        && (Tags.Count == 0 || node.Tags.Any(Tags.Contains));
}
