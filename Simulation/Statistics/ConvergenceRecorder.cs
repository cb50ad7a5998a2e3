using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Records, at the checkpoints of <see cref="CheckpointSchedule"/>, each plan's running mean of leaked and
/// its standard error, from the totals merged in block order: the same rows on any thread count, a few
/// numbers per checkpoint and nothing per trial.
/// </summary>
internal sealed class ConvergenceRecorder
{
    private readonly CheckpointSchedule _schedule = new();
    private readonly List<ConvergenceRow> _rows = [];
    private readonly long _total;

    /// <summary>Creates a recorder for a run of at most <paramref name="total"/> trials.</summary>
    public ConvergenceRecorder(long total) => _total = total;

    /// <summary>The rows, plan by plan in the order recorded (trials ascending within a plan).</summary>
    public IReadOnlyList<ConvergenceRow> Rows => _rows;

    /// <summary>Called after each in-order merge; records a row per plan at checkpoints.</summary>
    public void Observe(long completed, IReadOnlyList<RunAccumulator> totals)
    {
        if (_schedule.IsCheckpoint(completed, _total))
        {
            Add(completed, totals);
        }
    }

    /// <summary>Adds the final state if the last merge was not a checkpoint (a run stopped early or interrupted).</summary>
    public void Complete(long completed, IReadOnlyList<RunAccumulator> totals)
    {
        if (completed > 0 && (_rows.Count == 0 || _rows[^1].Trials < completed))
        {
            Add(completed, totals);
        }
    }

    /// <summary>The rows sorted by plan, then trials.</summary>
    public IEnumerable<ConvergenceRow> ByPlan() => _rows.OrderBy(r => r.Plan).ThenBy(r => r.Trials);

    private void Add(long completed, IReadOnlyList<RunAccumulator> totals)
    {
        for (int j = 0; j < totals.Count; j++)
        {
            MomentAccumulator m = totals[j].Outcomes[(int)Outcome.Leaked].Moments;
            _rows.Add(new ConvergenceRow(j, completed, m.Mean, m.StandardError));
        }
    }
}
