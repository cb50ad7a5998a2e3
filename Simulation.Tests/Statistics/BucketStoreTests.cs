using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class BucketStoreTests
{
    [TestCase(0)]
    [TestCase(16)]
    [TestCase(128)]
    public void Increment_WanderingIndices_CountsMatchReference(int initialCapacity)
    {
        // Arrange: a random walk forces the window both to slide and to grow, in both directions.
        var random = new Xoshiro256StarStar(31);
        var store = new BucketStore(initialCapacity);
        var reference = new Dictionary<int, long>();
        int index = 0;

        // Act
        for (int i = 0; i < 20_000; i++)
        {
            index += random.Next(-3, 4);
            store.Increment(index);
            reference[index] = reference.GetValueOrDefault(index) + 1;
        }

        // Assert
        AssertMatches(store, reference);
    }

    [Test]
    public void Increment_FarJumpsIntoLongEmptyWindow_SlidesWithoutLosingCounts()
    {
        // Arrange: a few occupied buckets, then indices just outside the window on either side,
        // so the window slides in place rather than grows.
        var store = new BucketStore(64);
        var reference = new Dictionary<int, long>();
        int[] indices = [0, 1, 2, 40, -30, 45, -40, 50, 3];

        // Act
        foreach (int i in indices)
        {
            store.Increment(i);
            reference[i] = reference.GetValueOrDefault(i) + 1;
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            AssertMatches(store, reference);
            Assert.That(store.Capacity, Is.EqualTo(128));
        }
    }

    [Test]
    public void Merge_DisjointRanges_SumsCounts()
    {
        // Arrange
        var left = new BucketStore(8);
        var right = new BucketStore(8);
        var reference = new Dictionary<int, long>();
        for (int i = -500; i < -490; i++)
        {
            left.Increment(i);
            reference[i] = reference.GetValueOrDefault(i) + 1;
        }

        for (int i = 700; i < 705; i++)
        {
            right.Increment(i);
            right.Increment(i);
            reference[i] = reference.GetValueOrDefault(i) + 2;
        }

        // Act
        left.Merge(right);

        // Assert
        AssertMatches(left, reference);
    }

    [Test]
    public void Reset_ThenIncrement_OnlyNewCounts()
    {
        // Arrange
        var store = new BucketStore(8);
        for (int i = 0; i < 100; i++)
        {
            store.Increment(i % 13);
        }

        // Act
        store.Reset();
        store.Increment(5);

        // Assert
        AssertMatches(store, new Dictionary<int, long> { [5] = 1 });
    }

    private static void AssertMatches(BucketStore store, Dictionary<int, long> reference)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Total, Is.EqualTo(reference.Values.Sum()));
            Assert.That(store.MinIndex, Is.EqualTo(reference.Keys.Min()));
            Assert.That(store.MaxIndex, Is.EqualTo(reference.Keys.Max()));
            for (int i = store.MinIndex - 2; i <= store.MaxIndex + 2; i++)
            {
                Assert.That(store.CountAt(i), Is.EqualTo(reference.GetValueOrDefault(i)), $"index {i}");
            }
        }
    }
}
