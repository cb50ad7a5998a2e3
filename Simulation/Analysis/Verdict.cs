using System.Globalization;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Analysis;

/// <summary>
/// A one-line verdict on a compared run that says what its numbers support and no more: the change in
/// mean leakage with the Monte Carlo precision of that mean, kept apart from the spread of the effect over
/// trials (5th–95th percentile of the paired difference and the shares of trials where leakage rose or
/// fell); displacement to countries outside the targeted ones; and the cost in legitimate deliveries.
/// </summary>
/// <remarks>
/// Rules, so that every sentence can be checked against the numbers it comes from:
/// <list type="bullet">
/// <item>Mean leakage: "cuts"/"raises" with the relative change of the mean and its Monte Carlo precision
/// (the half-width of its delta-method 95 % interval, "± … percentage points") only when the paired 95 %
/// interval of mean Δleaked excludes 0; otherwise "no clear change in mean leakage", with mean Δ and its
/// Monte Carlo precision. The precision says how well the trials pin down the mean; it shrinks with more
/// trials and is never called a range of outcomes.</item>
/// <item>Spread: "trial by trial the change runs from p05 to p95" of the paired Δleaked, then the shares of
/// trials in which leakage rose, fell and (when any) stayed the same. More trials do not narrow it.</item>
/// <item>No effect: leakage equal to the reference's in every trial is "no effect on leakage in any trial";
/// every outcome equal in every trial "changes nothing".</item>
/// <item>Displacement to country X is claimed only when the targeted countries' fall exceeds its noise
/// half-width, X is not targeted, X's rise exceeds its own noise half-width, and X takes at least
/// <see cref="MinDisplacementShare"/> of the fall; at most <see cref="MaxDisplacementCountries"/>
/// countries, largest first. Shares come from per-country means, so they are stated as "about".</item>
/// <item>Deliveries: "costs"/"adds" (on average) only when the paired interval of Δdelivered excludes 0;
/// the ratio of deliveries lost per leaked unit avoided is given only when leakage fell clearly and
/// deliveries fell.</item>
/// </list>
/// The text is pure: it depends on the comparison's numbers only, with invariant formatting.
/// </remarks>
public static class Verdict
{
    /// <summary>Smallest share of the targeted countries' fall that is called displacement. Range: 0–1.</summary>
    public const double MinDisplacementShare = 0.05;

    /// <summary>Most countries named as destinations of displacement.</summary>
    public const int MaxDisplacementCountries = 2;

    /// <summary>The verdict on <paramref name="c"/>: clauses joined by "; ".</summary>
    /// <param name="c">The compared run against its reference.</param>
    /// <param name="kind">Policies ("cuts mean leakage") or files ("mean leakage 10% lower than …").</param>
    /// <param name="unit">Quantity unit, e.g. "H100e".</param>
    public static string For(PolicyComparison c, ComparisonKind kind, string unit)
    {
        ArgumentNullException.ThrowIfNull(c);
        PairedSummary leak = c.Leakage;
        if (leak.Count == 0)
        {
            return "no trials completed, so nothing can be said";
        }

        if (c.Paired.Values.All(p => p.ProbabilityEqual == 1.0))
        {
            return kind == ComparisonKind.Policies
                ? $"changes nothing: no effect on any outcome in any trial (every outcome equals {(c.Reference == "baseline" ? "the baseline" : c.Reference)}'s, trial by trial)"
                : $"identical to {c.Reference} in every outcome and every trial";
        }

        var clauses = new List<string> { LeakageClause(c, kind, unit) };
        if (leak.ProbabilityEqual != 1.0)
        {
            clauses.Add(SpreadClause(c, kind, unit));
        }

        if (DisplacementClause(c, kind) is { } displacement)
        {
            clauses.Add(displacement);
        }

        clauses.Add(DeliveriesClause(c, kind, unit));
        return string.Join("; ", clauses);
    }

    /// <summary>
    /// True when the paired 95 % interval of the mean difference contains 0 (or nothing was measured): the
    /// mean change is within Monte Carlo noise. False when every trial was identical (no noise at all).
    /// </summary>
    /// <param name="p">Paired statistics of one outcome.</param>
    public static bool WithinNoise(PairedSummary p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.ProbabilityEqual != 1.0 && !(p.DifferenceHigh < 0) && !(p.DifferenceLow > 0);
    }

    /// <summary>Monte Carlo standard error of the mean difference, s_Δ/√N (the paired interval's width over 2·1.96).</summary>
    /// <param name="p">Paired statistics of one outcome.</param>
    public static double MeanDifferenceStandardError(PairedSummary p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.PairedIntervalWidth / (2 * ComparisonBuilder.Z);
    }

