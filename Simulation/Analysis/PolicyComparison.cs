using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Analysis;

/// <summary>
/// One compared run (a policy, or another file's baseline) set against the reference run trial by
/// trial with common random numbers. Quantities are in the scenario's quantity unit, per trial (totals
/// over the horizon).
/// </summary>
/// <param name="Label">Name of the compared run.</param>
/// <param name="Reference">Name of the reference run (the baseline, or the first file).</param>
/// <param name="Leaked">Leakage under the compared run.</param>
/// <param name="Deterred">Deterred illicit demand under the compared run.</param>
/// <param name="Unmet">Unmet illicit demand under the compared run.</param>
/// <param name="Paired">The paired statistics of every outcome, compared run minus reference.</param>
/// <param name="TargetedCountries">Countries the compared run targets (see <see cref="BreakdownChange.Targeted"/>), sorted.</param>
/// <param name="TargetedFall">−Σ Change of source-country leakage over the targeted countries; positive when their leakage fell.</param>
/// <param name="TargetedFallNoise">1.96·√(Σ (se_R² + se_C²)) over the targeted countries: the noise half-width of <paramref name="TargetedFall"/> (conservative, as for <see cref="BreakdownChange.Noise"/>).</param>
/// <param name="BySourceCountry">Change of leakage by source country, in the plan's country order.</param>
/// <param name="ByTransitCountry">Change of leakage by transit country (every country a route passes, source included), in the plan's country order.</param>
/// <param name="ByRoute">Change of leakage by route, in route order.</param>
public sealed record PolicyComparison(
    string Label,
    string Reference,
    OutcomeSummary Leaked,
    OutcomeSummary Deterred,
    OutcomeSummary Unmet,
    IReadOnlyDictionary<Outcome, PairedSummary> Paired,
    IReadOnlyList<string> TargetedCountries,
    double TargetedFall,
    double TargetedFallNoise,
    IReadOnlyList<BreakdownChange> BySourceCountry,
    IReadOnlyList<BreakdownChange> ByTransitCountry,
    IReadOnlyList<BreakdownChange> ByRoute)
{
    /// <summary>Paired Δ of leakage.</summary>
    public PairedSummary Leakage => Paired[Outcome.Leaked];

    /// <summary>Paired Δ of legitimate deliveries: the collateral cost when negative.</summary>
    public PairedSummary Delivered => Paired[Outcome.Delivered];

    /// <summary>Mean change of units blocked, by licence plus by cap, quantity units per trial.</summary>
    public double BlockedChange => Paired[Outcome.BlockedByLicence].MeanDifference + Paired[Outcome.BlockedByCap].MeanDifference;

    /// <summary>
    /// Legitimate deliveries lost per leaked unit avoided, (−Δdelivered)/(−Δleaked); null unless the 95 %
    /// interval of Δleaked lies wholly below zero. Negative when deliveries rose.
    /// </summary>
    public double? LossPerUnitAvoided =>
        Leakage.DifferenceHigh < 0 ? -Delivered.MeanDifference / -Leakage.MeanDifference : null;
}
