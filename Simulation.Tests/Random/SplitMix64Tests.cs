using System.Numerics;
using System.Text;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

public class SplitMix64Tests
{
    // Golden values: generated once from this implementation and checked against an independent Python
    // transcription. A change here changes every random stream of every run.
    [TestCase(0x0000000000000000UL, 0x0000000000000000UL)]
    [TestCase(0x0000000000000001UL, 0x5692161D100B05E5UL)]
    [TestCase(0x0000000000000002UL, 0xDBD238973A2B148AUL)]
    [TestCase(0x9E3779B97F4A7C15UL, 0xE220A8397B1DCDAFUL)]
    [TestCase(0xFFFFFFFFFFFFFFFFUL, 0xB4D055FCF2CBBD7BUL)]
    public void Finalize_KnownInput_MatchesGoldenValue(ulong input, ulong expected)
    {
        Assert.That(SplitMix64.Finalize(input), Is.EqualTo(expected));
    }

    [Test]
    public void Finalize_SeedZeroFirstOutput_MatchesPublishedSplitMix64()
    {
        // The reference splitmix64.c, seeded with 0, first returns 0xE220A8397B1DCDAF.
        Assert.That(SplitMix64.Finalize(0x9E3779B97F4A7C15UL), Is.EqualTo(0xE220A8397B1DCDAFUL));
    }

    [Test]
    public void Finalize_SingleBitFlip_ChangesAboutHalfTheOutputBits()
    {
        var stream = new EventStream(12345);
        long changed = 0;
        const int Inputs = 2000;
        for (int i = 0; i < Inputs; i++)
        {
            ulong x = stream.NextULong();
            ulong fx = SplitMix64.Finalize(x);
            for (int bit = 0; bit < 64; bit++)
            {
                changed += BitOperations.PopCount(fx ^ SplitMix64.Finalize(x ^ (1UL << bit)));
            }
        }

        double mean = (double)changed / (Inputs * 64);
        // Ideal avalanche: Binomial(64, ½) per flip, mean 32, sd 4; the SE over 128,000 flips is 0.011.
        Assert.That(mean, Is.EqualTo(32.0).Within(0.1));
    }

    [Test]
    public void Mix_KnownInputs_MatchGoldenValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SplitMix64.Mix(1, 2), Is.EqualTo(0xE32BBB60052B5041UL));
            Assert.That(SplitMix64.Mix(2, 1), Is.EqualTo(0x04B32FA75C2EBEC4UL));
            Assert.That(SplitMix64.Mix(0, 0), Is.EqualTo(0x4E96155E5F0A1C3FUL));
        });
    }

    [Test]
    public void Mix_SwappedArguments_GiveDifferentKeys()
    {
        Assert.That(SplitMix64.Mix(7, 11), Is.Not.EqualTo(SplitMix64.Mix(11, 7)));
    }

    [Test]
    public void Mix_SmallSecondArguments_GiveDistinctKeys()
    {
        var seen = new HashSet<ulong>();
        for (ulong b = 0; b < 10_000; b++)
        {
            seen.Add(SplitMix64.Mix(42, b));
            seen.Add(SplitMix64.Mix(b, 42));
        }

        Assert.That(seen, Has.Count.EqualTo(20_000 - 1), "Mix(42, 42) appears in both halves");
    }

    [TestCase("", 0xF52A15E9A9B5E89BUL)]
    [TestCase("lic:e1", 0xDA2D91AD387046AFUL)]
    [TestCase("lic:e1#f", 0x3D9EC7F138888D93UL)]
    [TestCase("tr:e1>e2", 0x88C9259576855A6EUL)]
    [TestCase("p:grüße", 0xF56878EC7E9D0318UL)]
    public void HashString_KnownSlot_MatchesGoldenValue(string slot, ulong expected)
    {
        Assert.That(SplitMix64.HashString(slot), Is.EqualTo(expected));
    }

    [TestCase("lic:e1")]
    [TestCase("a:hub-ae.diversion")]
    [TestCase("p:grüße")]
    [TestCase("fl:e1>e2>e3#f")]
    [TestCase("p:\U0001F600 emoji")]
    public void HashString_AnySlot_EqualsFnv1aOverUtf8ThenFinalize(string slot)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(slot))
        {
            hash = unchecked((hash ^ b) * 0x100000001B3UL);
        }

        Assert.That(SplitMix64.HashString(slot), Is.EqualTo(SplitMix64.Finalize(hash)));
    }

    [Test]
    public void HashString_LoneSurrogate_HashesAsReplacementCharacter()
    {
        Assert.That(SplitMix64.HashString("x\uD800y"), Is.EqualTo(SplitMix64.HashString("x\uFFFDy")));
    }

    [Test]
    public void HashString_Null_ThrowsArgumentNullException()
    {
        Assert.That(() => SplitMix64.HashString(null!), Throws.ArgumentNullException);
    }
}
