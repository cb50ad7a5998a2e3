namespace ExportFlow.Simulation.Engine;

/// <summary>Records a trial period by period (for <c>run --trial I</c> and for invariant tests).</summary>
public sealed class TrialTrace
{
    private readonly List<PeriodTrace> _periods = [];

    /// <summary>The periods recorded so far.</summary>
    public IReadOnlyList<PeriodTrace> Periods => _periods;

    internal void Record(int period, TrialState state, double[] outcomesBefore, double stockBefore)
    {
        var delta = new double[state.Outcomes.Length];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = state.Outcomes[i] - outcomesBefore[i];
        }

        _periods.Add(new PeriodTrace(period, delta, stockBefore, state.Stock.Sum(), (double[])state.Capacity.Clone(), (double[])state.Diverted.Clone(), (double[])state.Held.Clone()));
    }
}
