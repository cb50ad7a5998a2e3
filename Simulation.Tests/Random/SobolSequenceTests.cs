using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>The Sobol sequence from Joe and Kuo's direction numbers, before scrambling.</summary>
[TestFixture]
public class SobolSequenceTests
{
    // Dimension 1 is van der Corput: point i is the bit reversal of i (natural order, not Gray code).
    [Test]
    public void Value_FirstDimension_IsVanDerCorput()
    {
        double[] expected = [0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875];

        double[] actual = [.. Enumerable.Range(0, 8).Select(i => SobolSequence.Value((uint)i, 0))];

        Assert.That(actual, Is.EqualTo(expected));
    }

    // Joe–Kuo dimension 2: s = 1, a = 0, m = (1) ⇒ v1 = 1/2, v_k = v_(k−1) ⊕ v_(k−1)/2: v2 = .11₂ = 3/4,
    // v3 = .101₂ = 5/8. Points (natural order): 0, v1, v2, v1⊕v2 = 1/4, v3, v1⊕v3 = 1/8, v2⊕v3 = 3/8, 7/8.
    // Joe–Kuo dimension 3: s = 2, a = 1, m = (1, 3) ⇒ v1 = 1/2, v2 = 3/4, v3 = v1 ⊕ v1/4 ⊕ v2 = .011₂ = 3/8.
    // Points: 0, 1/2, 3/4, 1/4, 3/8, 7/8, 5/8, 1/8.
    [TestCase(1, new[] { 0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875 })]
    [TestCase(2, new[] { 0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125 })]
    public void Value_JoeKuoDimensionsTwoAndThree_MatchTheDirectionNumbers(int dimension, double[] expected)
    {
        double[] actual = [.. Enumerable.Range(0, 8).Select(i => SobolSequence.Value((uint)i, dimension))];

        Assert.That(actual, Is.EqualTo(expected));
    }

    // Every shipped dimension must stratify: its first 2^m points fall one in each interval of width 2^-m
    // (true when every m_i is odd, so a transcription slip in the table shows up here).
    [Test]
    public void Point_EveryDimension_First1024PointsFillEvery1024thOnce()
    {
        const int m = 10;
        for (int j = 0; j < SobolSequence.MaxDimensions; j++)
        {
            var cells = new HashSet<uint>();
            for (uint i = 0; i < 1u << m; i++)
            {
                cells.Add(SobolSequence.Point(i, j) >> (32 - m));
            }

            Assert.That(cells, Has.Count.EqualTo(1 << m), $"dimension {j + 1}");
        }
    }

    // Joe–Kuo's dimensions 1 and 2 form a (0, m, 2)-net: every elementary interval of area 2^-m holds one point.
    [Test]
    public void Point_FirstTwoDimensions_AreAZeroMTwoNet()
    {
        const int m = 8;
        for (int a = 0; a <= m; a++)
        {
            var boxes = new HashSet<(uint, uint)>();
            for (uint i = 0; i < 1u << m; i++)
            {
                boxes.Add((SobolSequence.Point(i, 0) >> (32 - a), SobolSequence.Point(i, 1) >> (32 - (m - a))));
            }

            Assert.That(boxes, Has.Count.EqualTo(1 << m), $"intervals 2^-{a} × 2^-{m - a}");
        }
    }

    // The table's last line (dimension 256, from new-joe-kuo-6.21201: s = 11, a = 560, m = 1 1 1 5 19 3 53 133 97 863 983):
    // its 11th direction number is m_11 · 2^-11.
    [Test]
    public void Point_LastDimension_UsesTheTableLastLine()
    {
        Assert.That(SobolSequence.Point(1u << 10, 255), Is.EqualTo(983u << (32 - 11)));
        Assert.That(SobolSequence.Point(1u << 3, 255), Is.EqualTo(5u << (32 - 4)));
    }
}
