using System.ComponentModel;
using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow sensitivity FILE</c>: which uncertain inputs drive an outcome (rank correlation, swings, Sobol indices).</summary>
internal sealed class SensitivityCommand(IAnsiConsole console, ErrorOutput errors, RunContext context) : Command<SensitivityCommand.Settings>
{
    /// <summary>Most trials (or Sobol base samples) one analysis accepts: every evaluation's outcome is kept in memory.</summary>
    public const long MaxSensitivityTrials = 50_000_000;

    public sealed class Settings : SimulationSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Scenario file (YAML).")]
        public string File { get; init; } = "";

        [CommandOption("-p|--policy <NAME>")]
        [Description("Policy to apply (default: the baseline). Needed for a delta: outcome.")]
        public string? Policy { get; init; }

        [CommandOption("--outcome <NAME>")]
        [Description("Outcome to explain: a total as keyed in summary.json (leaked, delivered, …), leaked.source[[CC]] (leakage by source country), or delta:NAME with --policy (policy − baseline, same trial).")]
        [DefaultValue("leaked")]
        public string Outcome { get; init; } = "leaked";

        [CommandOption("-m|--method <METHOD>")]
        [Description("rank (Spearman ρ, N trials), swing (tornado, 2·N·k trials), sobol (N·(k + 2) trials) or all.")]
        [DefaultValue("rank")]
        public string Method { get; init; } = "rank";

        [CommandOption("--chart-format <FORMAT>")]
        [Description("With --out: draw the charts as png (default) or svg; report.html embeds them as SVG either way.")]
        [DefaultValue("png")]
        public string ChartFormatText { get; init; } = "png";

