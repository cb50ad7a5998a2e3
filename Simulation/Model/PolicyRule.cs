namespace ExportFlow.Simulation.Model;

/// <summary>A selector and the actions applied, in file order, to what it selects, in the periods of its window.</summary>
/// <param name="Nodes">Selected nodes, or null.</param>
/// <param name="Edges">Selected edges, or null.</param>
/// <param name="Actions">What the rule does.</param>
/// <param name="Location">Where the rule is written.</param>
public sealed record PolicyRule(NodeSelector? Nodes, EdgeSelector? Edges, IReadOnlyList<PolicyAction> Actions, SourceLocation Location)
{
    /// <summary>Ids of the baseline caps whose amount the rule changes (a <c>caps:</c> selector), or null.</summary>
    public IReadOnlyList<string>? Caps { get; init; }

    /// <summary>First period in which the rule applies (1-based; the policy's and the rule's <c>from</c>).</summary>
    public int From { get; init; } = 1;

    /// <summary>Last period in which the rule applies (inclusive; <see cref="int.MaxValue"/>: to the end).</summary>
    public int Until { get; init; } = int.MaxValue;
}
