using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using static ExportFlow.Simulation.Tests.Random.QuantileAccuracy;

namespace ExportFlow.Simulation.Tests.Random;

public class CdfTests
{
    // Reference values from mpmath 1.3 at 40 digits: gammainc, betainc (regularized) and ncdf.
    [TestCase(DistributionKind.Gamma, 1e4, 1.0, 0.0, 0.0, 9000.0, false, 2.0732992024339280144e-25)]
    [TestCase(DistributionKind.Gamma, 1e4, 1.0, 0.0, 0.0, 11000.0, true, 1.6928531496469327577e-22)]
    [TestCase(DistributionKind.Gamma, 0.05, 1.0, 0.0, 0.0, 1e-100, false, 0.000010272168652716764091)]
    [TestCase(DistributionKind.Gamma, 0.05, 2.0, 0.0, 0.0, 60.0, true, 1.842464973413104143e-16)]
    [TestCase(DistributionKind.Gamma, 2.5, 1.0, 0.0, 0.0, 40.0, true, 8.3918251148316100895e-16)]
    [TestCase(DistributionKind.Beta, 500.0, 500.0, 0.0, 1.0, 0.45, false, 0.00076367893952649825072)]
    [TestCase(DistributionKind.Beta, 0.1, 500.0, 0.0, 1.0, 0.05, true, 4.0849941741377042015e-14)]
    [TestCase(DistributionKind.Beta, 2.0, 5.0, 10.0, 20.0, 10.1, false, 0.001460447605)]
    [TestCase(DistributionKind.Normal, 0.0, 1.0, 8.0, 9.0, 8.5, true, 0.015059371383170968903)]
    [TestCase(DistributionKind.Normal, 0.0, 1.0, 8.0, 9.0, 8.5, false, 0.9849406286168290311)]
    [TestCase(DistributionKind.Normal, 0.0, 1.0, 8.0, 9.0, 8.999, true, 1.6602007805129456984e-6)]
    [TestCase(DistributionKind.Normal, 0.0, 1.0, -9.0, -8.0, -8.999, false, 1.6602007805129456984e-6)]
    [TestCase(DistributionKind.LogNormal, 1.0, 0.5, 0.0, 0.0, 1000.0, true, 1.6228557455407166931e-32)]
    public void OfAndUpper_MpmathValues_MatchTo1e12Relative(DistributionKind kind, double a, double b, double c, double d, double x, bool upper, double expected)
    {
        Distribution distribution = Make(kind, a, b, c, d);
        double actual = upper ? Cdf.Upper(distribution, x) : Cdf.Of(distribution, x);
        Assert.That(Relative(actual, expected), Is.LessThanOrEqualTo(1e-12), $"{actual:R}");
    }

    [TestCase(DistributionKind.Uniform)]
    [TestCase(DistributionKind.Triangular)]
    [TestCase(DistributionKind.Pert)]
    [TestCase(DistributionKind.Normal)]
    [TestCase(DistributionKind.LogNormal)]
    [TestCase(DistributionKind.Beta)]
    [TestCase(DistributionKind.Gamma)]
    public void OfAndUpper_InsideTheSupport_SumToOne(DistributionKind kind)
    {
        foreach (Distribution d in Sweep(kind))
        {
            foreach (double t in TailGrid())
            {
                // Far in the normal's tail Φ is precise to about z²·2^-53 relative (x/√2 is rounded before erfc), 1e-13 at z = 30.
                double x = InverseCdf.Of(d, t);
                Assert.That(Cdf.Of(d, x) + Cdf.Upper(d, x), Is.EqualTo(1.0).Within(kind == DistributionKind.Normal ? 2e-13 : 1e-14), $"{d} at {x:R}: {Cdf.Of(d, x):R} + {Cdf.Upper(d, x):R}");
            }
        }
    }

