namespace ExportFlow.Simulation.Model;

/// <summary>
/// A target rank (Spearman) correlation between two parameters (model v2), met exactly by a Gaussian copula
/// whose Pearson correlation is 2·sin(π·ρ/6).
/// </summary>
/// <param name="First">The first parameter's name.</param>
/// <param name="Second">The second parameter's name.</param>
/// <param name="Rank">Target Spearman correlation. Range: −1 &lt; ρ &lt; 1.</param>
/// <param name="Location">Where the pair is written.</param>
public sealed record Correlation(string First, string Second, double Rank, SourceLocation Location);
