using ExportFlow.Simulation.Analysis.Sensitivity;

namespace ExportFlow.Simulation.Tests.Analysis.Sensitivity;

public class SobolIndicesTests
{
    private const int N = 1 << 14;
    private const int Replicates = 1000;
    private const ulong BootstrapSeed = 20_261_204;

    // Ishigami (1990): f = sin x1 + a·sin² x2 + b·x3⁴·sin x1, x_i ~ U(−π, π), a = 7, b = 0.1.
    // Write f = sin x1·(1 + b·x3⁴) + a·sin² x2. With E[sin² x] = 1/2, E[sin⁴ x] = 3/8,
    // E[x⁴] = π⁴/5 and E[x⁸] = π⁸/9 for x ~ U(−π, π):
    //   V2  = Var(a·sin² x2) = a²(3/8 − 1/4) = a²/8;
    //   Var(sin x1·(1 + b·x3⁴)) = ½·E[(1 + b·x3⁴)²] = ½(1 + 2bπ⁴/5 + b²π⁸/9);
    //   V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2;
    //   V1  = Var(E[f | x1]) = Var(sin x1·(1 + bπ⁴/5)) = (1 + bπ⁴/5)²/2;
    //   V3  = 0 (E[f | x3] does not depend on x3, since E[sin x1] = 0);
    //   V13 = ½(1 + 2bπ⁴/5 + b²π⁸/9) − V1 = ½·b²(π⁸/9 − π⁸/25) = b²π⁸(1/18 − 1/50).
    // Hence S1 = V1/V ≈ 0.3139, S2 = V2/V ≈ 0.4424, S3 = 0, ST1 = (V1 + V13)/V ≈ 0.5576,
    // ST2 = S2 ≈ 0.4424, ST3 = V13/V ≈ 0.2437.
    private const double A = 7, B = 0.1;
    private static readonly double s_v = (A * A / 8) + (B * Math.Pow(Math.PI, 4) / 5) + (B * B * Math.Pow(Math.PI, 8) / 18) + 0.5;
    private static readonly double s_v1 = Math.Pow(1 + (B * Math.Pow(Math.PI, 4) / 5), 2) / 2;
    private static readonly double s_v2 = A * A / 8;
    private static readonly double s_v13 = B * B * Math.Pow(Math.PI, 8) * ((1.0 / 18) - (1.0 / 50));

    private static double Ishigami(double[] x) =>
        Math.Sin(x[0]) + (A * Math.Sin(x[1]) * Math.Sin(x[1])) + (B * Math.Pow(x[2], 4) * Math.Sin(x[0]));

    private static SobolResult RunIshigami(ulong seed)
    {
        SaltelliDesign design = SaltelliDesign.Build(N, 3, (j, p) =>
        {
            TestPoints.Uniforms(seed, j, p);
            for (int c = 0; c < p.Length; c++)
            {
                p[c] = Math.PI * ((2 * p[c]) - 1);
            }
        });
        double[] y = TestPoints.Evaluate(design.Points, (_, x) => Ishigami(x));
        return SobolIndices.Estimate(design, y, Replicates, BootstrapSeed);
    }

    // Bootstrap standard error from the percentile interval's width (≈ 2·1.96·se for a normal-shaped bootstrap).
    private static double StandardError(IntervalEstimate e) => (e.High - e.Low) / (2 * 1.96);

    private static void AssertNear(IntervalEstimate estimate, double exact, string name)
    {
        double se = StandardError(estimate);
        Assert.That(se, Is.GreaterThan(0).And.LessThan(0.05), $"{name}: bootstrap standard error");
        Assert.That(estimate.Value, Is.EqualTo(exact).Within(3 * se), $"{name}: estimate {estimate.Value:F4} [{estimate.Low:F4}, {estimate.High:F4}] vs exact {exact:F4}");
        TestContext.Out.WriteLine($"{name}: {estimate.Value:F4} [{estimate.Low:F4}, {estimate.High:F4}], exact {exact:F4}");
    }

