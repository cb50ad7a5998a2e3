namespace ExportFlow.Simulation.Compilation;

/// <summary>One group of parameters drawn together through normal scores.</summary>
/// <param name="Parameters">Parameter names, in file order.</param>
/// <param name="Lower">Cholesky factor of the group's Pearson matrix, lower triangle row by row.</param>
/// <param name="PerPeriod">True for per-period parameters.</param>
/// <param name="Autocorrelation">ρ of the AR(1) in normal scores (0 for none).</param>
public sealed record CopulaGroup(IReadOnlyList<string> Parameters, double[] Lower, bool PerPeriod, double Autocorrelation);
