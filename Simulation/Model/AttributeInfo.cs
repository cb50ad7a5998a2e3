namespace ExportFlow.Simulation.Model;

/// <summary>Names, domains and defaults of attributes.</summary>
public static class AttributeInfo
{
    private static readonly Dictionary<string, AttributeId> s_byName = Enum.GetValues<AttributeId>()
        .ToDictionary(NameOf, a => a, StringComparer.Ordinal);

    /// <summary>The camelCase key used in scenario files.</summary>
    public static string NameOf(AttributeId attribute)
    {
        string name = attribute.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Looks an attribute up by its scenario key.</summary>
    public static bool TryParse(string name, out AttributeId attribute) => s_byName.TryGetValue(name, out attribute);

    /// <summary>True for attributes whose domain is [0, 1].</summary>
    public static bool IsProbability(AttributeId attribute) => attribute is AttributeId.Diversion or AttributeId.Verification
        or AttributeId.Detection or AttributeId.Approval or AttributeId.Substitution or AttributeId.Learning;

    /// <summary>Lower end of the attribute's domain (inclusive, except for <see cref="AttributeId.Lot"/>, which must be positive).</summary>
    public static double Lower(AttributeId attribute) => 0.0;

    /// <summary>Upper end of the attribute's domain (inclusive).</summary>
    public static double Upper(AttributeId attribute) => IsProbability(attribute) ? 1.0 : double.PositiveInfinity;

    /// <summary>Describes the domain for error messages.</summary>
    public static string DomainText(AttributeId attribute) => attribute switch
    {
        AttributeId.Lot => "a number greater than 0",
        AttributeId.Learning => "a number greater than 0 and at most 1 (0 < η ≤ 1)",
        AttributeId.Demand => "a number ≥ 0 or .inf",
        _ when IsProbability(attribute) => "a probability between 0 and 1",
        _ => "a number ≥ 0",
    };

    /// <summary>True if <paramref name="value"/> lies in the attribute's domain.</summary>
    public static bool InDomain(AttributeId attribute, double value)
    {
        if (double.IsNaN(value))
        {
            return false;
        }

        if (attribute == AttributeId.Lot)
        {
            return value > 0 && !double.IsPositiveInfinity(value);
        }

        if (attribute == AttributeId.Learning)
        {
            return value > 0 && value <= 1;
        }

        if (double.IsPositiveInfinity(value))
        {
            return attribute == AttributeId.Demand;
        }

        return value >= Lower(attribute) && value <= Upper(attribute);
    }

    /// <summary>Clamps a value into the attribute's domain (after policy transforms).</summary>
    public static double Clamp(AttributeId attribute, double value)
    {
        if (double.IsNaN(value))
        {
            return attribute == AttributeId.Lot ? 1.0 : 0.0;
        }

        if (attribute == AttributeId.Lot)
        {
            return Math.Max(value, 1e-9);
        }

        return Math.Clamp(value, Lower(attribute), Upper(attribute));
    }

    /// <summary>The attributes a node of <paramref name="kind"/> may carry, with their defaults (NaN: absent unless written, for Premium and Learning).</summary>
    public static IReadOnlyList<(AttributeId Attribute, double Default, bool Required)> ForKind(NodeKind kind) => kind switch
    {
        NodeKind.Supplier => [(AttributeId.Supply, 0, true), (AttributeId.InitialStock, 0, false)],
        NodeKind.Market => [(AttributeId.Demand, 0, true), (AttributeId.InitialStock, 0, false)],
        NodeKind.Hub or NodeKind.Reseller =>
        [
            (AttributeId.Demand, 0, false), (AttributeId.Diversion, 0, false), (AttributeId.Penalty, 0, false),
            (AttributeId.Lot, 1, false), (AttributeId.Verification, 0, false), (AttributeId.InitialStock, 0, false),
            (AttributeId.FlagPenalty, 0, false),
        ],
        NodeKind.Restricted =>
        [
            (AttributeId.IllicitDemand, 0, false), (AttributeId.Beta, 0, false), (AttributeId.Premium, double.NaN, false),
            (AttributeId.Substitution, 0, false), (AttributeId.Learning, double.NaN, false),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The attributes an edge of <paramref name="channel"/> may carry, with their defaults.</summary>
    public static IReadOnlyList<(AttributeId Attribute, double Default)> ForChannel(Channel channel) => channel == Channel.Legit
        ? [(AttributeId.Weight, 1), (AttributeId.Approval, 1), (AttributeId.Lot, 1)]
        : [(AttributeId.Detection, 0), (AttributeId.Cost, 0)];
}
