using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

public class FluidBinomialTests
{
    private const ulong Seed = 777;
    private static readonly ulong Slot = SplitMix64.HashString("tr:e1>e2");
    private static readonly ulong FracSlot = SplitMix64.HashString("tr:e1>e2#f");

    // x = 1.5 with lot 1 has one whole lot and a half; x = 1000.7 with lot 8 has 125 lots and 0.0875 of one,
    // drawn by BTRD (p = 0.3), by inversion (p = 0.05) and by inversion from the top (p = 0.95).
    [TestCase(1.5, 1.0, 0.3)]
    [TestCase(1000.7, 8.0, 0.3)]
    [TestCase(1000.7, 8.0, 0.05)]
    [TestCase(1000.7, 8.0, 0.95)]
    [TestCase(0.4, 1.0, 0.6)]
    public void Sample_ManyTrials_MeanIsPTimesX(double x, double lot, double p)
    {
        const int Trials = 50_000;
        double[] sample = new double[Trials];
        for (int i = 0; i < Trials; i++)
        {
            (EventStream stream, EventStream frac) = Streams(i, 0);
            sample[i] = FluidBinomial.Sample(x, p, lot, ref stream, ref frac);
        }

        double m = x / lot;
        double whole = Math.Floor(m);
        double fraction = m - whole;
        double variance = lot * lot * p * (1.0 - p) * (whole + (fraction * fraction));
        SampleStats.AssertMoments(sample, p * x, variance);
    }

    [Test]
    public void Sample_AnyArguments_StaysWithinZeroAndXAndConservesMass()
    {
        var parameters = new EventStream(99);
        for (int i = 0; i < 20_000; i++)
        {
            double x = Math.Exp((parameters.NextUniform() * 20.0) - 5.0);
            double lot = Math.Exp((parameters.NextUniform() * 6.0) - 2.0);
            double p = parameters.NextUniform();
            (EventStream stream, EventStream frac) = Streams(i, 1);
            double b = FluidBinomial.Sample(x, p, lot, ref stream, ref frac);
            double other = x - b;
            Assert.That(b, Is.InRange(0.0, x), $"x {x}, lot {lot}, p {p}");
            Assert.That(other, Is.InRange(0.0, x));
            Assert.That(b + other, Is.EqualTo(x).Within(1).Ulps, "the two outcomes add up to x (to rounding)");
        }
    }

    [TestCase(16.0, 8.0)]
    [TestCase(3.0, 1.0)]
    [TestCase(1.0, 0.25)]
    public void Sample_AllLotsTaken_ReturnsExactlyX(double x, double lot)
    {
        // With p close to 1 every lot nearly always passes; when all pass the result must be x itself.
        int all = 0;
        for (int i = 0; i < 200; i++)
        {
            (EventStream stream, EventStream frac) = Streams(i, 2);
            double b = FluidBinomial.Sample(x, 0.999, lot, ref stream, ref frac);
            if (b >= x)
            {
                Assert.That(b, Is.EqualTo(x));
                all++;
            }
        }

        Assert.That(all, Is.GreaterThan(150));
    }

