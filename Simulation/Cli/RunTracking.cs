using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// What <c>run</c> and <c>compare</c> follow while the trials merge, through <see cref="RunOptions.AfterMerge"/>:
/// the precision rule (with <c>--precision</c>) and the convergence record (with <c>--out</c>). Afterwards it
/// reports the rule's outcome, adds the <c>"precision"</c> object to the summary and writes the convergence files.
/// </summary>
internal sealed class RunTracking
{
    private readonly IReadOnlyList<string> _labels;

    private RunTracking(PrecisionRequest? request, IReadOnlyList<string> labels, bool paired, bool convergence)
    {
        _labels = labels;
        Request = request;
        if (request is not null)
        {
            Rule = new PrecisionRule(request.Statistic, request.Target, request.MinTrials, request.MaxTrials, labels, paired);
        }

        Paired = paired;
        TrackConvergence = convergence;
    }

    /// <summary>The precision request; null for a fixed run.</summary>
    public PrecisionRequest? Request { get; }

    /// <summary>The stopping rule; null for a fixed run.</summary>
    public PrecisionRule? Rule { get; }

    /// <summary>The convergence record; set by <see cref="Apply"/> when convergence is tracked.</summary>
    public ConvergenceRecorder? Convergence { get; private set; }

    private bool Paired { get; }

    private bool TrackConvergence { get; }

    /// <summary>Creates the tracking of a run.</summary>
    /// <param name="request">The precision request, or null.</param>
    /// <param name="labels">A label per plan.</param>
    /// <param name="paired">Whether the rule judges paired differences (the mean in a comparison).</param>
    /// <param name="convergence">Whether to record convergence (runs with <c>--out</c>).</param>
    public static RunTracking Create(PrecisionRequest? request, IReadOnlyList<string> labels, bool paired, bool convergence) =>
        new(request, labels, paired, convergence);

    /// <summary>
    /// The options with the run's trial count (<c>--max-trials</c> for a precision run) and the merge hook; unchanged
    /// when nothing is tracked.
    /// </summary>
    public RunOptions Apply(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Request is not null)
        {
            options = options with { Trials = Request.MaxTrials, Thresholds = Request.Thresholds(options.Thresholds) };
        }

        Convergence = TrackConvergence ? new ConvergenceRecorder(options.Trials) : null;
        if (Rule is null && Convergence is null)
        {
            return options;
        }

