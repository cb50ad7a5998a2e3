using ExportFlow.Simulation.Analysis.Sensitivity;

namespace ExportFlow.Simulation.Tests.Analysis.Sensitivity;

public class SwingTests
{
    private static readonly int[] s_tornado = [1, 2, 0, 3];

    [Test]
    public void Compute_LinearModelWithCommonRandomNumbers_IsCoefficientTimesPercentileRange()
    {
        // y = c·x1 + 4·x2 − x3, x1 ~ U(0, 2): q10 = 0.2, q90 = 1.8. Other inputs share their draws within a pair.
        const double c = 2.5, q10 = 0.2, q90 = 1.8;
        const int n = 1000;
        var low = new double[n];
        var high = new double[n];
        for (int j = 0; j < n; j++)
        {
            double x2 = TestPoints.Uniform(8, 2 * j), x3 = 100 * TestPoints.Uniform(8, (2 * j) + 1);
            low[j] = (c * q10) + (4 * x2) - x3;
            high[j] = (c * q90) + (4 * x2) - x3;
        }

        SwingResult s = Swing.Compute(0, low, high);

        Assert.Multiple(() =>
        {
            Assert.That(s.Mean, Is.EqualTo(c * (q90 - q10)).Within(1e-12));
            Assert.That(s.StandardError, Is.LessThan(1e-12));
            Assert.That(s.Count, Is.EqualTo(n));
        });
    }

    [Test]
    public void Compute_FivePairs_UsesStudentTOnFourDegreesOfFreedom()
    {
        // Differences 1..5: mean 3, s = √2.5, se = √(2.5/5); t(0.975, 4) = 2.7764451052.
        SwingResult s = Swing.Compute(2, [0, 0, 0, 0, 0], [1, 2, 3, 4, 5]);

        Assert.Multiple(() =>
        {
            Assert.That(s.Mean, Is.EqualTo(3));
            Assert.That(s.StandardError, Is.EqualTo(Math.Sqrt(0.5)).Within(1e-14));
            Assert.That(s.Low, Is.EqualTo(1.036756838522439).Within(1e-9));
            Assert.That(s.High, Is.EqualTo(4.9632431614775605).Within(1e-9));
        });
    }

    [Test]
    public void Compute_NoisyPairs_IntervalContainsTrueSwingWithPairedStandardError()
    {
        // y = 3·x + ε with ε ~ U(−1, 1) independent in the two runs: mean swing 3·(0.9 − 0.1) = 2.4,
        // sd of a difference √(2/3), so se = √(2/3)/√n.
        const int n = 4000;
        var low = new double[n];
        var high = new double[n];
        for (int j = 0; j < n; j++)
        {
            low[j] = (3 * 0.1) + (2 * TestPoints.Uniform(21, 2 * j)) - 1;
            high[j] = (3 * 0.9) + (2 * TestPoints.Uniform(21, (2 * j) + 1)) - 1;
        }

        SwingResult s = Swing.Compute(0, low, high);

        Assert.Multiple(() =>
        {
            Assert.That(new IntervalEstimate(s.Mean, s.Low, s.High).Contains(2.4), Is.True, $"[{s.Low}, {s.High}]");
            Assert.That(s.StandardError, Is.EqualTo(Math.Sqrt(2.0 / 3 / n)).Within(5).Percent);
        });
    }

    [Test]
    public void TornadoOrder_MixedSigns_LargestMagnitudeFirstTiesByInput()
    {
        SwingResult[] swings =
        [
            new(0, 1.0, 0, 1, 1, 2),
            new(1, -5.0, 0, -5, -5, 2),
            new(2, 3.0, 0, 3, 3, 2),
            new(3, -1.0, 0, -1, -1, 2),
        ];

        Assert.That(Swing.TornadoOrder(swings).Select(s => s.Input), Is.EqualTo(s_tornado));
    }

    [Test]
    public void Compute_UnpairedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => Swing.Compute(0, [1, 2, 3], [1, 2]));
    }
}