    [TestCase(DistributionKind.Gamma, 0.3, 1.0, 0.0, 0.0)]
    [TestCase(DistributionKind.Beta, 2.0, 5.0, 0.0, 1.0)]
    [TestCase(DistributionKind.Pert, 0.01, 0.04, 0.12, 0.0)]
    [TestCase(DistributionKind.LogNormal, 1.0, 0.5, 0.0, 0.0)]
    [TestCase(DistributionKind.Normal, 0.15, 0.05, 0.0, 1.0)]
    public void Of_ModerateValues_MatchesMathNet(DistributionKind kind, double a, double b, double c, double d)
    {
        Distribution distribution = Make(kind, a, b, c, d);
        for (int i = 1; i < 100; i++)
        {
            double x = InverseCdf.Of(distribution, i / 100.0);
            double expected = kind switch
            {
                DistributionKind.Gamma => MathNet.Numerics.Distributions.Gamma.CDF(a, 1.0 / b, x),
                DistributionKind.Beta => MathNet.Numerics.Distributions.Beta.CDF(a, b, x),
                DistributionKind.Pert => MathNet.Numerics.Distributions.Beta.CDF(1.0 + (4.0 * (b - a) / (c - a)), 1.0 + (4.0 * (c - b) / (c - a)), (x - a) / (c - a)),
                DistributionKind.LogNormal => MathNet.Numerics.Distributions.LogNormal.CDF(a, b, x),
                _ => (MathNet.Numerics.Distributions.Normal.CDF(a, b, x) - MathNet.Numerics.Distributions.Normal.CDF(a, b, c))
                    / (MathNet.Numerics.Distributions.Normal.CDF(a, b, d) - MathNet.Numerics.Distributions.Normal.CDF(a, b, c)),
            };
            Assert.That(Cdf.Of(distribution, x), Is.EqualTo(expected).Within(1e-12), $"x {x:R}");
        }
    }

    [Test]
    public void Of_OutsideTheSupport_IsZeroBelowAndOneAbove()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cdf.Of(Make(DistributionKind.Uniform, 2.0, 3.0), 1.0), Is.Zero);
            Assert.That(Cdf.Of(Make(DistributionKind.Uniform, 2.0, 3.0), 4.0), Is.EqualTo(1.0));
            Assert.That(Cdf.Of(Make(DistributionKind.Triangular, 2.0, 2.5, 3.0), 3.0), Is.EqualTo(1.0));
            Assert.That(Cdf.Of(Make(DistributionKind.Gamma, 2.0, 3.0), -1.0), Is.Zero);
            Assert.That(Cdf.Of(Make(DistributionKind.LogNormal, 0.0, 1.0), 0.0), Is.Zero);
            Assert.That(Cdf.Upper(Make(DistributionKind.Beta, 2.0, 3.0, 5.0, 6.0), 6.0), Is.Zero);
            Assert.That(Cdf.Of(Make(DistributionKind.Normal, 0.0, 1.0, -1.0, 1.0), -1.5), Is.Zero);
            Assert.That(Cdf.NormalScore(Make(DistributionKind.Gamma, 2.0, 3.0), 0.0), Is.EqualTo(double.NegativeInfinity));
            Assert.That(Cdf.NormalScore(Make(DistributionKind.Pert, 0.0, 1.0, 3.0), 3.0), Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void NormalScore_StandardNormal_IsTheValueItself()
    {
        Distribution d = Make(DistributionKind.Normal, 0.0, 1.0, double.NegativeInfinity, double.PositiveInfinity);
        foreach (double z in new[] { -37.0, -8.0, -1.0, 0.0, 0.3, 5.0, 8.0, 37.0 })
        {
            Assert.That(Cdf.NormalScore(d, z), Is.EqualTo(z).Within(1e-13 * Math.Max(1.0, Math.Abs(z))), $"z {z}");
        }
    }

    [TestCase(-8.0, 6.2209605742717841235e-16)]
    [TestCase(-20.0, 2.7536241186062336951e-89)]
    [TestCase(-30.0, 4.9067139271481870595e-198)]
    [TestCase(-1.5, 0.066807201268858066004)]
    [TestCase(0.5, 0.69146246127401310364)]
    public void PreciseNormalCdf_FarTail_MatchesMpmathToHalfOfStandardNormalsError(double z, double expected)
    {
        // StandardNormal.Cdf is off by 7e-15 at z = −8 and 5e-14 at z = −30 (z²·2^-53 from rounding z/√2);
        // with that rounding removed what is left is Math.NET's erfc, about half as much.
        Assert.That(Relative(PreciseNormal.Cdf(z), expected), Is.LessThanOrEqualTo(Math.Max(1e-15, 5e-17 * z * z)));
    }
}
