using System.Globalization;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Engine;
using Spectre.Console;

namespace ExportFlow.Simulation.Reporting;

/// <summary>The console tables, calibration.json and posterior.csv of <c>exportflow calibrate</c>.</summary>
internal static class CalibrationOutput
{
    private static string Format(double v) => !double.IsFinite(v) ? "–" : Math.Abs(v) >= 100 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Range(Spread s) => Markup.Escape($"{Format(s.P50)} [{Format(s.P05)}, {Format(s.P95)}]");

    /// <summary>Inputs, observations and leakage, prior against posterior, with what the intervals are.</summary>
    public static void Write(IAnsiConsole console, CalibrationSummary s)
    {
        SmcResult r = s.Result;
        console.Write(new Rule($"[bold]{Markup.Escape(s.Scenario.Name)}[/] · {Markup.Escape(s.Policy)} · evidence {Markup.Escape(Path.GetFileName(s.Evidence.File))} ({s.Evidence.Observations.Count} observations) · {r.Particles:N0} particles · seed {s.Options.Seed}").LeftJustified());
        console.WriteLine("Every range below is a spread over particles (what the world might be, given the prior or the evidence): median [5th, 95th percentile]. It is not a Monte Carlo precision; rerun with another --seed to see that.");

        var inputs = new Table().Title("Inputs: prior → posterior");
        inputs.AddColumn("input");
        inputs.AddColumn("prior");
        inputs.AddColumn(new TableColumn("prior median [[p05, p95]]").RightAligned());
        inputs.AddColumn(new TableColumn("posterior median [[p05, p95]]").RightAligned());
        inputs.AddColumn(new TableColumn("posterior mean").RightAligned());
        foreach (InputSummary i in s.Inputs)
        {
            inputs.AddRow(Markup.Escape(i.Name), Markup.Escape(i.Distribution), Range(i.Prior), Range(i.Posterior), Format(i.Posterior.Mean));
        }

        console.Write(inputs);

        var obs = new Table().Title("Observations: the model's value (without the observation's error), prior → posterior");
        obs.AddColumn("id");
        obs.AddColumn("outcome, periods");
        obs.AddColumn(new TableColumn("observed").RightAligned());
        obs.AddColumn("error");
        obs.AddColumn(new TableColumn("prior median [[p05, p95]]").RightAligned());
        obs.AddColumn(new TableColumn("posterior median [[p05, p95]]").RightAligned());
        obs.AddColumn(new TableColumn("prior tail").RightAligned());
        foreach (ObservationSummary o in s.Observations)
        {
            Observation x = o.Observation;
            obs.AddRow(Markup.Escape(x.Id), Markup.Escape(Window(o)), Format(x.Observed), Markup.Escape(x.Error.ToString()),
                Range(o.Prior), Range(o.Posterior), (o.Surprising ? "! " : "") + Format(o.PriorTail));
        }

        console.Write(obs);
        console.WriteLine("prior tail: how likely the prior found the observation (for a value, the two-sided tail of the model's value with the observation's error added; for a bound, the prior share inside it); '!' marks below 0.05, evidence the prior did not expect.");

        var outcomes = new Table().Title($"Outcomes ({s.Scenario.QuantityUnit} per trial over {s.Scenario.Periods} {s.Scenario.PeriodUnit}(s)): prior → posterior");
        outcomes.AddColumn("outcome");
        outcomes.AddColumn(new TableColumn("prior mean").RightAligned());
        outcomes.AddColumn(new TableColumn("prior median [[p05, p95]]").RightAligned());
        outcomes.AddColumn(new TableColumn("posterior mean").RightAligned());
        outcomes.AddColumn(new TableColumn("posterior median [[p05, p95]]").RightAligned());
        foreach (var (name, prior, posterior) in s.Outcomes.Where(x => x.Outcome is "leaked" or "interdicted" or "illicitDemand" or "delivered" or "supply"))
        {
            outcomes.AddRow(name, Format(prior.Mean), Range(prior), Format(posterior.Mean), Range(posterior));
        }

        console.Write(outcomes);
        var steps = s.Result.Steps;
        console.WriteLine($"Sampler: {steps.Count} tempering step(s), {r.Evaluations:N0} trials run in {s.Elapsed.TotalSeconds:0.0} s ({r.ModelElapsed.TotalSeconds:0.0} s running the engine, {(r.Elapsed - r.ModelElapsed).TotalSeconds:0.00} s the sampler's bookkeeping); ESS {string.Join(", ", steps.Select(x => x.Ess.ToString("0", CultureInfo.InvariantCulture)))}; acceptance {string.Join(", ", steps.Select(x => x.AcceptanceRate.ToString("0.00", CultureInfo.InvariantCulture)))}.");
    }

