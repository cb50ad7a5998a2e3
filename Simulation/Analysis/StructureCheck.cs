using ExportFlow.Simulation.Compilation;

namespace ExportFlow.Simulation.Analysis;

/// <summary>
/// Checks that two compiled scenarios have the same structure, so that their runs can be paired
/// trial by trial and their breakdowns row by row: the same quantity unit, horizon (periods and unit), node ids (each in the same
/// country), illicit edge ids, sources, countries and route keys, in the same order.
/// </summary>
internal static class StructureCheck
{
    /// <summary>The first difference between <paramref name="reference"/> and <paramref name="other"/>, in words; null when they match.</summary>
    /// <param name="reference">Plan of the first file.</param>
    /// <param name="referenceName">How to name the first file in the message.</param>
    /// <param name="other">Plan of another file.</param>
    /// <param name="otherName">How to name the other file.</param>
    public static string? FirstDifference(FlowPlan reference, string referenceName, FlowPlan other, string otherName)
    {
        if (reference.Scenario.QuantityUnit != other.Scenario.QuantityUnit)
        {
            return $"quantity unit is '{other.Scenario.QuantityUnit}' in {otherName} but '{reference.Scenario.QuantityUnit}' in {referenceName}";
        }

        // Outcomes are totals over the horizon: a 36-month total paired with a 12-month one would read as an effect.
        if (reference.Periods != other.Periods || reference.Scenario.PeriodUnit != other.Scenario.PeriodUnit)
        {
            return $"the horizon is {other.Periods} {other.Scenario.PeriodUnit}(s) in {otherName} but {reference.Periods} {reference.Scenario.PeriodUnit}(s) in {referenceName}, and outcomes are totals over the horizon";
        }

        var referenceCountry = Enumerable.Range(0, reference.NodeCount)
            .ToDictionary(p => reference.NodeIds[p], p => reference.Countries[reference.NodeCountry[p]], StringComparer.Ordinal);
        var otherCountry = Enumerable.Range(0, other.NodeCount)
            .ToDictionary(p => other.NodeIds[p], p => other.Countries[other.NodeCountry[p]], StringComparer.Ordinal);
        if (Missing("node", referenceCountry.Keys, referenceName, otherCountry.Keys, otherName) is { } node)
        {
            return node;
        }

        foreach (string id in reference.NodeIds)
        {
            if (referenceCountry[id] != otherCountry[id])
            {
                return $"node '{id}' is in country {otherCountry[id]} in {otherName} but in {referenceCountry[id]} in {referenceName}";
            }
        }

        return Sequence("illicit edge", reference.IllicitEdgeIds, referenceName, other.IllicitEdgeIds, otherName)
            ?? Sequence("source", SourceIds(reference), referenceName, SourceIds(other), otherName)
            ?? Sequence("country", reference.Countries, referenceName, other.Countries, otherName)
            ?? Sequence("route", reference.RouteKeys, referenceName, other.RouteKeys, otherName);
    }

    private static string[] SourceIds(FlowPlan plan) => [.. plan.SourcePosition.Select(p => plan.NodeIds[p])];

    private static string? Missing(string what, IEnumerable<string> a, string aName, IEnumerable<string> b, string bName)
    {
        var inA = a.ToHashSet(StringComparer.Ordinal);
        var inB = b.ToHashSet(StringComparer.Ordinal);
        foreach (string x in b)
        {
            if (!inA.Contains(x))
            {
                return $"{what} '{x}' is in {bName} but not in {aName}";
            }
        }

        foreach (string x in a)
        {
            if (!inB.Contains(x))
            {
                return $"{what} '{x}' is in {aName} but not in {bName}";
            }
        }

        return null;
    }

    private static string? Sequence(string what, string[] a, string aName, string[] b, string bName)
    {
        if (Missing(what, a, aName, b, bName) is { } missing)
        {
            return missing;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return $"{what}s are in a different order: {what} {i + 1} is '{b[i]}' in {bName} but '{a[i]}' in {aName}";
            }
        }

        return null;
    }
}
