using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Random;

public class InverseCdfReferenceTests
{
    private const double Tolerance = 1e-12;

    [TestCase(DistributionKind.Gamma)]
    [TestCase(DistributionKind.Beta)]
    [TestCase(DistributionKind.Normal)]
    public void OfAndOfUpper_MpmathQuantiles_MatchTo1e12Relative(DistributionKind kind)
    {
        double worst = 0.0;
        string worstCase = string.Empty;
        foreach (var c in QuantileReference.Cases.Where(c => c.Kind == kind))
        {
            Distribution d = QuantileAccuracy.Make(c.Kind, c.A, c.B, c.C, c.D);
            double x = c.Upper ? InverseCdf.OfUpper(d, c.T) : InverseCdf.Of(d, c.T);
            // Normal quantiles are measured in standard deviations near the mean, where x itself crosses 0.
            double error = kind == DistributionKind.Normal
                ? Math.Abs(x - c.X) / Math.Max(Math.Abs(c.X), 1.0)
                : QuantileAccuracy.Relative(x, c.X);
            if (error > worst)
            {
                worst = error;
                worstCase = $"{d} {(c.Upper ? "upper" : "lower")} {c.T}: {x:R} vs {c.X:R}";
            }
        }

        TestContext.Out.WriteLine($"{kind}: worst relative error {worst:E2} at {worstCase}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), worstCase);
    }

    [Test]
    public void BetaSolver_MpmathQuantiles_KeepTheSmallerOfXAndOneMinusXTo1e12Relative()
    {
        double worst = 0.0;
        string worstCase = string.Empty;
        foreach (var c in QuantileReference.Cases.Where(c => c.Kind == DistributionKind.Beta))
        {
            double x = TailSolver.Beta(c.A, c.B, c.T, c.Upper, out double y);
            double error = c.X <= c.Y ? QuantileAccuracy.Relative(x, c.X) : QuantileAccuracy.Relative(y, c.Y);
            if (error > worst)
            {
                worst = error;
                worstCase = $"beta({c.A}, {c.B}) {(c.Upper ? "upper" : "lower")} {c.T}: x {x:R} y {y:R} vs {c.X:R} {c.Y:R}";
            }
        }

        TestContext.Out.WriteLine($"beta, smaller of x and 1 − x: worst relative error {worst:E2} at {worstCase}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), worstCase);
    }
}