    [TestCase(0.0, 0.5, 0.0)]
    [TestCase(12.5, 0.0, 0.0)]
    [TestCase(12.5, 1.0, 12.5)]
    public void Sample_CertainOutcome_ReadsNeitherStream(double x, double p, double expected)
    {
        var stream = new EventStream(5);
        var frac = new EventStream(6);
        double b = FluidBinomial.Sample(x, p, 2.0, ref stream, ref frac);
        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(expected));
            Assert.That(stream.NextULong(), Is.EqualTo(new EventStream(5).NextULong()));
            Assert.That(frac.NextULong(), Is.EqualTo(new EventStream(6).NextULong()));
        });
    }

    [Test]
    public void Sample_WholeNumberOfLots_ReadsNoFractionUniform()
    {
        var stream = new EventStream(5);
        var frac = new EventStream(6);
        FluidBinomial.Sample(24.0, 0.4, 8.0, ref stream, ref frac);
        Assert.That(frac.NextULong(), Is.EqualTo(new EventStream(6).NextULong()));
    }

    [Test]
    public void Sample_LessThanOneLot_UsesFirstUniformOfFracStream()
    {
        for (int i = 0; i < 1000; i++)
        {
            (EventStream stream, EventStream frac) = Streams(i, 3);
            double u = frac.NextUniform();
            (stream, frac) = Streams(i, 3);
            double b = FluidBinomial.Sample(0.6, 0.35, 1.0, ref stream, ref frac);
            Assert.That(b, Is.EqualTo(u < 0.35 ? 0.6 : 0.0));
        }
    }

    [Test]
    public void Sample_GoldenStreams_MatchGoldenValues()
    {
        double[] expected = [0.5, 520.7, 21.25];
        double[] actual = new double[3];
        double[] xs = [1.5, 1000.7, 37.25];
        for (int i = 0; i < 3; i++)
        {
            (EventStream stream, EventStream frac) = Streams(i, 4);
            actual[i] = FluidBinomial.Sample(xs[i], 0.6, i == 1 ? 8.0 : 1.0, ref stream, ref frac);
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCase(-1.0, 0.5, 1.0)]
    [TestCase(double.NaN, 0.5, 1.0)]
    [TestCase(double.PositiveInfinity, 0.5, 1.0)]
    [TestCase(1.0, -0.5, 1.0)]
    [TestCase(1.0, 1.5, 1.0)]
    [TestCase(1.0, double.NaN, 1.0)]
    [TestCase(1.0, 0.5, 0.0)]
    [TestCase(1.0, 0.5, -2.0)]
    [TestCase(1.0, 0.5, double.NaN)]
    [TestCase(1.0, 0.5, double.PositiveInfinity)]
    [TestCase(1e17, 0.5, 1.0)]
    public void Sample_InvalidArguments_ThrowArgumentOutOfRange(double x, double p, double lot)
    {
        var stream = new EventStream(1);
        var frac = new EventStream(2);
        Assert.That(() => FluidBinomial.Sample(x, p, lot, ref stream, ref frac), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    /// <summary>The engine keeps one set-up draw per route and reuses it across periods: every method
    /// (certain, inversion from either end, BTRD from either end) must then give the draws a fresh call gives.</summary>
    [TestCase(0.0, 8.0, 0.4)]
    [TestCase(3.7, 8.0, 0.4)]
    [TestCase(1000.7, 8.0, 0.97)]
    [TestCase(1000.7, 8.0, 0.03)]
    [TestCase(1000.7, 8.0, 0.3)]
    [TestCase(1000.7, 8.0, 0.7)]
    [TestCase(1000.7, 8.0, 1.0)]
    [TestCase(100.3, 2.0, 0.98)]
    [TestCase(100.3, 2.0, 0.02)]
    public void FluidDraw_ReusedAcrossPeriods_EqualsFreshDraws(double x, double lot, double p)
    {
        var draw = new FluidDraw(x, p, lot);
        Assert.That(draw.Matches(x, p, lot), Is.True);
        Assert.That(draw.Matches(x + 1, p, lot), Is.False);
        for (int period = 0; period < 500; period++)
        {
            (EventStream s1, EventStream f1) = Streams(3, period);
            (EventStream s2, EventStream f2) = Streams(3, period);
            Assert.That(draw.Sample(ref s1, ref f1), Is.EqualTo(FluidBinomial.SampleUnchecked(x, p, lot, ref s2, ref f2)), $"period {period}");
        }

        // Tabulated (the transit loop's path): from the streams' first uniform and the fraction's slot key.
        var tabulated = new FluidDraw(x, p, lot, tabulate: true);
        ulong trialKey = StreamKeys.TrialKey(Seed, 3), slotKey = StreamKeys.SlotKey(trialKey, Slot), fractionSlotKey = StreamKeys.SlotKey(trialKey, FracSlot);
        for (int period = 0; period < 500; period++)
        {
            (EventStream s1, EventStream f1) = Streams(3, period);
            (EventStream s2, EventStream f2) = Streams(3, period);
            double expected = FluidBinomial.SampleUnchecked(x, p, lot, ref s1, ref f1);
            double actual = tabulated.IsTabulated
                ? tabulated.SampleTabulated(EventStream.FirstUniform(StreamKeys.PeriodKey(slotKey, period)), EventStream.FirstUniform(StreamKeys.PeriodKey(fractionSlotKey, period)))
                : tabulated.Sample(ref s2, ref f2);
            Assert.That(actual, Is.EqualTo(expected), $"tabulated, period {period}");
        }
    }

    /// <summary>The engine sets each route's draw up again in place when its flow changes: whatever the
    /// previous set-up (tabulated, BTRD, certain), the draws must be those of a fresh one.</summary>
    [Test]
    public void FluidDraw_SetAgainInPlace_SameAsFresh()
    {
        (double X, double P, double Lot)[] cases =
        [
            (1000.7, 0.97, 8.0), (1000.7, 0.3, 8.0), (0.0, 0.5, 8.0), (50.5, 0.02, 1.0), (3.7, 0.4, 8.0), (77.0, 1.0, 2.0), (1000.7, 0.97, 8.0),
        ];
        var kept = default(FluidDraw);
        foreach (var (x, p, lot) in cases)
        {
            kept.Set(x, p, lot, tabulate: true);
            var fresh = new FluidDraw(x, p, lot);
            for (int period = 0; period < 200; period++)
            {
                (EventStream s1, EventStream f1) = Streams(5, period);
                (EventStream s2, EventStream f2) = Streams(5, period);
                Assert.That(kept.Sample(ref s1, ref f1), Is.EqualTo(fresh.Sample(ref s2, ref f2)), $"x {x}, p {p}, period {period}");
            }
        }
    }

    private static (EventStream Stream, EventStream Frac) Streams(int trial, int period)
    {
        ulong trialKey = StreamKeys.TrialKey(Seed, trial);
        return (new EventStream(StreamKeys.EventKey(trialKey, Slot, period)), new EventStream(StreamKeys.EventKey(trialKey, FracSlot, period)));
    }
}
