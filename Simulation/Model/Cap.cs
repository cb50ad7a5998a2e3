namespace ExportFlow.Simulation.Model;

/// <summary>A quantity cap on legit inflow of the selected nodes.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Amount">Units per period or per horizon.</param>
/// <param name="Per">Renewal period.</param>
/// <param name="Pool">Quota sharing.</param>
/// <param name="ImportsOnly">True when only edges from another country count (<c>counts: imports</c>).</param>
/// <param name="Nodes">The capped nodes.</param>
/// <param name="Location">Where the cap is declared.</param>
public sealed record Cap(string Id, Quantity Amount, CapPeriod Per, CapPool Pool, bool ImportsOnly, NodeSelector Nodes, SourceLocation Location)
{
    /// <summary>First period in which the cap applies (a cap added by a timed policy rule); a per-horizon quota starts full then.</summary>
    public int From { get; init; } = 1;

    /// <summary>Last period in which the cap applies (inclusive; <see cref="int.MaxValue"/>: to the end).</summary>
    public int Until { get; init; } = int.MaxValue;
}
