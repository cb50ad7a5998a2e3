using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

public class EventStreamTests
{
    private static ulong GoldenKey => StreamKeys.EventKey(StreamKeys.TrialKey(42, 0), SplitMix64.HashString("lic:e1"), 0);

    [Test]
    public void NextULong_GoldenKey_MatchesGoldenValues()
    {
        var stream = new EventStream(GoldenKey);
        ulong[] expected = [0x363C31C945EBD7EDUL, 0x38601D59F2DC0E5FUL, 0xD45069636BB4009CUL, 0xB27119796B339A09UL];
        ulong[] actual = new ulong[expected.Length];
        for (int j = 0; j < actual.Length; j++)
        {
            actual[j] = stream.NextULong();
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void NextUniform_GoldenKey_MatchesGoldenValues()
    {
        var stream = new EventStream(GoldenKey);
        double[] expected = [0.2118559948338964, 0.2202165932275052, 0.8293519847608907, 0.697038261550189];
        double[] actual = new double[expected.Length];
        for (int j = 0; j < actual.Length; j++)
        {
            actual[j] = stream.NextUniform();
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void NextULong_ValueJ_IsFinalizeOfKeyPlusJPlusOneGamma()
    {
        const ulong Key = 0xDEADBEEFCAFEF00DUL;
        var stream = new EventStream(Key);
        for (ulong j = 0; j < 16; j++)
        {
            Assert.That(stream.NextULong(), Is.EqualTo(SplitMix64.Finalize(unchecked(Key + ((j + 1) * 0x9E3779B97F4A7C15UL)))));
        }
    }

    [Test]
    public void Copy_OfStream_ContinuesWithTheSameValues()
    {
        var stream = new EventStream(7);
        stream.NextULong();
        EventStream copy = stream;
        Assert.That(copy.NextULong(), Is.EqualTo(stream.NextULong()));
    }

    [Test]
    public void ToUniform_ExtremeWords_StayStrictlyInsideZeroOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventStream.ToUniform(0), Is.EqualTo(Math.Pow(2, -53)));
            Assert.That(EventStream.ToUniform(ulong.MaxValue), Is.EqualTo(1.0 - Math.Pow(2, -53)));
            Assert.That(EventStream.ToUniform(ulong.MaxValue), Is.LessThan(1.0));
        });
    }

    [Test]
    public void ToUniform_Complement_IsExactlyOneMinusU()
    {
        var stream = new EventStream(3);
        for (int i = 0; i < 1000; i++)
        {
            ulong x = stream.NextULong();
            Assert.That(1.0 - EventStream.ToUniform(x), Is.EqualTo(EventStream.ToUniform(~x)));
        }
    }

    [Test]
    public void NextUniform_FirstValueOfManyEvents_IsUniform()
    {
        double[] sample = SampleStats.Draw(1, 100_000, static (ref EventStream s) => s.NextUniform());
        SampleStats.AssertMoments(sample, 0.5, 1.0 / 12.0);
        SampleStats.AssertKolmogorovSmirnov(sample, static u => u);
    }

    [Test]
    public void NextUniform_WithinOneStream_IsUniform()
    {
        var stream = new EventStream(2);
        double[] sample = new double[100_000];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = stream.NextUniform();
        }

        SampleStats.AssertMoments(sample, 0.5, 1.0 / 12.0);
        SampleStats.AssertKolmogorovSmirnov(sample, static u => u);
    }

    [Test]
    public void NextUniform_AdjacentPeriodsOfOneSlot_AreUncorrelated()
    {
        const int Trials = 50_000;
        ulong slot = SplitMix64.HashString("tr:e1>e2");
        double sxy = 0.0;
        for (int i = 0; i < Trials; i++)
        {
            ulong trialKey = StreamKeys.TrialKey(9, i);
            var first = new EventStream(StreamKeys.EventKey(trialKey, slot, 0));
            var second = new EventStream(StreamKeys.EventKey(trialKey, slot, 1));
            sxy += (first.NextUniform() - 0.5) * (second.NextUniform() - 0.5);
        }

        double correlation = sxy / Trials * 12.0;
        Assert.That(correlation, Is.EqualTo(0.0).Within(4.0 / Math.Sqrt(Trials)));
    }
}
