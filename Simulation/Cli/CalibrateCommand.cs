using System.ComponentModel;
using System.Diagnostics;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow calibrate SCENARIO EVIDENCE</c>: the scenario's inputs updated by public observations (sequential Monte Carlo).</summary>
internal sealed class CalibrateCommand(IAnsiConsole console, ErrorOutput errors, RunContext context) : Command<CalibrateCommand.Settings>
{
    /// <summary>Most particles one calibration accepts (each keeps its scores and outcomes in memory).</summary>
    public const int MaxParticles = 10_000_000;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SCENARIO>")]
        [Description("Scenario file (YAML): its per-trial parameters and inline distributions are the priors.")]
        public string Scenario { get; init; } = "";

        [CommandArgument(1, "<EVIDENCE>")]
        [Description("Evidence file (YAML): observations of the scenario's outcomes, each with its error model and source (docs/calibration.md).")]
        public string Evidence { get; init; } = "";

        [CommandOption("-p|--policy <NAME>")]
        [Description("Calibrate under this policy (default: the baseline, no policy).")]
        public string? Policy { get; init; }

        [CommandOption("--particles <N>")]
        [Description("Particles (default 2,000). More particles give a smoother posterior; the cost grows in proportion.")]
        [TypeConverter(typeof(Int32OptionConverter))]
        [NumberRange(10, MaxParticles)]
        public int? Particles { get; init; }

        [CommandOption("-s|--seed <S>")]
        [Description("Seed (default: the scenario's run.seed). The same seed gives the same posterior bit for bit, whatever --threads.")]
        [TypeConverter(typeof(UInt64OptionConverter))]
        public ulong? Seed { get; init; }

