using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow run FILE</c>: Monte Carlo leakage with its uncertainty.</summary>
internal sealed class RunCommand(IAnsiConsole console, ErrorOutput errors, RunContext context) : Command<RunCommand.Settings>
{
    public sealed class Settings : PrecisionSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Scenario file (YAML).")]
        public string File { get; init; } = "";

        [CommandOption("-p|--policy <NAME>")]
        [Description("Policy to apply (default: the baseline, no policy).")]
        public string? Policy { get; init; }

        [CommandOption("--threshold <X>")]
        [Description("Report P(outcome > X); repeat for several thresholds.")]
        [TypeConverter(typeof(RealOptionConverter))]
        public double[] Thresholds { get; init; } = [];

        [CommandOption("--samples")]
        [Description("With --out, also write every trial's outcomes and uncertain input values to samples.csv.")]
        public bool Samples { get; init; }

        [CommandOption("--by-period")]
        [Description("Also report every outcome and leaked by source country period by period (mean, its standard error, p05, p50, p95); with --out, also draw leakage-by-period.png.")]
        public bool ByPeriod { get; init; }

        [CommandOption("--trial <I>")]
        [Description("Replay trial I (0-based) alone and print its trace period by period.")]
        [TypeConverter(typeof(Int64OptionConverter))]
        [NumberRange(0, long.MaxValue)]
        public long? Trial { get; init; }

        [CommandOption("--chart-format <FORMAT>")]
        [Description("With --out: draw the charts as png (default) or svg; report.html embeds them as SVG either way.")]
        [DefaultValue("png")]
        public string ChartFormatText { get; init; } = "png";

        [CommandOption("--sampling <METHOD>")]
        [Description(SamplingOption.Description)]
        [DefaultValue("random")]
        public string Sampling { get; init; } = "random";

