namespace ExportFlow.Simulation.Analysis;

/// <summary>
/// How the mean leakage of one breakdown row (a source country, a transit country or a route) changes
/// from the reference run to a compared run over the same trials.
/// </summary>
/// <param name="Name">Country code or route key.</param>
/// <param name="Reference">Mean leakage of the row under the reference run, quantity units per trial. Range: ≥ 0.</param>
/// <param name="Compared">Mean leakage of the row under the compared run, quantity units per trial. Range: ≥ 0.</param>
/// <param name="Change">Compared − Reference, quantity units per trial (equal to the mean of the trial-by-trial Δ).</param>
/// <param name="Noise">
/// 1.96·√(se_R² + se_C²), the half-width of the 95 % interval that independent seeds would give.
/// Breakdown rows are not paired trial by trial, so this stands in for the paired half-width; with
/// common random numbers the paired one is usually narrower, so treating |Change| ≤ Noise as noise is
/// conservative. Range: ≥ 0; NaN with fewer than one trial.
/// </param>
/// <param name="Targeted">
/// True for a country the compared run targets (policies: a country of a node its rules select;
/// files: a country whose source leakage fell). Always false for transit countries and routes.
/// </param>
/// <param name="Displacement">
/// For a source country that is not targeted: Change / (−Σ Change over the targeted countries), the
/// share of the targeted countries' fall that reappears here; null when targeted, for transit
/// countries and routes, or when the targeted countries' leakage did not fall.
/// </param>
public sealed record BreakdownChange(string Name, double Reference, double Compared, double Change, double Noise, bool Targeted, double? Displacement)
{
    /// <summary>True when |Change| exceeds <see cref="Noise"/>.</summary>
    public bool BeyondNoise => Math.Abs(Change) > Noise;
}
