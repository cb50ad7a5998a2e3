using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>The keyed Feistel permutation with cycle walking used for Latin hypercube strata.</summary>
[TestFixture]
public class KeyedPermutationTests
{
    [TestCase(1L)]
    [TestCase(2L)]
    [TestCase(7L)]
    [TestCase(1000L)]
    [TestCase(4097L)]
    public void Permute_AnySize_IsABijectionOfTheRange(long n)
    {
        long[] images = [.. Enumerable.Range(0, (int)n).Select(i => KeyedPermutation.Permute(i, n, 12345))];

        Assert.That(images.Order(), Is.EqualTo(Enumerable.Range(0, (int)n).Select(i => (long)i)));
    }

    [Test]
    public void Permute_DifferentKeys_GiveDifferentPermutations()
    {
        long[] a = [.. Enumerable.Range(0, 100).Select(i => KeyedPermutation.Permute(i, 100, 1))];
        long[] b = [.. Enumerable.Range(0, 100).Select(i => KeyedPermutation.Permute(i, 100, 2))];

        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)), "not the identity");
    }
}
