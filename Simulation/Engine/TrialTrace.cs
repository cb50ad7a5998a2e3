namespace ExportFlow.Simulation.Engine;

/// <summary>Records a trial period by period (for <c>run --trial I</c>, for invariant tests and for locating a fault).</summary>
public sealed class TrialTrace
{
    private readonly List<PeriodTrace> _periods = [];
    private readonly List<double[]> _values = [];
    private readonly List<double[]> _draws = [];

    /// <summary>The periods recorded so far.</summary>
    public IReadOnlyList<PeriodTrace> Periods => _periods;

    /// <summary>Per recorded period, the attribute values it ran with (indexed as the plan's value programs).</summary>
    internal IReadOnlyList<double[]> Values => _values;

    /// <summary>Per recorded period, the random draws behind those values (indexed as the plan's draws).</summary>
    internal IReadOnlyList<double[]> Draws => _draws;

    internal void Record(int period, TrialState state, double[] outcomesBefore, double stockBefore)
    {
        var delta = new double[state.Outcomes.Length];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = state.Outcomes[i] - outcomesBefore[i];
        }

        _periods.Add(new PeriodTrace(period, delta, stockBefore, state.Stock.Sum(), (double[])state.Capacity.Clone(), (double[])state.Diverted.Clone(), (double[])state.Held.Clone()));
        _values.Add((double[])state.Values.Clone());
        _draws.Add((double[])state.DrawValues.Clone());
    }
}