        ConvergenceRecorder? convergence = Convergence;
        PrecisionRule? rule = Rule;
        return options with
        {
            AfterMerge = (completed, totals, paired) =>
            {
                convergence?.Observe(completed, totals);
                return rule?.Observe(completed, totals, paired) ?? false;
            },
        };
    }

    /// <summary>
    /// After the run: a relative target on a statistic that is exactly 0 is a user error; a target not reached
    /// by <c>--max-trials</c> is a warning with the half-width achieved and an estimate of the trials needed;
    /// a target reached is a note (unless quiet).
    /// </summary>
    /// <exception cref="UserErrorException">The rule stopped on a statistic of exactly 0 with a relative target.</exception>
    public void Report(MonteCarloResult result, ErrorOutput errors, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(errors);
        Convergence?.Complete(result.TrialsCompleted, result.Accumulators);
        if (Rule is null || Request is null)
        {
            return;
        }

        string what = Describe();
        if (Rule.ZeroStatistic)
        {
            throw new UserErrorException(
                $"--precision {Request.Target.Text} is relative, but {what} is exactly 0 after {result.TrialsCompleted:N0} trials{Where()}, so no interval is a percentage of it; "
                + "give an absolute target in the statistic's unit instead (such as --precision 100, or 0.002 for a probability)"
                + (_labels.Count > 1 ? ", or leave that run out (compare --policy)" : ""));
        }

        if (Rule.BelowResolution)
        {
            throw new UserErrorException(
                $"--precision {Request.Target.Text} cannot be reached: {what}{Where()} is about {Number(Rule.Last!.Interval.Estimate)} after {result.TrialsCompleted:N0} trials, and percentiles come from a quantile sketch accurate to ±{PrecisionIntervals.SketchAccuracy:P1} of the value (±{Number(Rule.Resolution)}), so no number of trials gives a narrower interval; "
                + $"give a target above {Number(Rule.Resolution)}, or a relative one above {PrecisionIntervals.SketchAccuracy:P1} (such as 1%)");
        }

        if (result.Partial || Rule.Last is not { } last)
        {
            return;
        }

        string interval = $"{what}{Where()} is {Number(last.Interval.Estimate)} ± {Number(last.Interval.HalfWidth)} (95% interval {Number(last.Interval.Low)} to {Number(last.Interval.High)}{RelativeText(last)})";
        if (Rule.Reached)
        {
            if (!quiet)
            {
                errors.Note($"Precision {Request.Target.Text} reached after {result.TrialsCompleted:N0} trials: {interval}.");
            }

            return;
        }

        string needed = Rule.TrialsNeeded() is { } n ? $"; about {n:N0} trials would reach it (the half-width shrinks as 1/√trials), so raise --max-trials or loosen --precision" : "";
        errors.Warning($"--precision {Request.Target.Text} not reached by --max-trials {Request.MaxTrials:N0}: {interval}{needed}. The result over these trials is reported as usual.");
    }

    /// <summary>Adds <c>"precision"</c> (last key) to a summary or comparison document; unchanged for a fixed run.</summary>
    public string AddTo(string json, MonteCarloResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Rule is null || Request is null)
        {
            return json;
        }

        JsonNode root = JsonNode.Parse(json)!;
        PrecisionCheck? last = Rule.Last;
        var precision = new JsonObject
        {
            ["statistic"] = Request.Statistic.Name,
            ["outcome"] = Request.OutcomeKey,
            ["paired"] = Paired,
            ["target"] = Request.Target.Value,
            ["relative"] = Request.Target.Relative,
            ["minTrials"] = Request.MinTrials,
            ["maxTrials"] = Request.MaxTrials,
            ["trials"] = result.TrialsCompleted,
            ["reached"] = Rule.Reached && !result.Partial,
            ["checks"] = Rule.Checks,
            ["checkedTrials"] = last?.Trials,
            ["binding"] = last?.Label,
            ["estimate"] = Finite(last?.Interval.Estimate),
            ["low"] = Finite(last?.Interval.Low),
            ["high"] = Finite(last?.Interval.High),
            ["halfWidth"] = Finite(last?.Interval.HalfWidth),
            ["relativeHalfWidth"] = Finite(last?.Interval.RelativeHalfWidth),
            ["trialsNeeded"] = Rule.Reached ? null : Rule.TrialsNeeded(),
        };
        root.AsObject()["precision"] = precision;
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return root.ToJsonString(options) + Environment.NewLine;
    }

    /// <summary>Writes convergence.csv and convergence.png into the output folder when convergence was recorded and some trial completed.</summary>
    public void WriteConvergence(ChartWriter charts, MonteCarloResult result)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (Convergence is { Rows.Count: > 0 } convergence)
        {
            ConvergenceChart.Write(charts, convergence, _labels, result);
        }
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    private static string Number(double x) => double.IsFinite(x) ? x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : x > 0 ? "+∞" : "−∞";

    private static string RelativeText(PrecisionCheck last) =>
        double.IsFinite(last.Interval.RelativeHalfWidth) ? $"; ± {last.Interval.RelativeHalfWidth:P2} of the estimate" : "";

    private string Describe()
    {
        string outcome = Request!.OutcomeKey;
        return Paired ? $"the mean paired difference in {outcome}" : Request.Statistic.Describe(outcome);
    }

    private string Where() => Rule!.Last is { } last && _labels.Count > 1 ? $" ({(Paired ? $"{last.Label} − {_labels[0]}" : last.Label)})" : "";
}
