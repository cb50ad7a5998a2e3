using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using static ExportFlow.Simulation.Tests.Random.QuantileAccuracy;

namespace ExportFlow.Simulation.Tests.Random;

public class InverseCdfTests
{
    private const double Tolerance = 1e-12;

    // Φ⁻¹ at 1e-15, 1e-10, 0.025 and 0.975 (mpmath, 40 digits).
    private static readonly (double P, double Z)[] NormalQuantiles =
    [
        (1e-15, -7.941345326170996780966744),
        (1e-10, -6.361340902404056204695376),
        (0.025, -1.959963984540054),
        (0.975, 1.959963984540054),
    ];

    private static readonly DistributionKind[] Kinds = Enum.GetValues<DistributionKind>();

    [TestCaseSource(nameof(Kinds))]
    public void Of_GridOfTailProbabilities_RoundTripsThroughCdfTo1e12(DistributionKind kind)
    {
        // |F(F⁻¹(t)) − t| ≤ 1e-12·t, beyond the resolution of doubles at x (the change of F over one ulp of
        // x, which dominates where the support's end is far from 0, as in normal(0, 1, 8, 9)).
        double worst = 0.0;
        string worstCase = string.Empty;
        foreach (Distribution d in Sweep(kind))
        {
            foreach (double t in TailGrid())
            {
                foreach (bool upper in new[] { false, true })
                {
                    double x = upper ? InverseCdf.OfUpper(d, t) : InverseCdf.Of(d, t);
                    double back = Tail(d, x, upper);
                    double resolution = Math.Abs(Tail(d, Math.BitIncrement(x), upper) - Tail(d, Math.BitDecrement(x), upper));
                    double error = Math.Max(Math.Abs(back - t) - resolution, 0.0) / t;
                    if (error > worst)
                    {
                        worst = error;
                        worstCase = $"{d} {(upper ? "upper" : "lower")} {t:R}: x {x:R} gives {back:R}";
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{kind}: worst |F(F⁻¹(t)) − t|/t {worst:E2} {worstCase}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), worstCase);
    }

    [TestCaseSource(nameof(Kinds))]
    public void Of_GridOfValues_RoundTripsThroughCdfTo1e12Relative(DistributionKind kind)
    {
        // x between consecutive grid quantiles, back through the tail where F is small and through the normal score.
        double worst = 0.0;
        string worstCase = string.Empty;
        foreach (Distribution d in Sweep(kind))
        {
            double[] grid = TailGrid();
            var xs = new List<double>();
            for (int i = 0; i + 1 < grid.Length; i++)
            {
                xs.Add(0.5 * (InverseCdf.Of(d, grid[i]) + InverseCdf.Of(d, grid[i + 1])));
                xs.Add(0.5 * (InverseCdf.OfUpper(d, grid[i]) + InverseCdf.OfUpper(d, grid[i + 1])));
            }

            double scale = kind == DistributionKind.Normal ? d.B : 0.0;
            foreach (double x in xs)
            {
                double lower = Cdf.Of(d, x);
                double x1 = lower <= 0.5 ? InverseCdf.Of(d, lower) : InverseCdf.OfUpper(d, Cdf.Upper(d, x));
                double x2 = InverseCdf.OfNormalScore(d, Cdf.NormalScore(d, x));
                double error = Math.Max(Math.Abs(x1 - x), Math.Abs(x2 - x)) / Math.Max(Math.Abs(x), scale);
                if (error > worst)
                {
                    worst = error;
                    worstCase = $"{d} x {x:R}: {x1:R}, {x2:R}";
                }
            }
        }

        TestContext.Out.WriteLine($"{kind}: worst |F⁻¹(F(x)) − x|/|x| {worst:E2} {worstCase}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), worstCase);
    }

    [TestCaseSource(nameof(Kinds))]
    public void Of_IncreasingProbabilities_GivesNonDecreasingValues(DistributionKind kind)
    {
        double[] tails = TailGrid();
        var us = new List<double>(tails);
        for (int i = 1; i < 1000; i++)
        {
            us.Add(i / 1000.0);
        }

        us.AddRange(tails.Select(t => 1.0 - t));
        us.Sort();
        foreach (Distribution d in Sweep(kind))
        {
            double previous = double.NegativeInfinity;
            foreach (double u in us)
            {
                double x = InverseCdf.Of(d, u);
                Assert.That(x, Is.GreaterThanOrEqualTo(previous), $"{d} at u {u:R}");
                previous = x;
            }
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public void Of_ZeroAndOne_GiveTheSupportsEnds(DistributionKind kind)
    {
        foreach (Distribution d in Sweep(kind))
        {
            Assert.Multiple(() =>
            {
                Assert.That(InverseCdf.Of(d, 0.0), Is.EqualTo(d.SupportLow), $"{d}");
                Assert.That(InverseCdf.Of(d, 1.0), Is.EqualTo(d.SupportHigh), $"{d}");
                Assert.That(InverseCdf.OfUpper(d, 0.0), Is.EqualTo(d.SupportHigh), $"{d}");
                Assert.That(InverseCdf.OfNormalScore(d, double.NegativeInfinity), Is.EqualTo(d.SupportLow), $"{d}");
                Assert.That(InverseCdf.OfNormalScore(d, double.PositiveInfinity), Is.EqualTo(d.SupportHigh), $"{d}");
                Assert.That(InverseCdf.Of(d, 1e-300), Is.GreaterThanOrEqualTo(d.SupportLow), $"{d}");
                Assert.That(InverseCdf.Of(d, 1.0 - 1e-16), Is.LessThanOrEqualTo(d.SupportHigh), $"{d}");
            });
        }
    }

    [Test]
    public void Of_UniformAndTriangular_MatchClosedForms()
    {
        Distribution uniform = Make(DistributionKind.Uniform, 2.0, 10.0);
        Distribution triangular = Make(DistributionKind.Triangular, 0.0, 3.0, 10.0);
        foreach (double u in ProbabilityGrid())
        {
            double tri = u <= 0.3 ? Math.Sqrt(u * 30.0) : 10.0 - Math.Sqrt((1.0 - u) * 70.0);
            Assert.Multiple(() =>
            {
                Assert.That(Relative(InverseCdf.Of(uniform, u), 2.0 + (8.0 * u)), Is.LessThanOrEqualTo(1e-15), $"uniform at {u:R}");
                Assert.That(Relative(InverseCdf.Of(triangular, u), tri), Is.LessThanOrEqualTo(1e-15), $"triangular at {u:R}");
            });
        }
    }

    [Test]
    public void Of_NormalAndLogNormal_MatchKnownNormalQuantiles()
    {
        Distribution normal = Make(DistributionKind.Normal, 100.0, 15.0, double.NegativeInfinity, double.PositiveInfinity);
        Distribution logNormal = Make(DistributionKind.LogNormal, 1.0, 0.5);
        foreach ((double p, double z) in NormalQuantiles)
        {
            Assert.Multiple(() =>
            {
                Assert.That(Relative(InverseCdf.Of(normal, p), 100.0 + (15.0 * z)), Is.LessThanOrEqualTo(Tolerance), $"normal at {p}");
                Assert.That(Relative(InverseCdf.Of(logNormal, p), Math.Exp(1.0 + (0.5 * z))), Is.LessThanOrEqualTo(Tolerance), $"lognormal at {p}");
                Assert.That(Relative(InverseCdf.OfUpper(logNormal, p), Math.Exp(1.0 - (0.5 * z))), Is.LessThanOrEqualTo(Tolerance), $"lognormal upper {p}");
            });
        }
    }

    [TestCase(1.0)]
    [TestCase(350.0)]
    public void Of_GammaOfShapeOne_IsTheExponentialQuantile(double scale)
    {
        Distribution d = Make(DistributionKind.Gamma, 1.0, scale);
        foreach (double u in ProbabilityGrid())
        {
            // −θ ln(1 − u), with ln(1 − u) exact on both sides: log1p below ½, and 1 − u exact above.
            double expected = -scale * (u <= 0.5 ? Accurate.LogOnePlus(-u) : Math.Log(1.0 - u));
            Assert.That(Relative(InverseCdf.Of(d, u), expected), Is.LessThanOrEqualTo(Tolerance), $"u {u:R}");
        }
    }

    [TestCase(0.1)]
    [TestCase(0.5)]
    [TestCase(3.0)]
    [TestCase(500.0)]
    public void Of_BetaWithAOrBOne_MatchesThePowerLaws(double shape)
    {
        Distribution aOne = Make(DistributionKind.Beta, 1.0, shape, 0.0, 1.0);
        Distribution bOne = Make(DistributionKind.Beta, shape, 1.0, 0.0, 1.0);
        foreach (double u in ProbabilityGrid())
        {
            // beta(1, b): 1 − (1 − u)^(1/b) = −expm1(log1p(−u)/b); beta(a, 1): u^(1/a).
            double expectedAOne = -ExpMinusOne((u <= 0.5 ? Accurate.LogOnePlus(-u) : Math.Log(1.0 - u)) / shape);
            Assert.Multiple(() =>
            {
                Assert.That(Relative(InverseCdf.Of(aOne, u), expectedAOne), Is.LessThanOrEqualTo(Tolerance), $"beta(1, {shape}) at {u:R}");
                Assert.That(Relative(InverseCdf.Of(bOne, u), Math.Pow(u, 1.0 / shape)), Is.LessThanOrEqualTo(Tolerance), $"beta({shape}, 1) at {u:R}");
            });
        }
    }

    [TestCase(double.NaN)]
    [TestCase(-0.1)]
    [TestCase(1.1)]
    public void Of_ProbabilityOutsideZeroOne_ThrowsArgumentOutOfRange(double u)
    {
        Distribution d = Make(DistributionKind.Gamma, 2.0, 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(() => InverseCdf.Of(d, u), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => InverseCdf.OfUpper(d, u), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void OfNormalScore_NaN_ThrowsArgumentOutOfRange()
    {
        Assert.That(() => InverseCdf.OfNormalScore(Make(DistributionKind.Beta, 2.0, 1.0, 0.0, 1.0), double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AllKinds_ManyCalls_AllocateNothing()
    {
        Distribution[] all = [.. Kinds.SelectMany(Sweep)];
        double sink = CallAll(all);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += CallAll(all);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(double.IsFinite(sink), Is.True);
        });
    }

    private static double CallAll(Distribution[] all)
    {
        double sink = 0.0;
        for (int i = 1; i < 200; i++)
        {
            double u = i / 200.0;
            foreach (Distribution d in all)
            {
                sink += InverseCdf.Of(d, u) + InverseCdf.OfNormalScore(d, u - 0.5) + Cdf.Of(d, 1.0);
                double z = Cdf.NormalScore(d, 0.5);
                sink += double.IsFinite(z) ? z : 0.0;
            }
        }

        return sink;
    }

    private static double Tail(Distribution d, double x, bool upper) => upper ? Cdf.Upper(d, x) : Cdf.Of(d, x);

    private static IEnumerable<double> ProbabilityGrid()
    {
        double[] tails = TailGrid();
        return tails.Concat(Enumerable.Range(1, 99).Select(i => i / 100.0)).Concat(tails.Select(t => 1.0 - t));
    }

    /// <summary>e^v − 1 to full relative precision (Taylor series below ½ in magnitude).</summary>
    private static double ExpMinusOne(double v)
    {
        if (Math.Abs(v) >= 0.5)
        {
            return Math.Exp(v) - 1.0;
        }

        double term = v;
        double sum = v;
        for (int k = 2; k < 40 && Math.Abs(term) > 1e-18 * Math.Abs(sum); k++)
        {
            term *= v / k;
            sum += term;
        }

        return sum;
    }
}
