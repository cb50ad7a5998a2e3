using System.ComponentModel;
using System.Globalization;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// The options of a precision run, shared by <c>run</c> and <c>compare</c>: <c>--precision</c>,
/// <c>--precision-stat</c>, <c>--precision-outcome</c> and <c>--max-trials</c> (docs/model.md, <i>Precision runs</i>).
/// </summary>
internal abstract class PrecisionSettings : SimulationSettings
{
    /// <summary>Default of <c>--max-trials</c>.</summary>
    public const long DefaultMaxTrials = 10_000_000;

    /// <summary>Default minimum of trials before the first check, when <c>--trials</c> is not given.</summary>
    public const long DefaultMinTrials = 10_000;

    [CommandOption("--precision <TARGET>")]
    [Description("Add blocks of 512 trials until the 95% interval of --precision-stat is at most ± TARGET: in the statistic's unit (500; 0.002 for a probability) or relative with a percent sign (1%). --trials is then the minimum before the first check (default 10,000). The result equals a --trials run of the final count.")]
    public string? Precision { get; init; }

    [CommandOption("--precision-stat <STAT>")]
    [Description("What --precision judges: mean (default; with compare, the mean paired difference policy − baseline), a percentile such as p95 or p99.5, or exceed:X for P(outcome > X).")]
    public string? PrecisionStat { get; init; }

    [CommandOption("--precision-outcome <OUTCOME>")]
    [Description("The outcome --precision judges (default: leaked), named as in summary.json: interdicted, delivered, …")]
    public string? PrecisionOutcome { get; init; }

    [CommandOption("--max-trials <N>")]
    [Description("With --precision, the most trials to run (default 10,000,000); if the target is not reached by then, the result is written with a warning.")]
    [TypeConverter(typeof(Int64OptionConverter))]
    [NumberRange(1, MaxTrials)]
    public long? MaxTrialCount { get; init; }

    [CommandOption("--posterior <FILE>")]
    [Description("Run under a calibrated posterior: posterior.csv from 'exportflow calibrate --out DIR'. Trial i takes particle (i mod N)'s input values (the same in every policy, so comparisons keep common random numbers) and draws everything else as usual.")]
    public string? Posterior { get; init; }

    /// <summary>The checked request; null without <c>--precision</c>. Call after <see cref="Validate"/> succeeded.</summary>
    public PrecisionRequest? Request => Precision is null ? null : Parse(out _);

    public override ValidationResult Validate()
    {
        ValidationResult common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (Precision is null)
        {
            string? alone = MaxTrialCount is not null ? "--max-trials" : PrecisionStat is not null ? "--precision-stat" : PrecisionOutcome is not null ? "--precision-outcome" : null;
            return alone is null
                ? ValidationResult.Success()
                : ValidationResult.Error($"{alone} works with --precision TARGET (a run that adds trials until its interval is narrow enough); for a fixed number of trials use --trials N alone");
        }

        return Parse(out string? error) is null ? ValidationResult.Error(error!) : ValidationResult.Success();
    }

    private PrecisionRequest? Parse(out string? error)
    {
        error = null;
        if (ParseTarget(Precision!, out error) is not { } target
            || ParseOutcome(PrecisionOutcome ?? "leaked", out error) is not { } outcome
            || ParseStatistic(PrecisionStat ?? "mean", outcome, out error) is not { } statistic)
        {
            return null;
        }

        long max = MaxTrialCount ?? DefaultMaxTrials;
        if (Trials is { } min && min > max)
        {
            error = $"--trials {min:N0} is more than --max-trials {max:N0}; with --precision, --trials is the minimum number of trials before the first check, so it must not exceed --max-trials";
            return null;
        }

        if (target.Relative && statistic.Kind == PrecisionStatisticKind.Exceedance && target.Value >= 1)
        {
            error = $"--precision {target.Text} for a probability: a relative target of 100% or more is met by any interval; give a smaller one (such as 10%) or an absolute one (such as 0.002)";
            return null;
        }

        if (target.Relative && statistic.Kind == PrecisionStatisticKind.Percentile && target.Value <= PrecisionIntervals.SketchAccuracy)
        {
            error = $"--precision {target.Text} for a percentile: the percentiles come from a quantile sketch accurate to ±{PrecisionIntervals.SketchAccuracy:P1} of the value, so no number of trials gives a narrower interval; give a relative target above {PrecisionIntervals.SketchAccuracy:P1} (such as 1%)";
            return null;
        }

        return new PrecisionRequest(target, statistic, Trials ?? Math.Min(DefaultMinTrials, max), max);
    }