        [CommandOption("-t|--threads <T>")]
        [Description("Worker threads (default: all cores). Results do not depend on it.")]
        [TypeConverter(typeof(Int32OptionConverter))]
        [NumberRange(1, SimulationSettings.MaxThreads)]
        public int? Threads { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("Output on the console: table or json.")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder for posterior.csv, posterior.parquet, calibration.json and the charts (created if missing); every file is written atomically, and nothing is written if the calibration is interrupted.")]
        public string? Out { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("No progress bar and no notes on standard error; errors and warnings are still shown.")]
        public bool Quiet { get; init; }

        [CommandOption("--chart-format <FORMAT>")]
        [Description("With --out: draw the charts as png (default) or svg; report.html embeds them as SVG either way.")]
        [DefaultValue("png")]
        public string ChartFormatText { get; init; } = "png";

        public override ValidationResult Validate()
        {
            if (Format is not ("table" or "json"))
            {
                return ValidationResult.Error($"--format '{Format}' is not allowed; use table or json");
            }

            if (ChartWriter.Parse(ChartFormatText) is null)
            {
                return ValidationResult.Error($"--chart-format '{ChartFormatText}' is not allowed; use png or svg");
            }

            if (Particles is < 10 or > MaxParticles)
            {
                return ValidationResult.Error($"--particles must be from 10 to {MaxParticles:N0}");
            }

            if (Out is not null && string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out needs a folder name");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        using OutputDirectory? output = OutputDirectory.Prepare(settings.Out);
        LoadedScenario loaded = ScenarioInput.Load(errors, settings.Scenario);
        Scenario scenario = loaded.Scenario;
        Policy? policy = ScenarioInput.FindPolicy(scenario, settings.Policy);
        EvidenceLoadResult evidenceResult = EvidenceLoader.Load(settings.Evidence, scenario);
        errors.Diagnostics(evidenceResult.Diagnostics);
        EvidenceFile evidence = evidenceResult.Evidence ?? throw new UserErrorException(
            $"{settings.Evidence}: {evidenceResult.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s); nothing was run");
        FlowPlan plan = PlanCompiler.Compile(scenario, policy);
        var model = new EngineCalibrationModel(scenario, plan, evidence.Observations);
        var options = new SmcOptions
        {
            Particles = settings.Particles ?? 2000,
            Seed = settings.Seed ?? scenario.Seed,
            Threads = settings.Threads ?? Environment.ProcessorCount,
        };
        if (!settings.Quiet)
        {
            errors.Note($"calibrate: {model.Dimension} input(s) ({string.Join(", ", model.Inputs.Select(i => i.Name))}), {evidence.Observations.Count} observation(s), {options.Particles:N0} particles");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Cancellation);
        var clock = Stopwatch.StartNew();
        SmcResult result;
        try
        {
            result = RunWithProgress(model, options, settings.Quiet, linked.Token);
        }
        catch (OperationCanceledException)
        {
            errors.Warning("interrupted: no posterior (a calibration needs all its steps); nothing was written.");
            return ExitCodes.Interrupted;
        }
        catch (ZeroDenominatorException zero)
        {
            Observation o = evidence.Observations[zero.Observation];
            (int from, int until) = o.DenominatorWindow ?? (o.From, o.Until ?? scenario.Periods);
            errors.Diagnostics([new Diagnostic(DiagnosticSeverity.Error, o.TargetLocation, $"evidence[{zero.Observation}].outcome",
                $"the denominator of '{o.Target}' is 0 in a trial of this scenario over periods {from}–{until}, so the ratio is undefined there; observe a ratio whose denominator is positive in every trial, or observe the numerator alone")]);
            throw new UserErrorException($"{settings.Evidence}: 1 error(s); nothing was written");
        }

        clock.Stop();
        var summary = CalibrationSummary.Of(model, evidence, scenario, plan.PolicyName, options, result, clock.Elapsed);
        foreach (InputSummary input in summary.Inputs)
        {
            if (input.EdgeWarning is { } warning)
            {
                errors.Warning(warning);
            }
        }

        if (settings.Format == "json")
        {
            ConsoleText.Line(console, CalibrationOutput.ToJson(summary, CliApp.VersionText));
        }
        else
        {
            CalibrationOutput.Write(console, summary);
        }

        if (output is not null)
        {
            string directory = output.PathOf("");
            AtomicFile.WriteAllText(output.PathOf("posterior.csv"), CalibrationOutput.PosteriorCsv(summary, model));
            ParquetPosterior.Write(output.PathOf("posterior.parquet"), summary, model);
            var charts = new ChartWriter(directory, ChartWriter.Parse(settings.ChartFormatText)!.Value);
            CalibrationCharts.WriteAll(charts, summary, model);
            foreach (string stale in CalibrationCharts.Names.SelectMany(n => new[] { n + ".png", n + ".svg" }).Except(charts.Files))
            {
                File.Delete(output.PathOf(stale));
            }

            string json = CalibrationOutput.ToJson(summary, CliApp.VersionText);
            AtomicFile.WriteAllText(output.PathOf("calibration.json"), json);
            AtomicFile.WriteAllText(output.PathOf(Reporting.Html.HtmlReport.FileName),
                Reporting.Html.ReportHtml.ForCalibration(summary, json, charts, directory, ["posterior.csv", "posterior.parquet", .. charts.Files, "calibration.json"]));
            AtomicFile.RemoveStagingIfEmpty(directory);
            if (!settings.Quiet)
            {
                errors.Note($"Wrote posterior.csv, posterior.parquet, calibration.json, {string.Join(", ", charts.Files)}, report.html to {Path.GetFullPath(settings.Out!)}");
            }
        }

        return ExitCodes.Ok;
    }

    private SmcResult RunWithProgress(EngineCalibrationModel model, SmcOptions options, bool quiet, CancellationToken cancellation)
    {
        IAnsiConsole? progress = quiet ? null : errors.Progress;
        if (progress is null || !progress.Profile.Capabilities.Interactive)
        {
            return TemperedSmc.Run(model, options, null, cancellation);
        }

        SmcResult? result = null;
        progress.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("tempering γ = 0", maxValue: 1.0);
                int steps = 0;
                result = TemperedSmc.Run(model, options, step =>
                {
                    steps++;
                    task.Value = step.Gamma;
                    task.Description = $"step {steps}: γ = {step.Gamma:0.000}, ESS {step.Ess:N0}, acceptance {step.AcceptanceRate:P0}";
                }, cancellation);
            });
        return result!;
    }
}
