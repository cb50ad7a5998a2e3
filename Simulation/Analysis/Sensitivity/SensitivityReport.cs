namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>The result of <c>exportflow sensitivity</c>: what was analysed and every method's rows.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Policy">The policy (baseline when none).</param>
/// <param name="Outcome">The outcome as written.</param>
/// <param name="Trials">N: trials per run (rank, swing) or base samples (Sobol).</param>
/// <param name="Seed">The seed.</param>
/// <param name="Inputs">The inputs' names, in input order.</param>
/// <param name="Rank">Spearman ρ per input (input order), or null when not asked.</param>
/// <param name="Swing">Mean swing per input, tornado order, or null.</param>
/// <param name="SobolFirst">First-order Sobol indices (input order), or null.</param>
/// <param name="SobolTotal">Total-order Sobol indices (input order), or null.</param>
/// <param name="SobolUnexplained">1 − ΣS_i, or null.</param>
/// <param name="Evaluations">Trials run in all (counting each plan of a delta once).</param>
internal sealed record SensitivityReport(
    string Scenario,
    string Policy,
    string Outcome,
    long Trials,
    ulong Seed,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<SensitivityRow>? Rank,
    IReadOnlyList<SensitivityRow>? Swing,
    IReadOnlyList<SensitivityRow>? SobolFirst,
    IReadOnlyList<SensitivityRow>? SobolTotal,
    SensitivityRow? SobolUnexplained,
    long Evaluations)
{
    /// <summary>Every row, method by method.</summary>
    public IEnumerable<SensitivityRow> Rows =>
        (Rank ?? []).Concat(Swing ?? []).Concat(SobolFirst ?? []).Concat(SobolTotal ?? []).Concat(SobolUnexplained is null ? [] : [SobolUnexplained]);
}
