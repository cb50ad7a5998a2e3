using ExportFlow.Simulation.Statistics;
using MathNet.Numerics.Random;

namespace ExportFlow.Simulation.Tests.Statistics;

public class CoMomentAccumulatorTests
{
    [Test]
    public void AddAndMerge_SeededPairs_MatchTwoPass()
    {
        // Arrange: y = 1000 − 2x + noise, so the covariance is negative and the means are offset.
        var random = new Xoshiro256StarStar(61);
        int n = 3_000;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 500.0 + (100.0 * random.NextDouble());
            y[i] = 1000.0 - (2.0 * x[i]) + (10.0 * random.NextDouble());
        }

        (double meanX, double meanY, double varX, double varY, double cov) = TwoPass(x, y);
        var single = new CoMomentAccumulator();
        for (int i = 0; i < n; i++)
        {
            single.AddUnchecked(x[i], y[i]);
        }

        // Act: uneven blocks, one of them empty, merged in order.
        int[] cuts = [0, 17, 17, 1200, 2999, n];
        var merged = new CoMomentAccumulator();
        for (int b = 0; b + 1 < cuts.Length; b++)
        {
            var block = new CoMomentAccumulator();
            for (int i = cuts[b]; i < cuts[b + 1]; i++)
            {
                block.AddUnchecked(x[i], y[i]);
            }

            merged.Merge(block);
        }

        // Assert
        using (Assert.EnterMultipleScope())
        {
            foreach (CoMomentAccumulator accumulator in new[] { single, merged })
            {
                Assert.That(accumulator.Count, Is.EqualTo(n));
                Assert.That(accumulator.MeanX, Is.EqualTo(meanX).Within(1e-12 * Math.Abs(meanX)));
                Assert.That(accumulator.MeanY, Is.EqualTo(meanY).Within(1e-12 * Math.Abs(meanY)));
                Assert.That(accumulator.VarianceX, Is.EqualTo(varX).Within(1e-12 * varX));
                Assert.That(accumulator.VarianceY, Is.EqualTo(varY).Within(1e-12 * varY));
                Assert.That(accumulator.Covariance, Is.EqualTo(cov).Within(1e-12 * Math.Abs(cov)));
            }
        }
    }

    private static (double MeanX, double MeanY, double VarX, double VarY, double Cov) TwoPass(double[] x, double[] y)
    {
        int n = x.Length;
        double sumX = 0.0;
        double sumY = 0.0;
        for (int i = 0; i < n; i++)
        {
            sumX += x[i];
            sumY += y[i];
        }

        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0.0;
        double syy = 0.0;
        double sxy = 0.0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }

        return (meanX, meanY, sxx / (n - 1), syy / (n - 1), sxy / (n - 1));
    }
}