    /// <summary>The summary as JSON.</summary>
    public static string ToJson(CalibrationSummary s, string version) => JsonText.Write(w =>
    {
        SmcResult r = s.Result;
        w.WriteStartObject();
        w.WriteString("scenario", s.Scenario.Name);
        w.WriteString("scenarioSha256", s.Scenario.Sha256);
        w.WriteString("policy", s.Policy);
        w.WriteString("evidence", s.Evidence.File);
        w.WriteString("evidenceSha256", s.Evidence.Sha256);
        w.WriteNumber("particles", r.Particles);
        w.WriteNumber("seed", s.Options.Seed);
        w.WriteString("version", version);
        w.WriteString("quantityUnit", s.Scenario.QuantityUnit);
        w.WriteString("intervals", "spread over equally weighted particles: p05, p50, p95 (not Monte Carlo precision)");
        w.WriteStartArray("inputs");
        foreach (InputSummary i in s.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            w.WriteString("prior", i.Distribution);
            WriteSpread(w, "priorSpread", i.Prior);
            WriteSpread(w, "posteriorSpread", i.Posterior);
            w.WriteNumber("posteriorShareBelowPriorP025", i.BelowPriorP025);
            w.WriteNumber("posteriorShareAbovePriorP975", i.AbovePriorP975);
            if (i.EdgeWarning is { } warning)
            {
                w.WriteString("warning", warning);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("observations");
        foreach (ObservationSummary o in s.Observations)
        {
            Observation x = o.Observation;
            w.WriteStartObject();
            w.WriteString("id", x.Id);
            w.WriteString("outcome", x.Target.ToString());
            w.WriteNumber("from", x.From);
            w.WriteNumber("until", o.Until);
            if (x.DenominatorWindow is { } dw)
            {
                w.WriteNumber("denominatorFrom", dw.From);
                w.WriteNumber("denominatorUntil", dw.Until);
            }

            if (double.IsFinite(x.Observed))
            {
                w.WriteNumber("observed", x.Observed);
            }
            else
            {
                w.WriteNull("observed");
            }

            w.WriteString("error", x.Error.ToString());
            w.WriteString("source", x.Source);
            WriteSpread(w, "priorModelValue", o.Prior);
            WriteSpread(w, "posteriorModelValue", o.Posterior);
            w.WriteNumber("priorTail", o.PriorTail);
            w.WriteBoolean("surprisingUnderPrior", o.Surprising);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("outcomes");
        foreach (var (name, prior, posterior) in s.Outcomes)
        {
            w.WriteStartObject(name);
            WriteSpread(w, "prior", prior);
            WriteSpread(w, "posterior", posterior);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("sampler");
        w.WriteNumber("trials", r.Evaluations);
        w.WriteNumber("seconds", Math.Round(s.Elapsed.TotalSeconds, 3));
        w.WriteNumber("modelSeconds", Math.Round(r.ModelElapsed.TotalSeconds, 3));
        w.WriteNumber("bookkeepingSeconds", Math.Round((r.Elapsed - r.ModelElapsed).TotalSeconds, 3));
        w.WriteStartArray("steps");
        foreach (SmcStep step in r.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("gamma", step.Gamma);
            w.WriteNumber("ess", step.Ess);
            w.WriteNumber("acceptanceRate", step.AcceptanceRate);
            w.WriteNumber("moves", step.Moves);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>posterior.csv: one row per equally weighted particle with its scores, input values, observations' values and every outcome.</summary>
    public static string PosteriorCsv(CalibrationSummary s, EngineCalibrationModel model)
    {
        SmcResult r = s.Result;
        int d = r.Dimension, m = r.OutcomeCount;
        var csv = new StringBuilder();
        IEnumerable<string> header = ["particle",
            .. model.Inputs.Select(i => $"z:{i.Name}"),
            .. model.Inputs.Select(i => i.Name),
            .. model.Observations.Select(o => $"obs:{o.Id}"),
            .. Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key),
            "noiseKey"];
        csv.AppendLine(string.Join(',', header.Select(Field)));
        for (int i = 0; i < r.Particles; i++)
        {
            ReadOnlySpan<double> z = r.Scores.AsSpan(i * d, d);
            csv.Append(i.ToString(CultureInfo.InvariantCulture));
            for (int j = 0; j < d; j++)
            {
                csv.Append(',').Append(z[j].ToString("R", CultureInfo.InvariantCulture));
            }

            for (int j = 0; j < d; j++)
            {
                csv.Append(',').Append(model.ValueOf(z, j).ToString("R", CultureInfo.InvariantCulture));
            }

            for (int k = 0; k < m; k++)
            {
                csv.Append(',').Append(r.Outcomes[(i * m) + k].ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append(',').Append(r.NoiseKeys[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Field(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;

    /// <summary>
    /// An observation's outcome and window as the tables show them: <c>leaked, 13–24</c>, or for a ratio whose
    /// denominator has its own window, <c>received[SG] / received[SG], 13–15 over 1–3</c>.
    /// </summary>
    internal static string Window(ObservationSummary o)
    {
        Observation x = o.Observation;
        string text = $"{x.Target}, {x.From}–{o.Until}";
        return x.DenominatorWindow is { } dw ? $"{text} over {dw.From}–{dw.Until}" : text;
    }

    private static void WriteSpread(Utf8JsonWriter w, string name, Spread s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("mean", s.Mean);
        w.WriteNumber("p05", s.P05);
        w.WriteNumber("p50", s.P50);
        w.WriteNumber("p95", s.P95);
        w.WriteEndObject();
    }
}