    [Test]
    public void Estimate_Ishigami_MatchesClosedFormIndicesWithinThreeStandardErrors()
    {
        SobolResult r = RunIshigami(7);

        Assert.Multiple(() =>
        {
            AssertNear(r.FirstOrder[0], s_v1 / s_v, "S1");
            AssertNear(r.FirstOrder[1], s_v2 / s_v, "S2");
            AssertNear(r.FirstOrder[2], 0, "S3");
            AssertNear(r.TotalOrder[0], (s_v1 + s_v13) / s_v, "ST1");
            AssertNear(r.TotalOrder[1], s_v2 / s_v, "ST2");
            AssertNear(r.TotalOrder[2], s_v13 / s_v, "ST3");
            AssertNear(r.Unexplained, s_v13 / s_v, "1 - sum S");
            Assert.That(r.Variance, Is.EqualTo(s_v).Within(3).Percent, "V");
            Assert.That(s_v1 / s_v, Is.EqualTo(0.3139).Within(1e-4), "closed form S1");
            Assert.That(s_v13 / s_v, Is.EqualTo(0.2437).Within(1e-4), "closed form ST3");
        });
    }

    [Test]
    public void Estimate_IshigamiThirdInput_FirstOrderIntervalContainsZeroTotalOrderDoesNot()
    {
        SobolResult r = RunIshigami(11);

        Assert.Multiple(() =>
        {
            Assert.That(r.FirstOrder[2].Contains(0), Is.True, $"S3 [{r.FirstOrder[2].Low}, {r.FirstOrder[2].High}]");
            Assert.That(r.TotalOrder[2].Low, Is.GreaterThan(0.2), "x3 acts through its interaction with x1");
        });
    }

