using ExportFlow.Simulation.Cli;

namespace ExportFlow.Simulation.Tests.Cli;

public class NumberTextTests
{
    [TestCase("100000", 100000)]
    [TestCase("1e5", 100000)]
    [TestCase("1E+05", 100000)]
    [TestCase("100_000", 100000)]
    [TestCase("100,000", 100000)]
    [TestCase("1,000,000", 1000000)]
    [TestCase(" 42 ", 42)]
    [TestCase("2.5e3", 2500)]
    [TestCase("18446744073709551615", 18446744073709551615.0)]
    public void TryParseWhole_NumbersAsPeopleWriteThem_ReadsThem(string text, double expected)
    {
        bool ok = NumberText.TryParseWhole(text, out decimal value);

        Assert.That(ok, Is.True);
        Assert.That((double)value, Is.EqualTo(expected));
    }

    [TestCase("abc")]
    [TestCase("")]
    [TestCase("1.5")]
    [TestCase("1,00")]
    [TestCase("10,0000")]
    [TestCase("1__0")]
    [TestCase("_10")]
    [TestCase("1e")]
    [TestCase("1e99999")]
    [TestCase("0x10")]
    [TestCase("NaN")]
    [TestCase("∞")]
    public void TryParseWhole_NotAWholeNumber_IsRefused(string text)
    {
        Assert.That(NumberText.TryParseWhole(text, out _), Is.False);
    }

    [TestCase("0.25", 0.25)]
    [TestCase("-5", -5)]
    [TestCase("1,500.5", 1500.5)]
    [TestCase("1_500.25", 1500.25)]
    [TestCase(".5", 0.5)]
    public void TryParseReal_Numbers_ReadsThem(string text, double expected)
    {
        Assert.That(NumberText.TryParseReal(text, out double value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("Infinity")]
    [TestCase("NaN")]
    [TestCase("1e400")]
    [TestCase("1.2.3")]
    public void TryParseReal_NotFinite_IsRefused(string text)
    {
        Assert.That(NumberText.TryParseReal(text, out _), Is.False);
    }
}
