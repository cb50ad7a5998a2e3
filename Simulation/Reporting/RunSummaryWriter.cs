using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Writes a run's statistics as the stable JSON document of docs/output-format.md.</summary>
internal static class RunSummaryWriter
{
    /// <summary>JSON key of each outcome.</summary>
    public static string Key(Outcome outcome)
    {
        string name = outcome.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The summary of plan <paramref name="index"/> of <paramref name="result"/> as indented JSON.</summary>
    public static string ToJson(MonteCarloResult result, int index)
    {
        return JsonText.Write(w => Write(w, result, index));
    }

    /// <summary>Writes the summary object of one plan.</summary>
    public static void Write(Utf8JsonWriter w, MonteCarloResult result, int index)
    {
        FlowPlan plan = result.Plans[index];
        RunAccumulator acc = result.Accumulators[index];
        w.WriteStartObject();
        w.WriteString("scenario", plan.Scenario.Name);
        w.WriteString("policy", plan.PolicyName);
        w.WriteNumber("trials", result.TrialsCompleted);
        w.WriteNumber("seed", result.Options.Seed);
        w.WriteNumber("periods", plan.Periods);
        w.WriteString("periodUnit", plan.Scenario.PeriodUnit);
        w.WriteString("quantityUnit", plan.Scenario.QuantityUnit);
        w.WriteBoolean("partial", result.Partial);
        w.WriteNumber("quantileRelativeAccuracy", acc.SaturatedShare.Sketch.RelativeAccuracy);
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            w.WritePropertyName(Key(o));
            WriteStats(w, acc.Outcomes[(int)o].Summarise());
        }

        w.WriteStartArray("byRoute");
        for (int k = 0; k < plan.RouteCount; k++)
        {
            w.WriteStartObject();
            w.WriteString("route", plan.RouteKeys[k]);
            w.WriteString("source", plan.NodeIds[plan.SourcePosition[plan.RouteSource[k]]]);
            w.WriteString("restricted", plan.NodeIds[plan.RestrictedPosition[plan.RouteRestricted[k]]]);
            w.WritePropertyName("leaked");
            WriteStats(w, acc.ByRoute[k].Summarise());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("bySource");
        for (int s = 0; s < plan.SourceCount; s++)
        {
            w.WriteStartObject();
            w.WriteString("node", plan.NodeIds[plan.SourcePosition[s]]);
            w.WriteString("country", plan.Countries[plan.SourceCountry[s]]);
            w.WritePropertyName("leaked");
            WriteStats(w, acc.BySource[s].Summarise());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("byCountry");
        WriteCountries(w, "source", plan, acc.BySourceCountry, "leaked");
        WriteCountries(w, "transit", plan, acc.ByTransitCountry, "leaked");
        w.WriteEndObject();
        w.WriteStartArray("interdictedByEdge");
        for (int e = 0; e < plan.IllicitEdgeCount; e++)
        {
            w.WriteStartObject();
            w.WriteString("edge", plan.IllicitEdgeIds[e]);
            w.WritePropertyName("interdicted");
            WriteStats(w, acc.InterdictedByEdge[e].Summarise());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("billing");
        for (int c = 0; c < plan.Countries.Length; c++)
        {
            w.WriteStartObject();
            w.WriteString("country", plan.Countries[c]);
            w.WritePropertyName("billed");
            WriteStats(w, acc.Billed[c].Summarise());
            w.WritePropertyName("received");
            WriteStats(w, acc.Received[c].Summarise());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("regime");
        WriteNumber(w, "probabilityUnmet", acc.Count == 0 ? double.NaN : (double)acc.UnmetTrials / acc.Count);
        w.WritePropertyName("saturatedShare");
        WriteStats(w, acc.SaturatedShare.Summarise());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCountries(Utf8JsonWriter w, string name, FlowPlan plan, OutcomeAccumulator[] accumulators, string valueName)
    {
        w.WriteStartArray(name);
        for (int c = 0; c < plan.Countries.Length; c++)
        {
            w.WriteStartObject();
            w.WriteString("country", plan.Countries[c]);
            w.WritePropertyName(valueName);
            WriteStats(w, accumulators[c].Summarise());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes one statistics object.</summary>
    public static void WriteStats(Utf8JsonWriter w, OutcomeSummary s)
    {
        w.WriteStartObject();
        WriteNumber(w, "mean", s.Mean);
        WriteNumber(w, "stdDev", s.StdDev);
        WriteNumber(w, "standardError", s.StandardError);
        WriteNumber(w, "min", s.Min);
        WriteNumber(w, "max", s.Max);
        WriteNumber(w, "p05", s.P05);
        WriteNumber(w, "p25", s.P25);
        WriteNumber(w, "p50", s.P50);
        WriteNumber(w, "p75", s.P75);
        WriteNumber(w, "p95", s.P95);
        w.WriteStartArray("exceedance");
        foreach (Exceedance e in s.Exceedances)
        {
            w.WriteStartObject();
            WriteNumber(w, "threshold", e.Threshold);
            WriteNumber(w, "probability", e.Probability);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes a number, or null when it is not finite (JSON has no NaN).</summary>
    public static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