    /// <summary>Reads <c>500</c>, <c>0.002</c> or <c>1%</c>; null with a message for anything that no run could reach.</summary>
    internal static PrecisionTarget? ParseTarget(string text, out string? error)
    {
        error = null;
        string t = text.Trim();
        bool relative = t.EndsWith('%');
        string number = relative ? t[..^1].TrimEnd() : t;
        if (!NumberText.TryParseReal(number, out double value))
        {
            error = $"--precision must be a half-width in the statistic's unit (such as 500, or 0.002 for a probability) or a percentage of the estimate (such as 1%), got '{text}'";
            return null;
        }

        if (value <= 0)
        {
            error = $"--precision must be more than 0 (no number of trials makes an interval zero wide), got '{text}'";
            return null;
        }

        if (relative && value > 100)
        {
            error = $"--precision {t}: a relative target must be from above 0% to 100% of the estimate (such as 1%)";
            return null;
        }

        return new PrecisionTarget(relative ? value / 100.0 : value, relative, t);
    }

    /// <summary>Reads <c>mean</c>, <c>p95</c> (any level strictly between p0 and p100) or <c>exceed:X</c>.</summary>
    internal static PrecisionStatistic? ParseStatistic(string text, Outcome outcome, out string? error)
    {
        error = null;
        string t = text.Trim();
        if (t.Equals("mean", StringComparison.OrdinalIgnoreCase))
        {
            return new PrecisionStatistic(PrecisionStatisticKind.Mean, 0, outcome, "mean");
        }

        if (t.Length > 1 && (t[0] is 'p' or 'P') && NumberText.TryParseReal(t[1..], out double percent))
        {
            if (!(percent > 0 && percent < 100))
            {
                error = $"--precision-stat {t}: a percentile must lie strictly between p0 and p100 (such as p50, p95 or p99.5); for the extremes, use exceed:X";
                return null;
            }

            return new PrecisionStatistic(PrecisionStatisticKind.Percentile, percent / 100.0, outcome, "p" + percent.ToString("R", CultureInfo.InvariantCulture));
        }

        const string exceed = "exceed:";
        if (t.StartsWith(exceed, StringComparison.OrdinalIgnoreCase))
        {
            string x = t[exceed.Length..];
            if (!NumberText.TryParseReal(x, out double threshold))
            {
                error = $"--precision-stat {t}: exceed:X needs a finite threshold X in the outcome's unit (such as exceed:50000), got '{x}'";
                return null;
            }

            return new PrecisionStatistic(PrecisionStatisticKind.Exceedance, threshold, outcome, exceed + threshold.ToString("R", CultureInfo.InvariantCulture));
        }

        error = $"--precision-stat must be mean, a percentile such as p95, or exceed:X for P(outcome > X), got '{text}'";
        return null;
    }

    /// <summary>Reads an outcome as summary.json names it (leaked, interdicted, …).</summary>
    internal static Outcome? ParseOutcome(string text, out string? error)
    {
        error = null;
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            if (RunSummaryWriter.Key(o).Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return o;
            }
        }

        error = $"--precision-outcome '{text}' is not an outcome; use one of {PrecisionRequest.OutcomeKeys}";
        return null;
    }
}