    [Test]
    public void Estimate_LinearModelWithIndependentInputs_FirstEqualsTotalEqualsVarianceShare()
    {
        // y = 1000 + Σ c_i x_i with x_i ~ U(lo_i, hi_i): S_i = S_Ti = c_i² var_i / Σ c_j² var_j, var = (hi − lo)²/12.
        // The offset 1000 checks that a large mean does not swamp the first-order estimator.
        double[] c = [1, 2, 3], lo = [0, -1, 0], hi = [1, 1, 0.5];
        double[] share = new double[3];
        double total = 0;
        for (int i = 0; i < 3; i++)
        {
            share[i] = c[i] * c[i] * (hi[i] - lo[i]) * (hi[i] - lo[i]) / 12;
            total += share[i];
        }

        SaltelliDesign design = SaltelliDesign.Build(N, 3, (j, p) =>
        {
            TestPoints.Uniforms(3, j, p);
            for (int m = 0; m < p.Length; m++)
            {
                p[m] = lo[m % 3] + ((hi[m % 3] - lo[m % 3]) * p[m]);
            }
        });
        double[] y = TestPoints.Evaluate(design.Points, (_, x) => 1000 + (c[0] * x[0]) + (c[1] * x[1]) + (c[2] * x[2]));
        SobolResult r = SobolIndices.Estimate(design, y, Replicates, BootstrapSeed);

        Assert.Multiple(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                AssertNear(r.FirstOrder[i], share[i] / total, $"S{i + 1}");
                AssertNear(r.TotalOrder[i], share[i] / total, $"ST{i + 1}");
            }

            Assert.That(r.Unexplained.Contains(0), Is.True, $"1 − ΣS [{r.Unexplained.Low}, {r.Unexplained.High}]");
        });
    }

    [Test]
    public void Estimate_StochasticModelWithIgnoredInput_IgnoredInputContainsZeroAndNoiseIsUnexplained()
    {
        // y = x1 + ε with x1 ~ U(0, 1) and intrinsic noise ε ~ U(−½, ½) drawn afresh for each evaluation
        // (not an input); x2 is an input the model ignores. Var x1 = Var ε = 1/12, V = 1/6:
        // S1 = 1/2, S2 = 0, 1 − ΣS = 1/2 (the noise), and Jansen's total order counts the noise in
        // every input: ST1 = (Var x1 + Var ε)/V = 1, ST2 = Var ε / V = 1/2.
        SaltelliDesign design = SaltelliDesign.Build(N, 2, (j, p) => TestPoints.Uniforms(5, j, p));
        double[] y = TestPoints.Evaluate(design.Points, (row, x) => x[0] + TestPoints.Uniform(99, row) - 0.5);
        SobolResult r = SobolIndices.Estimate(design, y, Replicates, BootstrapSeed);

        Assert.Multiple(() =>
        {
            Assert.That(r.FirstOrder[1].Contains(0), Is.True, $"S2 [{r.FirstOrder[1].Low}, {r.FirstOrder[1].High}]");
            Assert.That(r.FirstOrder[1].Value, Is.Not.Zero, "the noise makes the ignored input's estimate non-trivial");
            AssertNear(r.FirstOrder[0], 0.5, "S1");
            AssertNear(r.Unexplained, 0.5, "1 - sum S");
            AssertNear(r.TotalOrder[0], 1.0, "ST1");
            AssertNear(r.TotalOrder[1], 0.5, "ST2");
        });
    }

    [Test]
    public void Estimate_SameSeed_IsBitIdenticalAndAnotherSeedMovesTheIntervals()
    {
        SaltelliDesign design = SaltelliDesign.Build(1000, 3, (j, p) => TestPoints.Uniforms(1, j, p));
        double[] y = TestPoints.Evaluate(design.Points, (_, x) => Ishigami(x));

        SobolResult first = SobolIndices.Estimate(design, y, 200, 42);
        SobolResult again = SobolIndices.Estimate(design, y, 200, 42);
        SobolResult other = SobolIndices.Estimate(design, y, 200, 43);

        Assert.Multiple(() =>
        {
            Assert.That(again.FirstOrder, Is.EqualTo(first.FirstOrder));
            Assert.That(again.TotalOrder, Is.EqualTo(first.TotalOrder));
            Assert.That(again.Unexplained, Is.EqualTo(first.Unexplained));
            Assert.That(other.FirstOrder.Select(e => e.Value), Is.EqualTo(first.FirstOrder.Select(e => e.Value)), "point estimates do not depend on the seed");
            Assert.That(other.FirstOrder.Select(e => e.Low), Is.Not.EqualTo(first.FirstOrder.Select(e => e.Low)), "intervals do");
        });
    }

    [Test]
    public void Build_ThreeInputs_LaysOutABAndMixedBlocks()
    {
        // Point j = (10j, 10j + 1, 10j + 2 | 10j + 3, 10j + 4, 10j + 5): A's columns end in 0–2, B's in 3–5.
        SaltelliDesign d = SaltelliDesign.Build(4, 3, (j, p) =>
        {
            for (int c = 0; c < p.Length; c++)
            {
                p[c] = (10 * j) + c;
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(d.EvaluationCount, Is.EqualTo(4 * 5));
            Assert.That(d.Points.GetLength(0), Is.EqualTo(20));
            Assert.That(d.Points[SaltelliDesign.RowOfA(2), 1], Is.EqualTo(21));
            Assert.That(d.Points[d.RowOfB(2), 1], Is.EqualTo(24));
            for (int i = 0; i < 3; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double expected = (10 * 3) + c + (c == i ? 3 : 0);
                    Assert.That(d.Points[d.RowOfAB(i, 3), c], Is.EqualTo(expected), $"A_B^({i}) row 3 column {c}");
                }
            }
        });
    }

    [Test]
    public void Estimate_WrongOutputCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => SobolIndices.Estimate(10, 3, new double[49], 10, 1));
    }

    [Test]
    public void Estimate_NonFiniteOutput_Throws()
    {
        double[] y = new double[50];
        y[7] = double.NaN;
        Assert.Throws<ArgumentException>(() => SobolIndices.Estimate(10, 3, y, 10, 1));
    }
}
