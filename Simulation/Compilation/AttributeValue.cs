using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// An attribute after a policy: the baseline quantity and the policy's operations on it, in rule order.
/// <see cref="Base"/> is null for an absent optional attribute (a restricted node without a premium).
/// </summary>
/// <param name="Owner">Id of the node, edge or cap that carries it (names the random slot of inline distributions).</param>
/// <param name="Attribute">Which attribute.</param>
/// <param name="Base">Baseline quantity, or null when absent.</param>
/// <param name="Operations">Policy operations in order.</param>
public sealed record AttributeValue(string Owner, AttributeId Attribute, Quantity? Base, IReadOnlyList<PolicyOperation> Operations)
{
    /// <summary>Random slot of an inline distribution of this attribute: <c>a:&lt;owner&gt;.&lt;attr&gt;</c>.</summary>
    public string Slot => $"a:{Owner}.{AttributeInfo.NameOf(Attribute)}";

    /// <summary>True when the attribute exists after the policy (a premium may be introduced by a set).</summary>
    public bool IsPresent => Base is not null || Operations.Any(o => o.Operation == RuleOperation.Set && o.From <= 1 && o.Until == int.MaxValue);

    /// <summary>
    /// Bounds of the value over every possible draw, by interval arithmetic, clamped to the domain.
    /// Used by validation (could this node ever divert? could this demand ever be positive?).
    /// </summary>
    public (double Low, double High) Bounds(IReadOnlyDictionary<string, Parameter> parameters)
    {
        (double lo, double hi) = Base is null ? (0.0, 0.0) : BoundsOf(Base, parameters);
        foreach (PolicyOperation o in Operations)
        {
            (double a, double b) = BoundsOf(o.Operand, parameters);
            (double newLo, double newHi) = o.Operation switch
            {
                RuleOperation.Set => (a, b),
                RuleOperation.Scale => ProductBounds(lo, hi, a, b),
                _ => (lo + a, hi + b),
            };

            // A timed operation leaves the value as it was outside its window: the bounds cover both.
            (lo, hi) = o.From > 1 || o.Until != int.MaxValue ? (Math.Min(lo, newLo), Math.Max(hi, newHi)) : (newLo, newHi);

            // A NaN bound (∞ − ∞) could be anything: take the whole domain.
            lo = double.IsNaN(lo) ? double.NegativeInfinity : lo;
            hi = double.IsNaN(hi) ? double.PositiveInfinity : hi;
        }

        return (AttributeInfo.Clamp(Attribute, lo), AttributeInfo.Clamp(Attribute, hi));
    }

    /// <summary>Bounds of x·y for x in [lo, hi] and y in [a, b], with 0·∞ = 0.</summary>
    private static (double Low, double High) ProductBounds(double lo, double hi, double a, double b)
    {
        static double Times(double x, double y) => x == 0 || y == 0 ? 0 : x * y;
        double p1 = Times(lo, a), p2 = Times(lo, b), p3 = Times(hi, a), p4 = Times(hi, b);
        return (Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)));
    }

    private static (double, double) BoundsOf(Quantity q, IReadOnlyDictionary<string, Parameter> parameters) => q switch
    {
        LiteralQuantity l => (l.Value, l.Value),
        DistributionQuantity d => (d.Distribution.SupportLow, d.Distribution.SupportHigh),
        ParameterQuantity p when parameters.TryGetValue(p.Name, out Parameter? param) => BoundsOf(param.Value, parameters),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };
}