    private static string LeakageClause(PolicyComparison c, ComparisonKind kind, string unit)
    {
        PairedSummary leak = c.Leakage;
        bool policies = kind == ComparisonKind.Policies;
        if (leak.ProbabilityEqual == 1.0)
        {
            return policies ? "no effect on leakage in any trial" : $"leakage identical to {c.Reference} in every trial";
        }

        if (leak.DifferenceHigh < 0 && double.IsFinite(leak.RelativeReduction))
        {
            var (point, precision) = PercentAndPrecision(leak.RelativeReduction, leak.RelativeReductionLow, leak.RelativeReductionHigh);
            return policies
                ? $"cuts mean leakage by {point} (Monte Carlo precision of this mean: {precision})"
                : $"mean leakage {point} lower than {c.Reference} (Monte Carlo precision of this mean: {precision})";
        }

        if (leak.DifferenceLow > 0)
        {
            if (!double.IsFinite(leak.RelativeReduction))
            {
                string from = $"from 0 to {Quantity(leak.MeanPolicy)} {unit} (Monte Carlo precision of this mean: ±{Quantity(HalfWidth(leak))} {unit})";
                return policies ? $"raises mean leakage {from}" : $"mean leakage rises {from} against {c.Reference}";
            }

            var (point, precision) = PercentAndPrecision(-leak.RelativeReduction, -leak.RelativeReductionHigh, -leak.RelativeReductionLow);
            return policies
                ? $"raises mean leakage by {point} (Monte Carlo precision of this mean: {precision})"
                : $"mean leakage {point} higher than {c.Reference} (Monte Carlo precision of this mean: {precision})";
        }

        string delta = $"mean Δ {Quantity(leak.MeanDifference)} {unit} is within its Monte Carlo precision of ±{Quantity(HalfWidth(leak))} {unit}";
        return policies ? $"no clear change in mean leakage: {delta}" : $"no clear difference in mean leakage from {c.Reference}: {delta}";
    }

    /// <summary>
    /// "trial by trial the change runs from -1,200 to +300 H100e (5th–95th percentile), and leakage rose in
    /// 5.8% of trials and fell in 94%": the spread of the paired Δleaked over trials, in quantity units.
    /// </summary>
    private static string SpreadClause(PolicyComparison c, ComparisonKind kind, string unit)
    {
        PairedSummary leak = c.Leakage;
        bool policies = kind == ComparisonKind.Policies;
        string range = $"from {Signed(leak.DifferenceP05)} to {Signed(leak.DifferenceP95)} {unit} (5th–95th percentile)";
        string shares = TrialShares(leak, policies ? "rose" : "was higher", policies ? "fell" : "was lower", "was the same");
        return policies
            ? $"trial by trial the change runs {range}, and leakage {shares}"
            : $"trial by trial the difference runs {range}, and leakage {shares}";
    }

    /// <summary>"rose in 5.8% of trials, fell in 94% and was the same in 0.2%", "fell in every trial", "rose in no trial, fell in 80% …".</summary>
    private static string TrialShares(PairedSummary p, string up, string down, string same)
    {
        if (p.ProbabilityLess == 1.0)
        {
            return $"{down} in every trial";
        }

        if (p.ProbabilityGreater == 1.0)
        {
            return $"{up} in every trial";
        }

        string text = p.ProbabilityGreater == 0 ? $"{up} in no trial" : $"{up} in {TrialShare(p.ProbabilityGreater)} of trials";
        bool anySame = p.ProbabilityEqual > 0;
        text += anySame ? ", " : " and ";
        text += p.ProbabilityLess == 0 ? $"{down} in none" : $"{down} in {TrialShare(p.ProbabilityLess)}";
        if (anySame)
        {
            text += $" and {same} in {TrialShare(p.ProbabilityEqual)}";
        }

        return text;
    }

    /// <summary>A share of trials as a percentage that never rounds a nonzero share to 0 % or a share below 1 to 100 %.</summary>
    internal static string TrialShare(double p)
    {
        if (p > 0 && p < 0.001)
        {
            return "under 0.1%";
        }

        if (p < 1 && p > 0.999)
        {
            return "over 99.9%";
        }

        string text = Percent(p);
        return p < 1 && text == "100" ? $"{Percent(p, 1)}%" : $"{text}%";
    }

    /// <summary>Half the paired 95 % interval of the mean difference: its Monte Carlo precision.</summary>
    private static double HalfWidth(PairedSummary p) => (p.DifferenceHigh - p.DifferenceLow) / 2;

    /// <summary>A quantity with an explicit "+" when positive.</summary>
    internal static string Signed(double v) => v > 0 && Quantity(v) != "0" ? "+" + Quantity(v) : Quantity(v);

    private static string? DisplacementClause(PolicyComparison c, ComparisonKind kind)
    {
        if (!(c.TargetedFall > 0 && c.TargetedFall > c.TargetedFallNoise))
        {
            return null;
        }

        var destinations = c.BySourceCountry
            .Where(x => !x.Targeted && x.Displacement >= MinDisplacementShare && x.Change > x.Noise)
            .OrderByDescending(x => x.Displacement)
            .Take(MaxDisplacementCountries)
            .ToList();
        if (destinations.Count == 0)
        {
            return null;
        }

        var fell = c.BySourceCountry.Where(x => x.Targeted && x.Change < 0).ToList();
        var clear = fell.Where(x => x.BeyondNoise).ToList();
        string origins = JoinAnd((clear.Count > 0 ? clear : fell).Select(x => x.Name));
        string first = $"about {Percent(destinations[0].Displacement!.Value)}%";
        string rest = string.Concat(destinations.Skip(1).Select(x => kind == ComparisonKind.Policies
            ? $" and about {Percent(x.Displacement!.Value)}% from {x.Name}"
            : $" and about {Percent(x.Displacement!.Value)}% in {x.Name}"));
        return kind == ComparisonKind.Policies
            ? $"{first} of what left {origins} now leaves from {destinations[0].Name}{rest}"
            : $"{first} of what {origins} loses appears in {destinations[0].Name}{rest}";
    }

