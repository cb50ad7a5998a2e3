namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>One line of a sensitivity report: an input's estimate by one method with its 95 % interval.</summary>
/// <param name="Method">rank, swing, sobol-first or sobol-total.</param>
/// <param name="Input">The input's name (for Sobol: the factor's, <c>group(a, b)</c> for a correlation group; or "(unexplained)" for 1 − ΣS_i).</param>
/// <param name="Estimate">Spearman ρ, mean swing (outcome units), or Sobol index.</param>
/// <param name="Low">Lower end of the 95 % interval.</param>
/// <param name="High">Upper end of the 95 % interval.</param>
/// <param name="Interval">What the interval is (Fisher z, paired t, bootstrap percentile).</param>
/// <param name="Extra">Method-specific detail: q10 and q90 of the input for a swing, what a grouped or autocorrelated Sobol factor is, else empty.</param>
internal sealed record SensitivityRow(string Method, string Input, double Estimate, double Low, double High, string Interval, string Extra = "");