        public override ValidationResult Validate()
        {
            ValidationResult common = base.Validate();
            if (!common.Successful)
            {
                return common;
            }

            if (Thresholds.Any(x => !double.IsFinite(x)))
            {
                return ValidationResult.Error("--threshold must be a finite number");
            }

            if (ChartWriter.Parse(ChartFormatText) is null)
            {
                return ValidationResult.Error($"--chart-format '{ChartFormatText}' is not allowed; use png or svg");
            }

            if (Trial is < 0)
            {
                return ValidationResult.Error("--trial must be 0 or more");
            }

            if (SamplingOption.Check(Sampling, Trials) is { } sampling)
            {
                return ValidationResult.Error(sampling);
            }

            if (Trial is not null && Sampling != "random")
            {
                return ValidationResult.Error("--trial replays a trial with random inputs; leave out --sampling to replay one");
            }

            if (Trial is not null && Posterior is not null)
            {
                return ValidationResult.Error("--trial replays a trial with its inputs drawn from the priors; leave out --posterior to replay one");
            }

            if (Trial is not null && Precision is not null)
            {
                return ValidationResult.Error("--precision runs trials until an interval is narrow enough; --trial replays one trial. Use one or the other");
            }

            if (Precision is not null && Sampling == "lhs")
            {
                return ValidationResult.Error(SamplingOption.LhsWithPrecision);
            }

            if (Posterior is not null && Sampling != "random")
            {
                return ValidationResult.Error(PosteriorOption.WithSampling);
            }

            if (Samples && Out is null)
            {
                return ValidationResult.Error("--samples needs --out DIR (samples are written to DIR/samples.csv)");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        using OutputDirectory? output = OutputDirectory.Prepare(settings.Out);
        LoadedScenario loaded = ScenarioInput.Load(errors, settings.File);
        Scenario scenario = loaded.Scenario;
        Policy? policy = ScenarioInput.FindPolicy(scenario, settings.Policy);
        FlowPlan plan = PlanCompiler.Compile(scenario, policy);
        ulong seed = settings.Seed ?? scenario.Seed;
        if (settings.Trial is { } trial)
        {
            TraceReport.Write(console, plan, seed, trial);
            return ExitCodes.Ok;
        }

        var tracking = RunTracking.Create(settings.Request, [plan.PolicyName], paired: false, convergence: output is not null);
        var options = tracking.Apply(new RunOptions
        {
            Trials = settings.Trials ?? scenario.Trials,
            Seed = seed,
            Threads = settings.Threads ?? Environment.ProcessorCount,
            Thresholds = settings.Thresholds,
            ByPeriod = settings.ByPeriod,
            Sampling = SamplingOption.Parse(settings.Sampling),
            Posterior = settings.Posterior is null ? null : PosteriorOption.Load(errors, settings.Posterior, scenario, [plan], settings.Quiet),
        });
        if (policy is not null && options.Sampling != SamplingMethod.Random)
        {
            // The baseline's slots come first, so the policy's inputs get the dimensions they have in 'compare'.
            options = options with { SamplingReference = PlanCompiler.Compile(scenario, null) };
        }

        SamplingOption.Prepare(errors, settings.Sampling, [plan], options);

        foreach (string warning in WorkEstimate.For(scenario).RunWarnings(tracking.Request?.MinTrials ?? options.Trials, options.Threads))
        {
            errors.Warning(warning);
        }

        if (output is not null && settings.Samples)
        {
            // samples.csv also carries each trial's input values, named and valued as `sensitivity` does.
            SensitivityInput[] inputs = SensitivityInputs.Of(scenario, [plan]);
            options = options with
            {
                SampleSink = output.OpenSamples([plan], [.. inputs.Select(i => i.Name)]),
                SampleInputDraws = [SensitivityInputs.DrawsOf(plan, inputs)],
            };
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Cancellation);
        MonteCarloResult result = RunWithProgress(errors, [plan], options, settings.Quiet, output, samples: false, linked.Token);
        if (result.Partial)
        {
            errors.Warning($"interrupted: partial result over the first {result.TrialsCompleted:N0} of {options.Trials:N0} trials.");
        }

        tracking.Report(result, errors, settings.Quiet);

        switch (settings.Format)
        {
            case "csv" when settings.ByPeriod:
                ConsoleText.Line(console, PeriodTable.ToCsv(result, 0));
                break;
            case "json":
                ConsoleText.Line(console, tracking.AddTo(RunSummaryWriter.ToJson(result, 0, loaded.Warnings), result));
                break;
            case "csv":
                ConsoleText.Line(console, SummaryTable.ToCsv(result, 0));
                break;
            default:
                SummaryTable.Write(console, result, 0);
                if (settings.ByPeriod)
                {
                    PeriodTable.Write(console, result, 0);
                }

                break;
        }

        if (output is not null)
        {
            var charts = new ChartWriter(output.PathOf(""), ChartWriter.Parse(settings.ChartFormatText)!.Value);
            if (settings.ByPeriod)
            {
                PeriodChart.Write(charts, result, 0);
            }

            RunCharts.WriteAll(charts, result, 0);
            tracking.WriteConvergence(charts, result);
            string json = tracking.AddTo(RunSummaryWriter.ToJson(result, 0, loaded.Warnings), result);
            output.Finish(result, json, context.Arguments, scenario, report: files => Reporting.Html.ReportHtml.ForRun(scenario, result, json, charts, output.PathOf(""), files));
            if (!settings.Quiet)
            {
                errors.Note($"Wrote {string.Join(", ", output.Written)} to {Path.GetFullPath(settings.Out!)}");
            }
        }

        return result.Partial ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>Runs with a progress bar on standard error when it is an interactive terminal, or silently.</summary>
    internal static MonteCarloResult RunWithProgress(ErrorOutput errors, IReadOnlyList<FlowPlan> plans, RunOptions options, bool quiet, OutputDirectory? output, bool samples, CancellationToken cancellation)
    {
        if (output is not null && samples)
        {
            options = options with { SampleSink = output.OpenSamples(plans) };
        }

        IAnsiConsole? console = quiet ? null : errors.Progress;
        if (console is null || !console.Profile.Capabilities.Interactive)
        {
            return MonteCarloRunner.Run(plans, options, null, cancellation);
        }

        MonteCarloResult? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("trials", maxValue: options.Trials);
                bool precision = options.AfterMerge is not null;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                result = MonteCarloRunner.Run(plans, options, done =>
                {
                    task.Value = done;
                    double rate = done / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                    task.Description = precision
                        ? $"{done:N0} trials, {rate:N0}/s; stops when --precision is met (bar: --max-trials {options.Trials:N0})"
                        : $"{done:N0} trials, {rate:N0}/s";
                }, cancellation);
            });
        return result!;
    }
}