    private static string DeliveriesClause(PolicyComparison c, ComparisonKind kind, string unit)
    {
        PairedSummary d = c.Delivered;
        bool policies = kind == ComparisonKind.Policies;
        if (d.ProbabilityEqual == 1.0)
        {
            return policies ? "legitimate deliveries unchanged in every trial" : "the same legitimate deliveries in every trial";
        }

        if (d.DifferenceHigh < 0)
        {
            if (!policies)
            {
                return $"mean legitimate deliveries {Quantity(-d.MeanDifference)} {unit} lower";
            }

            string ratio = c.LossPerUnitAvoided is { } r ? $" ({Quantity(r)} per {unit} of leakage avoided)" : "";
            return $"costs {Quantity(-d.MeanDifference)} {unit} of legitimate deliveries on average{ratio}";
        }

        if (d.DifferenceLow > 0)
        {
            return policies
                ? $"adds {Quantity(d.MeanDifference)} {unit} of legitimate deliveries on average"
                : $"mean legitimate deliveries {Quantity(d.MeanDifference)} {unit} higher";
        }

        return policies ? "no clear change in legitimate deliveries" : "no clear difference in legitimate deliveries";
    }

    /// <summary>A share as a percentage: whole numbers from 10 %, at most one decimal below ("8", "3.1").</summary>
    internal static string Percent(double share) =>
        (share * 100).ToString(Math.Abs(share * 100) >= 9.95 ? "#,0" : "0.#", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with <paramref name="decimals"/> decimals.</summary>
    internal static string Percent(double share, int decimals) =>
        (share * 100).ToString("#,0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.');

    /// <summary>
    /// "31% (95% CI 27–35%)": the estimate and its interval as percentages, with enough decimals that a
    /// narrow interval does not print as one number (one decimal below 2 points of width or 10 %, two
    /// below 0.2 points).
    /// </summary>
    internal static string PercentWithRange(double share, double low, double high)
    {
        var (point, interval) = PercentAndInterval(share, low, high);
        return $"{point} ({interval})";
    }

    /// <summary>("31%", "95% CI 27–35%"), with the decimals of <see cref="PercentWithRange"/>.</summary>
    internal static (string Point, string Interval) PercentAndInterval(double share, double low, double high)
    {
        int decimals = PercentDecimals(share, low, high);
        return ($"{Percent(share, decimals)}%", $"95% CI {PercentRange(low, high, decimals)}");
    }

    /// <summary>
    /// ("5.51%", "±0.07 percentage points"): the estimate and the half-width of its 95 % interval, with the
    /// decimals of <see cref="PercentWithRange"/>, more if the half-width would otherwise print as 0.
    /// </summary>
    internal static (string Point, string Precision) PercentAndPrecision(double share, double low, double high)
    {
        int decimals = PercentDecimals(share, low, high);
        double half = Math.Abs(high - low) / 2;
        int halfDecimals = decimals;
        while (halfDecimals < 4 && half > 0 && Math.Round(half * 100, halfDecimals) == 0)
        {
            halfDecimals++;
        }

        return ($"{Percent(share, decimals)}%", $"±{Percent(half, halfDecimals)} percentage points");
    }

    /// <summary>Decimals for a percentage and its interval: see <see cref="PercentWithRange"/>.</summary>
    internal static int PercentDecimals(double share, double low, double high)
    {
        double width = Math.Abs(high - low) * 100;
        int decimals = Math.Abs(share * 100) >= 9.95 ? 0 : 1;
        if (width < 2)
        {
            decimals = Math.Max(decimals, 1);
        }

        if (width < 0.2)
        {
            decimals = Math.Max(decimals, 2);
        }

        return decimals;
    }

    /// <summary>"27–35%" for a non-negative range, "-1% to 7%" when a bound is negative.</summary>
    internal static string PercentRange(double low, double high, int decimals)
    {
        string lo = Percent(low, decimals), hi = Percent(high, decimals);
        return low >= 0 && high >= 0 ? $"{lo}–{hi}%" : $"{lo}% to {hi}%";
    }

    /// <summary>A quantity: thousands separated from 100 on, two significant digits below.</summary>
    internal static string Quantity(double v)
    {
        if (!double.IsFinite(v))
        {
            return "n/a";
        }

        if (Math.Abs(v) >= 99.5)
        {
            return v.ToString("#,0", CultureInfo.InvariantCulture);
        }

        if (v == 0)
        {
            return "0";
        }

        int decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 6);
        double rounded = Math.Round(v, decimals);
        return rounded == 0 ? "0" : rounded.ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static string JoinAnd(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
