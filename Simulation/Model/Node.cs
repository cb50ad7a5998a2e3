namespace ExportFlow.Simulation.Model;

/// <summary>A node of the network. Attributes not written take their kind's default.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Kind">Role in the network.</param>
/// <param name="Country">ISO 3166 alpha-2 code.</param>
/// <param name="Tags">Free labels used by selectors.</param>
/// <param name="Attributes">Attributes written in the file.</param>
/// <param name="Index">Position in the file (0-based).</param>
/// <param name="Location">Where the node starts in the file.</param>
public sealed record Node(
    string Id,
    NodeKind Kind,
    string Country,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<AttributeId, Quantity> Attributes,
    int Index,
    SourceLocation Location)
{
    /// <summary>The quantity of an attribute, or a literal default when not written; null when absent (premium).</summary>
    public Quantity? Get(AttributeId attribute)
    {
        if (Attributes.TryGetValue(attribute, out Quantity? q))
        {
            return q;
        }

        foreach (var (a, d, _) in AttributeInfo.ForKind(Kind))
        {
            if (a == attribute)
            {
                return double.IsNaN(d) ? null : new LiteralQuantity(d, Location);
            }
        }

        return null;
    }
}
