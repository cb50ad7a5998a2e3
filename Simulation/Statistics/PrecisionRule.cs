using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// The stopping rule of a precision run. The engine calls <see cref="Observe"/> after each block it merges
/// in block order; from the minimum number of trials on, at each checkpoint of <see cref="CheckpointSchedule"/>
/// (and at the last block), the rule computes the 95 % interval of the statistic for every run (or, for the
/// mean in a comparison, of every paired difference) and stops the run when the widest is within the target.
/// Everything it reads is the in-order merged state, so the stop point is the same on any thread count.
/// </summary>
internal sealed class PrecisionRule
{
    private readonly CheckpointSchedule _schedule = new();
    private readonly IReadOnlyList<string> _labels;

    /// <summary>Creates the rule.</summary>
    /// <param name="statistic">What is judged.</param>
    /// <param name="target">The target half-width.</param>
    /// <param name="minTrials">Trials before the first check. Range: ≥ 1.</param>
    /// <param name="maxTrials">Trials at most (the run's trial count). Range: ≥ <paramref name="minTrials"/>.</param>
    /// <param name="labels">A label per plan, for messages.</param>
    /// <param name="paired">Judge the paired differences against the first plan (the mean in a comparison) instead of each plan's own statistic.</param>
    public PrecisionRule(PrecisionStatistic statistic, PrecisionTarget target, long minTrials, long maxTrials, IReadOnlyList<string> labels, bool paired)
    {
        Statistic = statistic;
        Target = target;
        MinTrials = minTrials;
        MaxTrials = maxTrials;
        _labels = labels;
        Paired = paired;
    }

    /// <summary>What is judged.</summary>
    public PrecisionStatistic Statistic { get; }

    /// <summary>The target half-width.</summary>
    public PrecisionTarget Target { get; }

    /// <summary>Trials before the first check.</summary>
    public long MinTrials { get; }

    /// <summary>Trials at most.</summary>
    public long MaxTrials { get; }

    /// <summary>Whether the paired differences are judged.</summary>
    public bool Paired { get; }

    /// <summary>The last evaluation; null before the first.</summary>
    public PrecisionCheck? Last { get; private set; }

    /// <summary>Evaluations so far.</summary>
    public int Checks { get; private set; }

    /// <summary>Whether the last evaluation met the target.</summary>
    public bool Reached { get; private set; }

    /// <summary>
    /// Whether the run stopped at its first check because a relative target met a statistic that is exactly
    /// 0 (a relative half-width cannot be judged); the command reports it as a user error.
    /// </summary>
    public bool ZeroStatistic { get; private set; }

    /// <summary>
    /// Whether the run stopped at its first check because an absolute target for a percentile is not above the
    /// quantile sketch's resolution there (α·|estimate|): no number of trials could reach it. Reported as a user error.
    /// </summary>
    public bool BelowResolution { get; private set; }

    /// <summary>The smallest half-width the sketch allows for the binding percentile at the last check (α·|estimate|).</summary>
    public double Resolution { get; private set; }

    /// <summary>Called after each in-order merge; true to stop the run here.</summary>
    public bool Observe(long completed, IReadOnlyList<RunAccumulator> totals, IReadOnlyList<PairedAccumulator[]> paired)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(paired);
        if (completed < MinTrials && completed < MaxTrials)
        {
            return false;
        }

        if (!_schedule.IsCheckpoint(completed, MaxTrials))
        {
            return false;
        }

        Checks++;
        PrecisionCheck? binding = null;
        bool zero = false;
        double resolution = 0;
        int first = Paired ? 1 : 0;
        for (int j = first; j < totals.Count; j++)
        {
            ConfidenceInterval interval = Paired
                ? PrecisionStatistic.EvaluateDifference(paired[j - 1][(int)Statistic.Outcome])
                : Statistic.Evaluate(totals[j].Outcomes[(int)Statistic.Outcome]);
            zero |= interval.Estimate == 0;
            if (Statistic.Kind == PrecisionStatisticKind.Percentile)
            {
                resolution = Math.Max(resolution, totals[j].Outcomes[(int)Statistic.Outcome].Sketch.RelativeAccuracy * Math.Abs(interval.Estimate));
            }

            double achieved = Target.Achieved(interval);
            if (binding is null || !(achieved <= binding.Achieved))
            {
                binding = new PrecisionCheck(completed, _labels[j], interval, achieved);
            }
        }

        Last = binding;
        if (Target.Relative && zero && Checks == 1)
        {
            ZeroStatistic = true;
            return true;
        }

        Resolution = resolution;
        if (!Target.Relative && Checks == 1 && Target.Value <= resolution)
        {
            BelowResolution = true;
            return true;
        }

        Reached = binding is not null && binding.Achieved <= Target.Value;
        return Reached;
    }

    /// <summary>
    /// About how many trials the target needs, from the last check: the half-width shrinks as 1/√trials, so
    /// trials·(achieved/target)², rounded up to whole blocks; null when it cannot be estimated.
    /// </summary>
    public long? TrialsNeeded()
    {
        if (Last is not { } last || !double.IsFinite(last.Achieved) || last.Achieved <= 0)
        {
            return null;
        }

        double ratio = last.Achieved / Target.Value;
        double needed = Math.Ceiling(last.Trials * ratio * ratio / MonteCarloRunner.BlockSize) * MonteCarloRunner.BlockSize;
        return needed < 9e18 ? (long)needed : null;
    }
}
