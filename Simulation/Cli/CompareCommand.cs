using System.ComponentModel;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// <c>exportflow compare FILE [FILE...]</c>: policies against the baseline, or several files' baselines
/// against the first, trial by trial with common random numbers.
/// </summary>
internal sealed class CompareCommand(IAnsiConsole console, ErrorOutput errors, RunContext context) : Command<CompareCommand.Settings>
{
    public sealed class Settings : PrecisionSettings
    {
        [CommandArgument(0, "<FILES>")]
        [Description("One scenario file (its policies against its baseline), or two or more files with the same structure (each file's baseline against the first file's).")]
        public string[] Files { get; init; } = [];

        [CommandOption("-p|--policy <NAME>")]
        [Description("Policy to compare with the baseline (or with --reference); repeat for several (default: every policy in the file). One file only.")]
        public string[] Policies { get; init; } = [];

        [CommandOption("--reference <POLICY>")]
        [Description("One file: compare with this policy instead of the baseline, paired trial by trial (for example a history of events against that history without one of them). The baseline is then compared like a policy; name it 'baseline' in --policy.")]
        public string? Reference { get; init; }

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

            if (Files.Length == 0)
            {
                return ValidationResult.Error("give a scenario file (its policies are compared with its baseline) or two or more files");
            }

            if (SamplingOption.Check(Sampling, Trials) is { } sampling)
            {
                return ValidationResult.Error(sampling);
            }

            if (Precision is not null && Sampling == "lhs")
            {
                return ValidationResult.Error(SamplingOption.LhsWithPrecision);
            }

            if (Posterior is not null && Sampling != "random")
            {
                return ValidationResult.Error(PosteriorOption.WithSampling);
            }

            if (ChartWriter.Parse(ChartFormatText) is null)
            {
                return ValidationResult.Error($"--chart-format '{ChartFormatText}' is not allowed; use png or svg");
            }

            if (Files.Length > 1 && Policies.Length > 0)
            {
                return ValidationResult.Error("--policy works with one file; with several files each file's baseline is compared with the first file's");
            }

            if (Files.Length > 1 && Reference is not null)
            {
                return ValidationResult.Error("--reference works with one file; with several files the first file's baseline is the reference");
            }

            bool baselineIsReference = Reference is null or "baseline";
            if (baselineIsReference && Policies.FirstOrDefault(p => p == "baseline") is not null)
            {
                return ValidationResult.Error("--policy baseline: the baseline is the reference; name the policies to compare with it (or give another --reference)");
            }

            if (!baselineIsReference && Policies.Contains(Reference!, StringComparer.Ordinal))
            {
                return ValidationResult.Error($"--policy '{Reference}' is the --reference; name the policies to compare with it");
            }

