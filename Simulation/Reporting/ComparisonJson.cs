using System.Text.Json;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Writes a comparison as the stable JSON document <c>comparison.json</c> of docs/output-format.md.</summary>
internal static class ComparisonJson
{
    /// <summary>The comparison as indented JSON; <paramref name="result"/> supplies each run's full summary.</summary>
    public static string ToJson(MonteCarloResult result, Comparison comparison, IReadOnlyList<Diagnostic>? warnings = null)
    {
        return JsonText.Write(w => Write(w, result, comparison, warnings));
    }

    private static void Write(Utf8JsonWriter w, MonteCarloResult result, Comparison comparison, IReadOnlyList<Diagnostic>? warnings)
    {
        w.WriteStartObject();
        w.WriteString("kind", comparison.Kind == ComparisonKind.Policies ? "policies" : "files");
        w.WriteString("reference", comparison.Reference);
        w.WriteNumber("trials", comparison.Trials);
        w.WriteNumber("seed", comparison.Seed);
        w.WriteString("sampling", result.Options.Sampling.ToString().ToLowerInvariant());
        RunSummaryWriter.WritePosterior(w, result.Options);
        w.WriteBoolean("partial", comparison.Partial);
        RunSummaryWriter.WriteWarnings(w, warnings);
        w.WriteNumber("periods", comparison.Periods);
        w.WriteString("periodUnit", comparison.PeriodUnit);
        w.WriteString("quantityUnit", comparison.QuantityUnit);
        w.WriteNumber("intervalZ", ComparisonBuilder.Z);
        w.WriteNumber("minDisplacementShare", Verdict.MinDisplacementShare);
        w.WriteStartArray("runs");
        for (int j = 0; j < comparison.Runs.Count; j++)
        {
            ComparedRun run = comparison.Runs[j];
            w.WriteStartObject();
            w.WriteString("label", run.Label);
            w.WriteString("file", run.File);
            w.WriteString("scenario", run.Scenario);
            w.WriteString("sha256", run.Sha256);
            w.WriteString("policy", run.Policy);
            w.WriteStartArray("leakedQuantiles");
            for (int i = 0; i < comparison.QuantileLevels.Count; i++)
            {
                w.WriteStartObject();
                RunSummaryWriter.WriteNumber(w, "q", comparison.QuantileLevels[i]);
                RunSummaryWriter.WriteNumber(w, "leaked", run.LeakedQuantiles[i]);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WritePropertyName("summary");
            RunSummaryWriter.Write(w, result, j);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("comparisons");
        foreach (PolicyComparison c in comparison.Comparisons)
        {
            WriteComparison(w, comparison, c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter w, Comparison comparison, PolicyComparison c)
    {
        w.WriteStartObject();
        w.WriteString("label", c.Label);
        w.WriteString("against", c.Reference);
        w.WriteString("verdict", comparison.VerdictOf(c));
        w.WriteStartObject("effects");
        w.WritePropertyName("leaked");
        WriteEffect(w, c.Leakage);
        w.WritePropertyName("delivered");
        WriteEffect(w, c.Delivered);
        w.WriteEndObject();
        w.WriteStartObject("paired");
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            w.WritePropertyName(RunSummaryWriter.Key(o));
            WritePaired(w, c.Paired[o]);
        }

        w.WriteEndObject();
        w.WriteStartObject("collateral");
        RunSummaryWriter.WriteNumber(w, "deliveredChange", c.Delivered.MeanDifference);
        RunSummaryWriter.WriteNumber(w, "deliveredChangeLow", c.Delivered.DifferenceLow);
        RunSummaryWriter.WriteNumber(w, "deliveredChangeHigh", c.Delivered.DifferenceHigh);
        RunSummaryWriter.WriteNumber(w, "blockedChange", c.BlockedChange);
        RunSummaryWriter.WriteNumber(w, "blockedByLicenceChange", c.Paired[Outcome.BlockedByLicence].MeanDifference);
        RunSummaryWriter.WriteNumber(w, "blockedByCapChange", c.Paired[Outcome.BlockedByCap].MeanDifference);
        RunSummaryWriter.WriteNumber(w, "lossPerUnitAvoided", c.LossPerUnitAvoided ?? double.NaN);
        w.WriteEndObject();
        w.WriteStartObject("displacement");
        w.WriteStartArray("targetedCountries");
        foreach (string country in c.TargetedCountries)
        {
            w.WriteStringValue(country);
        }

        w.WriteEndArray();
        RunSummaryWriter.WriteNumber(w, "targetedFall", c.TargetedFall);
        RunSummaryWriter.WriteNumber(w, "targetedFallNoise", c.TargetedFallNoise);
        WriteChanges(w, "bySourceCountry", "country", c.BySourceCountry, withShares: true);
        WriteChanges(w, "byTransitCountry", "country", c.ByTransitCountry, withShares: false);
        WriteChanges(w, "byRoute", "route", c.ByRoute, withShares: false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteChanges(Utf8JsonWriter w, string name, string keyName, IReadOnlyList<BreakdownChange> rows, bool withShares)
    {
        w.WriteStartArray(name);
        foreach (BreakdownChange row in rows)
        {
            w.WriteStartObject();
            w.WriteString(keyName, row.Name);
            RunSummaryWriter.WriteNumber(w, "reference", row.Reference);
            RunSummaryWriter.WriteNumber(w, "compared", row.Compared);
            RunSummaryWriter.WriteNumber(w, "change", row.Change);
            RunSummaryWriter.WriteNumber(w, "noise", row.Noise);
            if (withShares)
            {
                w.WriteBoolean("targeted", row.Targeted);
                RunSummaryWriter.WriteNumber(w, "share", row.Displacement ?? double.NaN);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Writes one effect object: the mean change with its Monte Carlo precision (<c>meanChange*</c>), kept
    /// apart from the spread of the change over trials (<c>spread</c>, <c>probability*</c>). Same numbers as
    /// <c>paired</c>, under names that say which is which.
    /// </summary>
    public static void WriteEffect(Utf8JsonWriter w, PairedSummary p)
    {
        w.WriteStartObject();
        bool defined = p.Count > 0;
        bool relative = defined && p.MeanBaseline != 0
            && double.IsFinite(p.RelativeReduction) && double.IsFinite(p.RelativeReductionLow) && double.IsFinite(p.RelativeReductionHigh);
        RunSummaryWriter.WriteDefined(w, "meanChange", p.MeanDifference, defined);
        RunSummaryWriter.WriteDefined(w, "meanChangeMcse", Verdict.MeanDifferenceStandardError(p), defined);
        w.WriteStartObject("meanChange95");
        RunSummaryWriter.WriteDefined(w, "low", p.DifferenceLow, defined);
        RunSummaryWriter.WriteDefined(w, "high", p.DifferenceHigh, defined);
        w.WriteEndObject();
        RunSummaryWriter.WriteDefined(w, "meanRelativeChange", relative ? -p.RelativeReduction : double.NaN, relative);
        w.WriteStartObject("meanRelativeChange95");
        RunSummaryWriter.WriteDefined(w, "low", relative ? -p.RelativeReductionHigh : double.NaN, relative);
        RunSummaryWriter.WriteDefined(w, "high", relative ? -p.RelativeReductionLow : double.NaN, relative);
        w.WriteEndObject();
        if (defined)
        {
            w.WriteBoolean("withinNoise", Verdict.WithinNoise(p));
        }
        else
        {
            w.WriteNull("withinNoise");
        }

        w.WriteStartObject("spread");
        RunSummaryWriter.WriteDefined(w, "p05", p.DifferenceP05, defined);
        RunSummaryWriter.WriteDefined(w, "p50", p.DifferenceP50, defined);
        RunSummaryWriter.WriteDefined(w, "p95", p.DifferenceP95, defined);
        RunSummaryWriter.WriteDefined(w, "stdDev", p.StdDevDifference, defined);
        w.WriteEndObject();
        RunSummaryWriter.WriteDefined(w, "probabilityIncrease", p.ProbabilityGreater, defined);
        RunSummaryWriter.WriteDefined(w, "probabilityDecrease", p.ProbabilityLess, defined);
        RunSummaryWriter.WriteDefined(w, "probabilityNoChange", p.ProbabilityEqual, defined);
        w.WriteEndObject();
    }

    /// <summary>Writes one paired-statistics object.</summary>
    public static void WritePaired(Utf8JsonWriter w, PairedSummary p)
    {
        w.WriteStartObject();
        w.WriteNumber("count", p.Count);
        bool defined = p.Count > 0;

        // The relative reduction alone may be undefined with trials: a reference mean of 0, or one so close
        // to 0 that the ratio is not a finite number.
        bool relative = defined && p.MeanBaseline != 0
            && double.IsFinite(p.RelativeReductionLow) && double.IsFinite(p.RelativeReductionHigh);
        RunSummaryWriter.WriteDefined(w, "meanReference", p.MeanBaseline, defined);
        RunSummaryWriter.WriteDefined(w, "meanCompared", p.MeanPolicy, defined);
        RunSummaryWriter.WriteDefined(w, "meanDifference", p.MeanDifference, defined);
        RunSummaryWriter.WriteDefined(w, "stdDevDifference", p.StdDevDifference, defined);
        RunSummaryWriter.WriteDefined(w, "differenceLow", p.DifferenceLow, defined);
        RunSummaryWriter.WriteDefined(w, "differenceHigh", p.DifferenceHigh, defined);
        RunSummaryWriter.WriteDefined(w, "relativeReduction", relative ? p.RelativeReduction : double.NaN, relative);
        RunSummaryWriter.WriteDefined(w, "relativeReductionLow", relative ? p.RelativeReductionLow : double.NaN, relative);
        RunSummaryWriter.WriteDefined(w, "relativeReductionHigh", relative ? p.RelativeReductionHigh : double.NaN, relative);
        RunSummaryWriter.WriteDefined(w, "probabilityLess", p.ProbabilityLess, defined);
        RunSummaryWriter.WriteDefined(w, "probabilityEqual", p.ProbabilityEqual, defined);
        RunSummaryWriter.WriteDefined(w, "probabilityGreater", p.ProbabilityGreater, defined);
        RunSummaryWriter.WriteDefined(w, "pairedIntervalWidth", p.PairedIntervalWidth, defined);
        RunSummaryWriter.WriteDefined(w, "independentIntervalWidth", p.IndependentIntervalWidth, defined);
        RunSummaryWriter.WriteDefined(w, "differenceP05", p.DifferenceP05, defined);
        RunSummaryWriter.WriteDefined(w, "differenceP50", p.DifferenceP50, defined);
        RunSummaryWriter.WriteDefined(w, "differenceP95", p.DifferenceP95, defined);
        w.WriteEndObject();
    }
}
