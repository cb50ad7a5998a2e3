using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// What a run produced: one accumulator per plan, paired accumulators against the first plan, and per-period
/// statistics per plan when they were asked for (<see cref="RunOptions.ByPeriod"/>).
/// </summary>
internal sealed record MonteCarloResult(
    IReadOnlyList<FlowPlan> Plans,
    IReadOnlyList<RunAccumulator> Accumulators,
    IReadOnlyList<PairedAccumulator[]> Paired,
    long TrialsCompleted,
    bool Partial,
    TimeSpan Elapsed,
    int Threads,
    RunOptions Options)
{
    /// <summary>Per plan, the per-period statistics; null when <see cref="RunOptions.ByPeriod"/> was off.</summary>
    public IReadOnlyList<PeriodAccumulator>? ByPeriod { get; init; }
}
