using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

public class StreamKeysTests
{
    [TestCase(0L, 0xAE12F56DF698A3EEUL)]
    [TestCase(1L, 0xC7D4A53A5316DA2FUL)]
    [TestCase(2L, 0x96F8E0AEFED9E09AUL)]
    public void TrialKey_Seed42_MatchesGoldenValue(long trial, ulong expected)
    {
        Assert.That(StreamKeys.TrialKey(42, trial), Is.EqualTo(expected));
    }

    [TestCase(0, 0x06C29A35C431209FUL)]
    [TestCase(1, 0x54B0B90096EC65C2UL)]
    [TestCase(2, 0xD9504DB099FF9339UL)]
    public void EventKey_LicenceSlotOfTrial0_MatchesGoldenValue(int period, ulong expected)
    {
        ulong trialKey = StreamKeys.TrialKey(42, 0);
        ulong slot = SplitMix64.HashString("lic:e1");
        Assert.That(StreamKeys.EventKey(trialKey, slot, period), Is.EqualTo(expected));
    }

    [Test]
    public void TrialKey_AnyTrial_EqualsMixOfSeedAndIndex()
    {
        Assert.That(StreamKeys.TrialKey(99, 123_456), Is.EqualTo(SplitMix64.Mix(99, 123_456)));
    }

    [Test]
    public void TrialKey_NegativeTrial_UsesTwosComplementBits()
    {
        Assert.That(StreamKeys.TrialKey(5, -1), Is.EqualTo(SplitMix64.Mix(5, ulong.MaxValue)));
    }

    [Test]
    public void EventKey_AnyEvent_EqualsNestedMix()
    {
        const ulong TrialKey = 0x0123456789ABCDEFUL;
        const ulong Slot = 0xFEDCBA9876543210UL;
        Assert.That(StreamKeys.EventKey(TrialKey, Slot, 17), Is.EqualTo(SplitMix64.Mix(SplitMix64.Mix(TrialKey, Slot), 17)));
    }

    [Test]
    public void EventKey_DistinctTrialsSlotsAndPeriods_GiveDistinctKeys()
    {
        string[] slots = ["lic:e1", "lic:e1#f", "lic:e2", "tr:e3>e4", "tr:e3>e4#f", "fl:e3>e4", "p:growth", "a:hub.diversion"];
        var keys = new HashSet<ulong>();
        int count = 0;
        for (long trial = 0; trial < 200; trial++)
        {
            ulong trialKey = StreamKeys.TrialKey(2024, trial);
            foreach (string slot in slots)
            {
                ulong hash = SplitMix64.HashString(slot);
                for (int period = 0; period < 36; period++)
                {
                    keys.Add(StreamKeys.EventKey(trialKey, hash, period));
                    count++;
                }
            }
        }

        Assert.That(keys, Has.Count.EqualTo(count));
    }

    /// <summary>The engine derives event keys in steps (trial prefix, prepared slot key, period); every
    /// step must give the key <see cref="StreamKeys.EventKey"/> defines.</summary>
    [Test]
    public void PreparedKeys_AnyTrialSlotPeriod_EqualEventKey()
    {
        var stream = new EventStream(99);
        for (int i = 0; i < 10_000; i++)
        {
            ulong trialKey = StreamKeys.TrialKey(stream.NextULong(), i), slot = stream.NextULong();
            int period = (int)(stream.NextULong() % 500) - 1;
            ulong prepared = StreamKeys.SlotKeyFromPrefix(SplitMix64.MixPrefix(trialKey), slot);
            Assert.That(prepared, Is.EqualTo(StreamKeys.SlotKey(trialKey, slot)));
            Assert.That(StreamKeys.PeriodKey(prepared, period), Is.EqualTo(StreamKeys.EventKey(trialKey, slot, period)));
            Assert.That(EventStream.FirstUniform(StreamKeys.PeriodKey(prepared, period)), Is.EqualTo(new EventStream(StreamKeys.EventKey(trialKey, slot, period)).NextUniform()));
        }
    }
}