            if (Policies.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return ValidationResult.Error($"--policy '{twice.Key}' is given twice");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        using OutputDirectory? output = OutputDirectory.Prepare(settings.Out);
        var (plans, labels, targeted, kind, scenarios, warnings) = settings.Files.Length == 1
            ? PolicyPlans(settings)
            : FilePlans(settings);
        Scenario first = scenarios[0];
        PrecisionRequest? request = settings.Request;
        var tracking = RunTracking.Create(request, labels, paired: request?.Statistic.Kind == Statistics.PrecisionStatisticKind.Mean, convergence: output is not null);
        var options = tracking.Apply(new RunOptions
        {
            Trials = settings.Trials ?? first.Trials,
            Seed = settings.Seed ?? first.Seed,
            Threads = settings.Threads ?? Environment.ProcessorCount,
            Sampling = SamplingOption.Parse(settings.Sampling),
            Posterior = settings.Posterior is null ? null
                : scenarios.Length == 1 ? PosteriorOption.Load(errors, settings.Posterior, first, plans, settings.Quiet)
                : throw new UserErrorException("--posterior calibrates one scenario's inputs; compare the policies of one scenario file with it"),
        });
        SamplingOption.Prepare(errors, settings.Sampling, plans, options);

        foreach (string warning in WorkEstimate.For(first).RunWarnings(request?.MinTrials ?? options.Trials, options.Threads, plans.Length))
        {
            errors.Warning(warning);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Cancellation);
        MonteCarloResult result = RunCommand.RunWithProgress(errors, plans, options, settings.Quiet, output, samples: false, linked.Token);
        if (result.Partial)
        {
            errors.Warning($"interrupted: partial result over the first {result.TrialsCompleted:N0} of {options.Trials:N0} trials.");
        }

        tracking.Report(result, errors, settings.Quiet);

        Comparison comparison = ComparisonBuilder.Build(result, kind, labels, targeted);
        string json = tracking.AddTo(ComparisonJson.ToJson(result, comparison, warnings), result);
        switch (settings.Format)
        {
            case "json":
                ConsoleText.Line(console, json);
                break;
            case "csv":
                ConsoleText.Line(console, ComparisonTable.ToCsv(comparison));
                break;
            default:
                string title = kind == ComparisonKind.Policies ? first.Name : string.Join(" vs ", labels);
                ComparisonTable.Write(console, comparison, title);
                break;
        }

        if (output is not null)
        {
            var charts = new ChartWriter(output.PathOf(""), ChartWriter.Parse(settings.ChartFormatText)!.Value);
            if (comparison.Trials > 0)
            {
                Charts.WriteAll(charts, comparison);
            }

            string csv = ComparisonTable.ToCsv(comparison);
            AtomicFile.WriteAllBytes(output.PathOf("comparison.csv"), ComparisonCsv.Utf8WithBom(csv));
            tracking.WriteConvergence(charts, result);
            output.Finish(result, json, context.Arguments, first, "comparison.json",
                files => Reporting.Html.ReportHtml.ForCompare(scenarios, result, comparison, json, csv, charts, output.PathOf(""), files));
            if (!settings.Quiet)
            {
                string written = comparison.Trials > 0 ? $", {string.Join(", ", Charts.Names)} ({charts.Extension} and .csv)" : "";
                errors.Note($"Wrote comparison.json, comparison.csv{written}, report.html and manifest.json to {Path.GetFullPath(settings.Out!)}");
            }
        }

        return result.Partial ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>One file: the baseline, then the chosen policies (all of them by default).</summary>
    private (FlowPlan[] Plans, string[] Labels, IReadOnlyList<string>?[] Targeted, ComparisonKind Kind, Scenario[] Scenarios, IReadOnlyList<Diagnostic> Warnings) PolicyPlans(Settings settings)
    {
        LoadedScenario loaded = ScenarioInput.Load(errors, settings.Files[0]);
        Scenario scenario = loaded.Scenario;
        if (scenario.Policies.Count == 0)
        {
            throw new UserErrorException(
                $"{scenario.File} has no policies, so there is nothing to compare with its baseline; add a 'policies:' section, or give two or more files to compare their baselines");
        }

        // The reference (the baseline unless --reference names a policy) comes first; with a policy as the reference,
        // the baseline is compared with it like any policy (null stands for the baseline).
        Policy? reference = ScenarioInput.FindPolicy(scenario, settings.Reference);
        Policy?[] policies = settings.Policies.Length > 0
            ? [.. settings.Policies.Select(name => ScenarioInput.FindPolicy(scenario, name))]
            : reference is null ? [.. scenario.Policies]
            : [null, .. scenario.Policies.Where(p => !ReferenceEquals(p, reference))];
        var graph = new NetworkGraph(scenario);
        FlowPlan[] plans = [PlanCompiler.Compile(scenario, reference, graph), .. policies.Select(p => PlanCompiler.Compile(scenario, p, graph))];
        string[] labels = [.. plans.Select(p => p.PolicyName)];
        IReadOnlyList<string>?[] targeted = [null, .. policies.Select(p => p is null ? null : TargetedCountries.Of(scenario, p))];
        return (plans, labels, targeted, ComparisonKind.Policies, [scenario], loaded.Warnings);
    }

    /// <summary>Several files: each file's baseline, checked to have the first file's structure.</summary>
    private (FlowPlan[] Plans, string[] Labels, IReadOnlyList<string>?[] Targeted, ComparisonKind Kind, Scenario[] Scenarios, IReadOnlyList<Diagnostic> Warnings) FilePlans(Settings settings)
    {
        LoadedScenario[] loaded = [.. settings.Files.Select(f => ScenarioInput.Load(errors, f))];
        Scenario[] scenarios = [.. loaded.Select(l => l.Scenario)];
        FlowPlan[] plans = [.. scenarios.Select(s => PlanCompiler.Compile(s, null))];
        for (int j = 1; j < plans.Length; j++)
        {
            if (StructureCheck.FirstDifference(plans[0], settings.Files[0], plans[j], settings.Files[j]) is { } difference)
            {
                throw new UserErrorException(
                    $"{settings.Files[j]} cannot be paired with {settings.Files[0]}: {difference}. Files compared together need the same horizon, nodes, illicit edges, sources, countries and routes");
            }
        }

        string[] labels = Labels(scenarios, settings.Files);
        return (plans, labels, new IReadOnlyList<string>?[plans.Length], ComparisonKind.Files, scenarios, [.. loaded.SelectMany(l => l.Warnings)]);
    }

    /// <summary>Scenario names, or file names (then paths) where names would repeat.</summary>
    private static string[] Labels(Scenario[] scenarios, string[] files)
    {
        string[] names = [.. scenarios.Select(s => s.Name)];
        if (names.Distinct(StringComparer.Ordinal).Count() == names.Length)
        {
            return names;
        }

        string[] fileNames = [.. files.Select(Path.GetFileName).Select(f => f ?? "")];
        return fileNames.Distinct(StringComparer.Ordinal).Count() == fileNames.Length ? fileNames : files;
    }
}
