namespace ExportFlow.Simulation.Model;

/// <summary>A directed edge. Legit edges carry trade; illicit edges carry smuggled units.</summary>
/// <param name="Id">Unique id (never contains '>').</param>
/// <param name="From">Tail node id.</param>
/// <param name="To">Head node id.</param>
/// <param name="Channel">Legit or illicit.</param>
/// <param name="BilledTo">Country invoiced for units on this edge (legit only); null means the head's country.</param>
/// <param name="Attributes">Attributes written in the file.</param>
/// <param name="Index">Position in the file (0-based).</param>
/// <param name="Location">Where the edge starts in the file.</param>
public sealed record Edge(
    string Id,
    string From,
    string To,
    Channel Channel,
    string? BilledTo,
    IReadOnlyDictionary<AttributeId, Quantity> Attributes,
    int Index,
    SourceLocation Location)
{
    /// <summary>The quantity of an attribute, or its literal default.</summary>
    public Quantity Get(AttributeId attribute)
    {
        if (Attributes.TryGetValue(attribute, out Quantity? q))
        {
            return q;
        }

        foreach (var (a, d) in AttributeInfo.ForChannel(Channel))
        {
            if (a == attribute)
            {
                return new LiteralQuantity(d, Location);
            }
        }

        throw new ArgumentException($"edges of channel {Channel} have no attribute {attribute}", nameof(attribute));
    }
}