        public override ValidationResult Validate()
        {
            ValidationResult common = base.Validate();
            if (!common.Successful)
            {
                return common;
            }

            if (Method is not ("rank" or "swing" or "sobol" or "all"))
            {
                return ValidationResult.Error($"--method '{Method}' is not allowed; use rank, swing, sobol or all");
            }

            if (ChartWriter.Parse(ChartFormatText) is null)
            {
                return ValidationResult.Error($"--chart-format '{ChartFormatText}' is not allowed; use png or svg");
            }

            if (Trials is > MaxSensitivityTrials)
            {
                return ValidationResult.Error($"--trials must be at most {MaxSensitivityTrials:N0} for sensitivity (every trial's outcome is kept in memory)");
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
        FlowPlan baseline = PlanCompiler.Compile(scenario, null);
        FlowPlan plan = policy is null ? baseline : PlanCompiler.Compile(scenario, policy);
        SensitivityOutcome outcome = SensitivityOutcome.TryParse(settings.Outcome, plan, out string problem) ?? throw new UserErrorException(problem);
        if (outcome.IsDelta && policy is null)
        {
            throw new UserErrorException($"--outcome '{settings.Outcome}' is a difference policy − baseline: give --policy NAME (available: {(scenario.Policies.Count == 0 ? "none" : string.Join(", ", scenario.Policies.Select(p => p.Name)))})");
        }

        FlowPlan[] plans = outcome.IsDelta ? [baseline, plan] : [plan];
        SensitivityInput[] inputs = SensitivityInputs.Of(scenario, plans);
        long trials = settings.Trials ?? scenario.Trials;
        if (trials > MaxSensitivityTrials)
        {
            throw new UserErrorException($"{scenario.File}: run.trials {trials:N0} is more than sensitivity accepts ({MaxSensitivityTrials:N0}); give --trials N");
        }

        int n = (int)trials;
        ulong seed = settings.Seed ?? scenario.Seed;
        bool rank = settings.Method is "rank" or "all", swing = settings.Method is "swing" or "all", sobol = settings.Method is "sobol" or "all";
        if (inputs.Length == 0)
        {
            throw new UserErrorException($"{scenario.File}: no uncertain input (no parameter or attribute is drawn from a distribution); nothing to analyse");
        }

        if (rank && n < 4)
        {
            throw new UserErrorException("--method rank needs --trials 4 or more");
        }

        if ((swing || sobol) && n < 2)
        {
            throw new UserErrorException($"--method {settings.Method} needs --trials 2 or more");
        }

        SensitivityFactor[] factors = SensitivityFactors.Of(plans, inputs);
        if (sobol && SobolProblem(inputs, factors) is { } sobolProblem)
        {
            if (settings.Method == "sobol")
            {
                throw new UserErrorException(sobolProblem);
            }

            errors.Warning($"Sobol indices skipped: {sobolProblem}");
            sobol = false;
        }

        if (sobol && (long)n * (factors.Length + 2) > MaxSensitivityTrials * 4)
        {
            throw new UserErrorException($"--method sobol with N = {n:N0} and {factors.Length} factors needs {(long)n * (factors.Length + 2):N0} trials; give a smaller --trials");
        }

        var evaluator = new SensitivityEvaluator(plans, inputs, outcome, settings.Threads ?? Environment.ProcessorCount);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Cancellation);
        SensitivityReport report;
        try
        {
            report = Analyse(evaluator, inputs, factors, n, seed, rank, swing, sobol, settings.Quiet, linked.Token) with
            {
                Scenario = scenario.Name,
                Policy = plan.PolicyName,
                Outcome = outcome.Text,
            };
        }
        catch (OperationCanceledException)
        {
            errors.Warning("interrupted: no sensitivity result (the methods need all their trials).");
            return ExitCodes.Interrupted;
        }

        switch (settings.Format)
        {
            case "json":
                ConsoleText.Line(console, SensitivityOutput.ToJson(report));
                break;
            case "csv":
                console.Profile.Out.Writer.Write(SensitivityOutput.ToCsv(report));
                break;
            default:
                SensitivityOutput.Write(console, report);
                break;
        }

        if (output is not null)
        {
            string directory = output.PathOf("");
            string json = SensitivityOutput.ToJson(report), csv = SensitivityOutput.ToCsv(report);
            AtomicFile.WriteAllText(output.PathOf("sensitivity.json"), json);
            AtomicFile.WriteAllText(output.PathOf("sensitivity.csv"), csv);
            var charts = new ChartWriter(directory, ChartWriter.Parse(settings.ChartFormatText)!.Value);
            SensitivityCharts.WriteAll(charts, report);
            foreach (string stale in SensitivityCharts.Names.SelectMany(n => new[] { n + ".png", n + ".svg" }).Except(charts.Files))
            {
                File.Delete(output.PathOf(stale));
            }

            AtomicFile.WriteAllText(output.PathOf(Reporting.Html.HtmlReport.FileName),
                Reporting.Html.ReportHtml.ForSensitivity(scenario, report, json, csv, charts, directory, ["sensitivity.json", "sensitivity.csv", .. charts.Files]));
            AtomicFile.RemoveStagingIfEmpty(directory);
            if (!settings.Quiet)
            {
                errors.Note($"Wrote sensitivity.json, sensitivity.csv, {string.Join(", ", charts.Files.Append("report.html"))} to {settings.Out}");
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Why Sobol indices cannot be computed here, or null. A correlation group counts as one factor.</summary>
    private static string? SobolProblem(SensitivityInput[] inputs, SensitivityFactor[] factors)
    {
        if (factors.Length >= 2)
        {
            return null;
        }

        if (inputs.Length < 2)
        {
            return $"Sobol indices need at least two uncertain inputs; this scenario has {inputs.Length} ({string.Join(", ", inputs.Select(i => i.Name))}); use --method rank or swing";
        }

        return $"Sobol indices need at least two uncertain inputs that are not correlated with each other, and {string.Join(", ", inputs.Select(i => i.Name))} form one correlation group ({factors[0].Name}), so all the variance would go to it; use --method rank or swing";
    }

    private SensitivityReport Analyse(SensitivityEvaluator evaluator, SensitivityInput[] inputs, SensitivityFactor[] factors, int n, ulong seed, bool rank, bool swing, bool sobol, bool quiet, CancellationToken cancellation)
    {
        int k = inputs.Length;
        long evaluations = (rank ? n : 0) + (swing ? 2L * k * n : 0) + (sobol ? (long)n * (factors.Length + 2) : 0);
        if (!quiet)
        {
            string grouped = sobol && factors.Length < k ? $" ({factors.Length} Sobol factors: correlation groups count once)" : "";
            errors.Note($"sensitivity: {k} input(s){grouped}, {evaluations:N0} trials to run");
        }

        SensitivityRow[]? rankRows = rank ? SensitivityMethods.Rank(evaluator, inputs, n, seed, cancellation) : null;
        SensitivityRow[]? swingRows = swing ? SensitivityMethods.Swing(evaluator, inputs, n, seed, cancellation) : null;
        SensitivityRow[]? first = null, total = null;
        SensitivityRow? unexplained = null;
        if (sobol)
        {
            SobolResult r = SensitivityMethods.Sobol(evaluator, factors, n, seed, cancellation);
            const string interval = "bootstrap percentile";
            first = [.. factors.Select((f, i) => new SensitivityRow("sobol-first", f.Name, r.FirstOrder[i].Value, r.FirstOrder[i].Low, r.FirstOrder[i].High, interval, f.Detail))];
            total = [.. factors.Select((f, i) => new SensitivityRow("sobol-total", f.Name, r.TotalOrder[i].Value, r.TotalOrder[i].Low, r.TotalOrder[i].High, interval, f.Detail))];
            unexplained = new SensitivityRow("sobol-unexplained", "(1 - sum of first-order)", r.Unexplained.Value, r.Unexplained.Low, r.Unexplained.High, interval);
        }

        return new SensitivityReport("", "", "", n, seed, [.. inputs.Select(i => i.Name)], rankRows, swingRows, first, total, unexplained, evaluations);
    }
}
