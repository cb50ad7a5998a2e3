using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using ExportFlow.Simulation.Scenarios;

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
    /// <param name="result">The run.</param>
    /// <param name="index">Which plan of the run.</param>
    /// <param name="warnings">The scenario's warnings, listed under "warnings".</param>
    public static string ToJson(MonteCarloResult result, int index, IReadOnlyList<Diagnostic>? warnings = null)
    {
        return JsonText.Write(w => Write(w, result, index, warnings));
    }

    /// <summary>Writes <c>"warnings": [...]</c>: each warning with its file, line, column, key path and message.</summary>
    public static void WriteWarnings(Utf8JsonWriter w, IReadOnlyList<Diagnostic>? warnings)
    {
        w.WriteStartArray("warnings");
        foreach (Diagnostic d in warnings ?? [])
        {
            w.WriteStartObject();
            w.WriteString("file", d.Location.File);
            w.WriteNumber("line", d.Location.Line);
            w.WriteNumber("column", d.Location.Column);
            w.WriteString("path", d.Path);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// <c>"posterior"</c>: the file of <c>--posterior</c> with its SHA-256 and particle count; left out when the inputs
    /// were drawn from their priors (a completed run's summary holds no null).
    /// </summary>
    public static void WritePosterior(Utf8JsonWriter w, RunOptions options)
    {
        if (options.Posterior is not { } p)
        {
            return;
        }

        w.WriteStartObject("posterior");
        w.WriteString("file", p.File);
        w.WriteString("sha256", p.Sha256);
        w.WriteNumber("particles", p.Particles);
        w.WriteStartArray("inputs");
        foreach (string input in p.Inputs)
        {
            w.WriteStringValue(input);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes the summary object of one plan.</summary>
    public static void Write(Utf8JsonWriter w, MonteCarloResult result, int index, IReadOnlyList<Diagnostic>? warnings = null)
    {
        FlowPlan plan = result.Plans[index];
        RunAccumulator acc = result.Accumulators[index];
        w.WriteStartObject();
        w.WriteString("scenario", plan.Scenario.Name);
        w.WriteString("policy", plan.PolicyName);
        w.WriteNumber("trials", result.TrialsCompleted);
        w.WriteNumber("seed", result.Options.Seed);
        w.WriteString("sampling", result.Options.Sampling.ToString().ToLowerInvariant());
        WritePosterior(w, result.Options);
        w.WriteNumber("periods", plan.Periods);
        w.WriteString("periodUnit", plan.Scenario.PeriodUnit);
        w.WriteString("quantityUnit", plan.Scenario.QuantityUnit);
        w.WriteBoolean("partial", result.Partial);
        WriteWarnings(w, warnings);
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
        WriteDefined(w, "probabilityUnmet", acc.Count == 0 ? double.NaN : (double)acc.UnmetTrials / acc.Count, acc.Count > 0);
        w.WritePropertyName("saturatedShare");
        WriteStats(w, acc.SaturatedShare.Summarise());
        w.WriteEndObject();
        if (result.ByPeriod is { } byPeriod)
        {
            WriteByPeriod(w, plan, byPeriod[index]);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>"byPeriod"</c>: one object per period with every outcome of that period alone and the leakage
    /// by source country (countries some illicit route starts from), each a statistics object.
    /// </summary>
    private static void WriteByPeriod(Utf8JsonWriter w, FlowPlan plan, PeriodAccumulator periods)
    {
        w.WriteStartArray("byPeriod");
        for (int t = 1; t <= periods.Periods; t++)
        {
            w.WriteStartObject();
            w.WriteNumber("period", t);
            foreach (Outcome o in Enum.GetValues<Outcome>())
            {
                w.WritePropertyName(Key(o));
                WriteStats(w, periods.ForOutcome(t, o).Summarise());
            }

            w.WriteStartArray("leakedBySourceCountry");
            for (int i = 0; i < periods.SourceCountries.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("country", plan.Countries[periods.SourceCountries[i]]);
                w.WritePropertyName("leaked");
                WriteStats(w, periods.LeakedBySourceCountry(t, i).Summarise());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
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

    /// <summary>Writes one statistics object; every number is null when no trial completed, and a number otherwise.</summary>
    public static void WriteStats(Utf8JsonWriter w, OutcomeSummary s)
    {
        bool defined = s.Count > 0;
        w.WriteStartObject();
        WriteDefined(w, "mean", s.Mean, defined);
        WriteDefined(w, "stdDev", s.StdDev, defined);
        WriteDefined(w, "standardError", s.StandardError, defined);
        WriteDefined(w, "min", s.Min, defined);
        WriteDefined(w, "max", s.Max, defined);
        WriteDefined(w, "p05", s.P05, defined);
        WriteDefined(w, "p25", s.P25, defined);
        WriteDefined(w, "p50", s.P50, defined);
        WriteDefined(w, "p75", s.P75, defined);
        WriteDefined(w, "p95", s.P95, defined);
        w.WriteStartArray("exceedance");
        foreach (Exceedance e in s.Exceedances)
        {
            w.WriteStartObject();
            WriteDefined(w, "threshold", e.Threshold, true);
            WriteDefined(w, "probability", e.Probability, defined);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes a number that may be undefined: NaN (a statistic of no trials, a ratio over zero) is written
    /// as null. An infinity is never written: it can only come from an overflow, and stops the run.
    /// </summary>
    /// <exception cref="SimulationException"><paramref name="value"/> is infinite.</exception>
    public static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else if (double.IsNaN(value))
        {
            w.WriteNull(name);
        }
        else
        {
            throw NotFinite(name, value);
        }
    }

    /// <summary>
    /// Writes a number that must be finite when <paramref name="defined"/> (null when not): a NaN or an
    /// infinity there comes from an overflow, and stops the run instead of reaching the file as null.
    /// </summary>
    /// <exception cref="SimulationException"><paramref name="value"/> is defined but not finite.</exception>
    public static void WriteDefined(Utf8JsonWriter w, string name, double value, bool defined)
    {
        if (defined && !double.IsFinite(value))
        {
            throw NotFinite(name, value);
        }

        WriteNumber(w, name, defined ? value : double.NaN);
    }

    private static SimulationException NotFinite(string name, double value) =>
        new($"the result '{name}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, not a finite number: the scenario's quantities are too large "
            + "to add up over the trials. Check for huge literals and for distributions with enormous tails.");
}
