using ExportFlow.Simulation.Analysis.Sensitivity;
using MathNet.Numerics.Statistics;

namespace ExportFlow.Simulation.Tests.Analysis.Sensitivity;

public class RankCorrelationTests
{
    private static (double[,] Inputs, double[] Column0, double[] Column1) TwoUniformColumns(int n, ulong seed)
    {
        var inputs = new double[n, 2];
        var c0 = new double[n];
        var c1 = new double[n];
        for (int j = 0; j < n; j++)
        {
            c0[j] = inputs[j, 0] = TestPoints.Uniform(seed, 2 * j);
            c1[j] = inputs[j, 1] = TestPoints.Uniform(seed, (2 * j) + 1);
        }

        return (inputs, c0, c1);
    }

    [Test]
    public void Ranks_Ties_GetAverageRanks()
    {
        Assert.That(RankCorrelation.Ranks([30, 10, 20, 20, 20, 5]), Is.EqualTo(new double[] { 6, 2, 4, 4, 4, 1 }));
    }

    [Test]
    public void OfColumns_MonotoneFunctionOfFirstInput_IsOneAndIndependentInputContainsZero()
    {
        (double[,] inputs, double[] x0, _) = TwoUniformColumns(500, 17);
        double[] y = x0.Select(x => Math.Exp(3 * x) - 7).ToArray();

        RankCorrelationResult[] r = RankCorrelation.OfColumns(inputs, y);

        Assert.Multiple(() =>
        {
            Assert.That(r[0].Rho, Is.EqualTo(1.0).Within(1e-15));
            Assert.That(r[0].Low, Is.EqualTo(1.0).Within(1e-15));
            Assert.That(r[1].Input, Is.EqualTo(1));
            Assert.That(r[1].Low, Is.LessThan(0));
            Assert.That(r[1].High, Is.GreaterThan(0));
            Assert.That(r[1].High - r[1].Low, Is.LessThan(0.2), "n = 500 gives a half-width near 1.96·√(1.06/497) ≈ 0.09");
        });
    }

    [Test]
    public void Compute_DecreasingFunction_IsMinusOne()
    {
        (_, double[] x0, _) = TwoUniformColumns(50, 2);
        double[] y = x0.Select(x => -x * x * x).ToArray();

        Assert.That(RankCorrelation.Compute(x0, y).Rho, Is.EqualTo(-1.0).Within(1e-15));
    }

    [Test]
    public void Compute_DataWithTies_AgreesWithMathNetSpearman()
    {
        double[] x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
        double[] y = [2, 1, 3, 3, 5, 4, 6, 6, 9, 8];

        Assert.That(RankCorrelation.Compute(x, y).Rho, Is.EqualTo(Correlation.Spearman(x, y)).Within(1e-12));
    }

    [Test]
    public void FisherInterval_RhoHalfN103_MatchesHandComputation()
    {
        // atanh 0.5 = 0.549306, se = √(1.06/100) = 0.102956; tanh(0.549306 ∓ 1.96·0.102956).
        (double low, double high) = RankCorrelation.FisherInterval(0.5, 103);

        Assert.Multiple(() =>
        {
            Assert.That(low, Is.EqualTo(0.33416703084345867).Within(1e-12));
            Assert.That(high, Is.EqualTo(0.6358050332933001).Within(1e-12));
        });
    }

    [Test]
    public void OfColumns_IndependentData_IntervalCoversZeroAboutNinetyFivePercent()
    {
        // 2000 independent data sets of n = 30; the coverage of ρ = 0 should be 95 % (± 0.5 % binomial se).
        const int sets = 2000, n = 30;
        int covered = 0;
        for (int s = 0; s < sets; s++)
        {
            (_, double[] x0, double[] x1) = TwoUniformColumns(n, 1000 + (ulong)s);
            RankCorrelationResult r = RankCorrelation.Compute(x0, x1);
            covered += r.Low <= 0 && 0 <= r.High ? 1 : 0;
        }

        Assert.That(covered / (double)sets, Is.InRange(0.93, 0.97));
    }

    [Test]
    public void Compute_ConstantOutcome_IsNaN()
    {
        Assert.That(RankCorrelation.Compute([1, 2, 3, 4, 5], [2, 2, 2, 2, 2]).Rho, Is.NaN);
    }

    [Test]
    public void Compute_TooFewSamples_Throws()
    {
        Assert.Throws<ArgumentException>(() => RankCorrelation.Compute([1, 2, 3], [1, 2, 3]));
    }
}
