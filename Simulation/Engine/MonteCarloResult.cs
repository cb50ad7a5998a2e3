using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Engine;

/// <summary>What a run produced: one accumulator per plan, paired accumulators against the first plan.</summary>
internal sealed record MonteCarloResult(
    IReadOnlyList<FlowPlan> Plans,
    IReadOnlyList<RunAccumulator> Accumulators,
    IReadOnlyList<PairedAccumulator[]> Paired,
    long TrialsCompleted,
    bool Partial,
    TimeSpan Elapsed,
    int Threads,
    RunOptions Options);
