namespace ExportFlow.Simulation.Model;

/// <summary>An overlay on the baseline: rules applied in file order, each in the periods of its window.</summary>
public sealed record Policy(string Name, string Description, IReadOnlyList<PolicyRule> Rules, SourceLocation Location)
{
    /// <summary>First period of the policy's window (its rules' windows lie inside it).</summary>
    public int From { get; init; } = 1;

    /// <summary>Last period of the policy's window (inclusive; <see cref="int.MaxValue"/>: to the end).</summary>
    public int Until { get; init; } = int.MaxValue;

    /// <summary>True when the policy or one of its rules starts after period 1 or ends before the horizon.</summary>
    public bool IsTimed(int periods) => Rules.Any(r => r.From > 1 || r.Until < periods);
}
