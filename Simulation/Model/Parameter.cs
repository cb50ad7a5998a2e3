namespace ExportFlow.Simulation.Model;

/// <summary>A named uncertain input, drawn once per trial or once per period.</summary>
/// <param name="Name">Identifier used by quantities.</param>
/// <param name="Value">A literal or a distribution (never another parameter).</param>
/// <param name="PerPeriod">Redrawn every period when true.</param>
/// <param name="Description">Free text.</param>
/// <param name="Location">Where the parameter is declared.</param>
public sealed record Parameter(string Name, Quantity Value, bool PerPeriod, string Description, SourceLocation Location)
{
    /// <summary>
    /// Growth g per period (model v2): the value in period t is value·(1 + g)^(t − 1), before policy rules and
    /// clamping. Range: g &gt; −1; 0 for none.
    /// </summary>
    public double Growth { get; init; }

    /// <summary>
    /// Autocorrelation ρ of a per-period parameter (model v2): a Gaussian AR(1) in normal scores, so every
    /// period's marginal is the stated distribution and corr(z_t, z_t+k) = ρ^k. Range: 0 ≤ ρ &lt; 1; null for none.
    /// </summary>
    public double? Autocorrelation { get; init; }
}
