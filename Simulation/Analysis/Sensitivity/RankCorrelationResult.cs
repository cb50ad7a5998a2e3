namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>The Spearman rank correlation of one input with the outcome.</summary>
/// <param name="Input">Index of the input column.</param>
/// <param name="Rho">Spearman's ρ (Pearson correlation of average ranks). Range: [−1, 1]; NaN when
/// the input or the outcome is constant.</param>
/// <param name="Low">Lower end of the 95 % interval, tanh(atanh ρ − 1.96·√(1.06/(n − 3))).</param>
/// <param name="High">Upper end of the 95 % interval, tanh(atanh ρ + 1.96·√(1.06/(n − 3))).</param>
/// <param name="Count">Number of samples n. Range: ≥ 4.</param>
public readonly record struct RankCorrelationResult(int Input, double Rho, double Low, double High, int Count);
