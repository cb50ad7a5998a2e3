using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Calibration;

/// <summary>The prior tail of an observation against closed forms of the prior predictive distribution.</summary>
public class PriorTailTests
{
    private static readonly SourceLocation s_at = new("e.yaml", 1, 1);

    private static Observation Of(double observed, ErrorModel error) => new(
        "o", new ObservationTarget(new EvidenceTerm(EvidenceTermKind.Total, Outcome.Leaked, ""), null), 1, null, observed, error, "s", s_at, s_at, s_at);

    [Test]
    public void PriorTail_ConstantModelValue_IsTheErrorModelsOwnTwoSidedTail()
    {
        // The model gives 2.3 in every draw; the report is lognormal(1.0) around it. Observed 2.579:
        // z = ln(2.579 / 2.3) = 0.1145, tail 2·(1 − Φ(0.1145)) = 0.9088. Before the fix this was 0 ("surprising").
        double[] values = [.. Enumerable.Repeat(2.3, 500)];
        double z = Math.Log(2.579 / 2.3);

        double tail = CalibrationSummary.PriorTail(Of(2.579, new ErrorModel(ErrorKind.LogNormal, 1.0)), values);

        Assert.That(tail, Is.EqualTo(2 * (1 - Normal.CDF(0, 1, z))).Within(1e-12));
        Assert.That(tail, Is.EqualTo(0.9088).Within(1e-4));
    }

    [TestCase(100.0, 10.0, 5.0, 112.0)]
    [TestCase(100.0, 10.0, 5.0, 75.0)]
    [TestCase(0.0, 1.0, 3.0, -2.0)]
    public void PriorTail_NormalValuesAndNormalError_IsTheTailOfTheirConvolution(double mu, double tau, double sd, double observed)
    {
        // Model values y ~ N(mu, tau²) (a fine quantile grid, so the mean over draws is an integral); the report is
        // y + N(0, sd²), so reported ~ N(mu, tau² + sd²) and q = Φ((o − mu) / √(tau² + sd²)).
        const int n = 20_000;
        double[] values = [.. Enumerable.Range(0, n).Select(i => Normal.InvCDF(mu, tau, (i + 0.5) / n))];
        double q = Normal.CDF(mu, Math.Sqrt((tau * tau) + (sd * sd)), observed);

        double tail = CalibrationSummary.PriorTail(Of(observed, new ErrorModel(ErrorKind.Normal, sd)), values);

        Assert.That(tail, Is.EqualTo(2 * Math.Min(q, 1 - q)).Within(2e-4));
    }

    [Test]
    public void PriorTail_LognormalValuesAndLognormalError_IsTheTailOfTheirConvolutionOnTheLogScale()
    {
        // ln y ~ N(ln 50, 0.4²), report lognormal(0.3): ln reported ~ N(ln 50, 0.5²). Observed 120: z = ln(2.4) / 0.5.
        const int n = 20_000;
        double[] values = [.. Enumerable.Range(0, n).Select(i => Math.Exp(Normal.InvCDF(Math.Log(50), 0.4, (i + 0.5) / n)))];
        double q = Normal.CDF(0, 1, Math.Log(120.0 / 50) / 0.5);

        double tail = CalibrationSummary.PriorTail(Of(120, new ErrorModel(ErrorKind.LogNormal, 0.3)), values);

        Assert.That(tail, Is.EqualTo(2 * (1 - q)).Within(2e-4));
        Assert.That(tail, Is.LessThan(0.1), "the observation is 1.75 predictive sd above the middle");
    }

    [Test]
    public void PriorTail_Bounds_AreTheShareOfDrawsInside()
    {
        double[] values = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.Multiple(() =>
        {
            Assert.That(CalibrationSummary.PriorTail(Of(90, new ErrorModel(ErrorKind.AtLeast, 5)), values), Is.EqualTo(0.11));
            Assert.That(CalibrationSummary.PriorTail(Of(20, new ErrorModel(ErrorKind.AtMost, 5)), values), Is.EqualTo(0.20));
            Assert.That(CalibrationSummary.PriorTail(Of(double.NaN, new ErrorModel(ErrorKind.Between, 5, 41, 60)), values), Is.EqualTo(0.20));
        });
    }
}
