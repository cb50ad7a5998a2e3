using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Statistics;

namespace ExportFlow.Simulation.Tests.Analysis;

public class VerdictTests
{
    private const string Unit = "H100e";

    /// <summary>A paired summary with the statistics the verdict reads; the rest are plausible fillers.</summary>
    /// <remarks>
    /// The spread defaults to every trial moving with the mean (p05 = p95 = mean, all trials on the mean's
    /// side); <paramref name="p05"/>, <paramref name="p95"/> and <paramref name="greater"/> set it otherwise.
    /// </remarks>
    private static PairedSummary Paired(
        double mean,
        double low,
        double high,
        double reduction = double.NaN,
        double reductionLow = double.NaN,
        double reductionHigh = double.NaN,
        double probabilityEqual = 0.0,
        double? p05 = null,
        double? p95 = null,
        double? greater = null)
    {
        double up = greater ?? (mean >= 0 ? 1 - probabilityEqual : 0);
        return new(10_000, 1000, 1000 + mean, mean, 1, low, high, reduction, reductionLow, reductionHigh,
            1 - probabilityEqual - up, probabilityEqual, up,
            high - low, 2 * (high - low), p05 ?? mean, mean, p95 ?? mean);
    }

    private static OutcomeSummary Stats(double mean) => new(10_000, mean, 1, 0.01, mean, mean, mean, mean, mean, mean, mean, []);

    private static BreakdownChange Country(string name, double change, double noise, bool targeted, double? share) =>
        new(name, 1000, 1000 + change, change, noise, targeted, share);

