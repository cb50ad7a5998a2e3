using ExportFlow.Simulation.Calibration;

namespace ExportFlow.Simulation.Tests.Calibration;

public class ErrorModelTests
{
    [Test]
    public void LogLikelihood_Normal_IsTheNormalLogDensity()
    {
        var e = new ErrorModel(ErrorKind.Normal, 2);

        // log N(3; 0, 2²) = −(1.5²)/2 − ln 2 − ½ ln 2π.
        Assert.That(e.LogLikelihood(3, 0), Is.EqualTo(-1.125 - Math.Log(2) - (0.5 * Math.Log(2 * Math.PI))).Within(1e-12));
    }

    [Test]
    public void LogLikelihood_LogNormal_IsTheLogNormalDensityOfTheObservation()
    {
        var e = new ErrorModel(ErrorKind.LogNormal, 0.5);
        double o = 150, v = 100;
        double r = (Math.Log(o) - Math.Log(v)) / 0.5;

        Assert.Multiple(() =>
        {
            Assert.That(e.LogLikelihood(o, v), Is.EqualTo((-0.5 * r * r) - Math.Log(0.5 * o) - (0.5 * Math.Log(2 * Math.PI))).Within(1e-12));
            Assert.That(e.LogLikelihood(o, 0), Is.EqualTo(double.NegativeInfinity));
        });
    }

    [TestCase(ErrorKind.AtLeast, 10.0, 12.0, 0.0)]
    [TestCase(ErrorKind.AtLeast, 10.0, 8.0, -2.0)]
    [TestCase(ErrorKind.AtMost, 10.0, 8.0, 0.0)]
    [TestCase(ErrorKind.AtMost, 10.0, 13.0, -4.5)]
    public void LogLikelihood_SoftBound_IsZeroInsideAndANormalTailOutside(ErrorKind kind, double observed, double value, double expected)
    {
        Assert.That(new ErrorModel(kind, 1).LogLikelihood(observed, value), Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(5.0, 0.0)]
    [TestCase(1.0, -2.0)]
    [TestCase(9.0, -0.5)]
    public void LogLikelihood_Between_IsZeroInsideTheRange(double value, double expected)
    {
        Assert.That(new ErrorModel(ErrorKind.Between, 2, 5, 7).LogLikelihood(double.NaN, value), Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase("normal(500)", ErrorKind.Normal, 500.0)]
    [TestCase(" lognormal( 0.15 ) ", ErrorKind.LogNormal, 0.15)]
    [TestCase("atLeast(1e3)", ErrorKind.AtLeast, 1000.0)]
    [TestCase("atMost(0.01)", ErrorKind.AtMost, 0.01)]
    public void TryParse_ValidText_GivesTheModel(string text, ErrorKind kind, double scale)
    {
        ErrorModel? e = ErrorModel.TryParse(text, out string problem);

        Assert.That(e, Is.EqualTo(new ErrorModel(kind, scale)), problem);
    }

    [Test]
    public void TryParse_Between_KeepsTheRange()
    {
        Assert.That(ErrorModel.TryParse("between(1, 2, 0.5)", out _), Is.EqualTo(new ErrorModel(ErrorKind.Between, 0.5, 1, 2)));
    }

    [TestCase("normal(-1)", "must be greater than 0")]
    [TestCase("normal(0)", "must be greater than 0")]
    [TestCase("lognormal(abc)", "not a finite number")]
    [TestCase("gauss(1)", "unknown error model 'gauss'")]
    [TestCase("normal(1, 2)", "has 2 argument(s)")]
    [TestCase("between(3, 2, 1)", "lo ≤ hi")]
    [TestCase("0.15", "is not an error model")]
    public void TryParse_BadText_SaysWhatIsWrong(string text, string expected)
    {
        ErrorModel? e = ErrorModel.TryParse(text, out string problem);

        Assert.Multiple(() =>
        {
            Assert.That(e, Is.Null);
            Assert.That(problem, Does.Contain(expected));
        });
    }
}