    /// <summary>A comparison where only leakage, deliveries and the source-country rows matter.</summary>
    private static PolicyComparison Make(PairedSummary leaked, PairedSummary? delivered = null, IReadOnlyList<BreakdownChange>? bySource = null, double fall = 0, double fallNoise = 0, PairedSummary? others = null)
    {
        var paired = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => others ?? Paired(0, -1, 1));
        paired[Outcome.Leaked] = leaked;
        paired[Outcome.Delivered] = delivered ?? Paired(0, -5, 5);
        return new PolicyComparison("p", "baseline", Stats(1), Stats(0), Stats(0), paired, ["SG"], fall, fallNoise, bySource ?? [], [], []);
    }

    [Test]
    public void For_IntervalContainsZero_SaysNoClearChange()
    {
        var c = Make(Paired(-12, -40, 16, 0.012, -0.016, 0.04));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith("no clear change in mean leakage: mean Δ -12 H100e is within its Monte Carlo precision of ±28 H100e; "));
        Assert.That(verdict, Does.Not.Contain("cuts"));
    }

    [Test]
    public void For_IntervalBelowZero_CutsLeakageWithItsInterval()
    {
        var c = Make(Paired(-3100, -3500, -2700, 0.31, 0.27, 0.35));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith("cuts mean leakage by 31% (Monte Carlo precision of this mean: ±4 percentage points); "));
    }

    [Test]
    public void For_IntervalAboveZero_RaisesLeakage()
    {
        var c = Make(Paired(120, 80, 160, -0.12, -0.16, -0.08));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith("raises mean leakage by 12% (Monte Carlo precision of this mean: ±4 percentage points); "));
    }

    [Test]
    public void For_NarrowInterval_ShowsDecimalsSoTheBoundsDiffer()
    {
        var c = Make(Paired(-7823, -7912, -7735, 0.60654, 0.60598, 0.60711));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith("cuts mean leakage by 60.65% (Monte Carlo precision of this mean: ±0.06 percentage points)"));
    }

    [Test]
    public void For_DisplacementBeyondNoiseAndThreshold_NamesTheCountryWithAbout()
    {
        BreakdownChange[] rows = [Country("MY", 400, 30, false, 0.4), Country("SG", -1000, 50, true, null), Country("TH", 80, 20, false, 0.08)];
        var c = Make(Paired(-600, -700, -500, 0.6, 0.5, 0.7), bySource: rows, fall: 1000, fallNoise: 50);

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.Contain("; about 40% of what left SG now leaves from MY and about 8% from TH;"));
    }

    [TestCase(40, 30, 0.04, TestName = "For_DisplacementUnderFivePercent_IsNotClaimed")]
    [TestCase(400, 500, 0.4, TestName = "For_DisplacementWithinNoise_IsNotClaimed")]
    public void For_DisplacementTooSmallToClaim_IsNotMentioned(double change, double noise, double share)
    {
        BreakdownChange[] rows = [Country("MY", change, noise, false, share), Country("SG", -1000, 50, true, null)];
        var c = Make(Paired(-600, -700, -500, 0.6, 0.5, 0.7), bySource: rows, fall: 1000, fallNoise: 50);

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.Not.Contain("MY").And.Not.Contain("about"));
    }

    [Test]
    public void For_TargetedFallWithinNoise_ClaimsNoDisplacement()
    {
        BreakdownChange[] rows = [Country("MY", 400, 30, false, 0.4), Country("SG", -1000, 1500, true, null)];
        var c = Make(Paired(-600, -700, -500, 0.6, 0.5, 0.7), bySource: rows, fall: 1000, fallNoise: 1500);

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.Not.Contain("leaves from"));
    }

    [Test]
    public void For_DeliveriesFellAndLeakageFellClearly_GivesTheCostPerUnitAvoided()
    {
        var c = Make(Paired(-4000, -4400, -3600, 0.4, 0.36, 0.44), delivered: Paired(-1200, -1300, -1100));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.EndWith("costs 1,200 H100e of legitimate deliveries on average (0.3 per H100e of leakage avoided)"));
    }

    [Test]
    public void For_DeliveriesFellButLeakageUnclear_GivesNoRatio()
    {
        var c = Make(Paired(-10, -40, 20, 0.01, -0.02, 0.04), delivered: Paired(-1200, -1300, -1100));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Does.EndWith("costs 1,200 H100e of legitimate deliveries on average"));
            Assert.That(c.LossPerUnitAvoided, Is.Null);
        });
    }

    [Test]
    public void For_DeliveriesWithinNoise_SaysNoClearChange()
    {
        var c = Make(Paired(-4000, -4400, -3600, 0.4, 0.36, 0.44), delivered: Paired(-3, -8, 2));

        Assert.That(Verdict.For(c, ComparisonKind.Policies, Unit), Does.EndWith("no clear change in legitimate deliveries"));
    }

    [Test]
    public void For_EveryOutcomeEqualInEveryTrial_ChangesNothing()
    {
        PairedSummary equal = Paired(0, 0, 0, 0, 0, 0, probabilityEqual: 1);
        var c = Make(equal, delivered: equal, others: equal);

        Assert.That(Verdict.For(c, ComparisonKind.Policies, Unit), Does.StartWith("changes nothing"));
    }

    [Test]
    public void For_Files_ComparesWithTheReferenceByName()
    {
        var c = Make(Paired(-3100, -3500, -2700, 0.31, 0.27, 0.35), delivered: Paired(500, 400, 600)) with { Reference = "calibration-a" };

        string verdict = Verdict.For(c, ComparisonKind.Files, Unit);

        Assert.That(verdict, Is.EqualTo(
            "mean leakage 31% lower than calibration-a (Monte Carlo precision of this mean: ±4 percentage points); " +
            "trial by trial the difference runs from -3,100 to -3,100 H100e (5th–95th percentile), and leakage was lower in every trial; " +
            "mean legitimate deliveries 500 H100e higher"));
    }

    [Test]
    public void For_NoTrials_SaysNothingCanBeSaid()
    {
        var c = Make(Paired(double.NaN, double.NaN, double.NaN) with { Count = 0 });

        Assert.That(Verdict.For(c, ComparisonKind.Policies, Unit), Does.StartWith("no trials completed"));
    }

    [Test]
    public void For_SpreadWhollyBelowZero_GivesMeanWithItsPrecisionThenTheSpreadOverTrials()
    {
        var c = Make(Paired(-3100, -3500, -2700, 0.31, 0.27, 0.35, p05: -5000, p95: -1000));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Does.StartWith(
                "cuts mean leakage by 31% (Monte Carlo precision of this mean: ±4 percentage points); " +
                "trial by trial the change runs from -5,000 to -1,000 H100e (5th–95th percentile), and leakage fell in every trial; "));
            Assert.That(verdict, Does.Not.Contain("CI"), "no bare interval that reads as the range of the effect");
        });
    }

    [Test]
    public void For_SpreadStraddlingZero_SaysInWhatShareOfTrialsLeakageRose()
    {
        // The case: the mean falls clearly, yet leakage rose in 5.8% of trials.
        var c = Make(Paired(-5510, -5570, -5440, 0.0551, 0.0544, 0.0558, p05: -12_000, p95: 3000, greater: 0.058));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith(
            "cuts mean leakage by 5.51% (Monte Carlo precision of this mean: ±0.07 percentage points); " +
            "trial by trial the change runs from -12,000 to +3,000 H100e (5th–95th percentile), and leakage rose in 5.8% of trials and fell in 94%; "));
    }

    [Test]
    public void For_SpreadStraddlingZeroWithTiesAndNoClearMean_GivesAllThreeShares()
    {
        var c = Make(Paired(-12, -40, 16, 0.012, -0.016, 0.04, probabilityEqual: 0.25, p05: -300, p95: 250, greater: 0.35));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.Contain(
            "; trial by trial the change runs from -300 to +250 H100e (5th–95th percentile), and leakage rose in 35% of trials, fell in 40% and was the same in 25%; "));
    }

    [Test]
    public void For_LeakageIdenticalInEveryTrial_SaysNoEffectInAnyTrialWithoutPrecisionOrSpread()
    {
        PairedSummary equal = Paired(0, 0, 0, 0, 0, 0, probabilityEqual: 1);
        var c = Make(equal, delivered: Paired(-1200, -1300, -1100));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Is.EqualTo("no effect on leakage in any trial; costs 1,200 H100e of legitimate deliveries on average"));
    }

    [Test]
    public void For_FilesStraddlingZero_SpeaksOfHigherAndLowerTrials()
    {
        var c = Make(Paired(-3100, -3500, -2700, 0.31, 0.27, 0.35, p05: -9000, p95: 400, greater: 0.07), delivered: Paired(500, 400, 600)) with { Reference = "calibration-a" };

        string verdict = Verdict.For(c, ComparisonKind.Files, Unit);

        Assert.That(verdict, Does.Contain("trial by trial the difference runs from -9,000 to +400 H100e (5th–95th percentile), and leakage was higher in 7% of trials and was lower in 93%"));
    }

    [Test]
    public void For_TinyPrecision_NeverPrintsPlusMinusZero()
    {
        var c = Make(Paired(-5000, -5001, -4999, 0.5, 0.49999, 0.50001));

        string verdict = Verdict.For(c, ComparisonKind.Policies, Unit);

        Assert.That(verdict, Does.StartWith("cuts mean leakage by 50.00% (Monte Carlo precision of this mean: ±0.001 percentage points)"));
    }

    [TestCase(0.0, "0%")]
    [TestCase(0.0004, "under 0.1%")]
    [TestCase(0.004, "0.4%")]
    [TestCase(0.058, "5.8%")]
    [TestCase(0.996, "99.6%")]
    [TestCase(0.9996, "over 99.9%")]
    [TestCase(1.0, "100%")]
    public void TrialShare_Values_NeverRoundToNoneOrAll(double share, string expected) =>
        Assert.That(Verdict.TrialShare(share), Is.EqualTo(expected));

    [Test]
    public void WithinNoise_IntervalContainsZero_TrueButIdenticalTrialsAreNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Verdict.WithinNoise(Paired(-12, -40, 16)), Is.True);
            Assert.That(Verdict.WithinNoise(Paired(-3100, -3500, -2700)), Is.False);
            Assert.That(Verdict.WithinNoise(Paired(0, 0, 0, probabilityEqual: 1)), Is.False);
        });
    }

    [TestCase(1234.4, "1,234")]
    [TestCase(-1234.6, "-1,235")]
    [TestCase(99.4, "99")]
    [TestCase(0.3, "0.3")]
    [TestCase(0.0342, "0.034")]
    [TestCase(0, "0")]
    [TestCase(-1e-13, "0")]
    [TestCase(double.NaN, "n/a")]
    public void Quantity_Values_TwoSignificantDigitsOrThousands(double value, string expected) =>
        Assert.That(Verdict.Quantity(value), Is.EqualTo(expected));

    [TestCase(0.31, 0.27, 0.35, "31% (95% CI 27–35%)")]
    [TestCase(0.031, -0.01, 0.07, "3.1% (95% CI -1.0% to 7.0%)")]
    [TestCase(0.5, 0.495, 0.505, "50.0% (95% CI 49.5–50.5%)")]
    public void PercentWithRange_Values_Formatted(double share, double low, double high, string expected) =>
        Assert.That(Verdict.PercentWithRange(share, low, high), Is.EqualTo(expected));
}
