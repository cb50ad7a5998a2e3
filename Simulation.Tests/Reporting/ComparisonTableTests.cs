using System.Text;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Statistics;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Reporting;

public class ComparisonTableTests
{
    private static readonly string[] s_spreadColumns = ["leakedChangeMcse", "leakedChangeP05", "leakedChangeP50", "leakedChangeP95", "leakedChangeWithinNoise"];

    /// <summary>Paired statistics: mean Δ with its interval, and a spread of p05…p95.</summary>
    private static PairedSummary Paired(double mean, double low, double high, double p05, double p95) =>
        new(10_000, 1000, 1000 + mean, mean, 1, low, high, -mean / 1000, (-high / 1000) - 0.001, (-low / 1000) + 0.001,
            0.6, 0.0, 0.4, high - low, 2 * (high - low), p05, mean, p95);

    private static OutcomeSummary Stats(double mean) => new(10_000, mean, 1, 0.01, mean, mean, mean, mean, mean, mean, mean, []);

    private static PolicyComparison Policy(string label, PairedSummary leaked)
    {
        var paired = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => Paired(0, -1, 1, -2, 2));
        paired[Outcome.Leaked] = leaked;
        paired[Outcome.Delivered] = Paired(-300, -310, -290, -400, -200);
        return new PolicyComparison(label, "baseline", Stats(1000 + leaked.MeanDifference), Stats(0), Stats(0), paired, [], 0, 0, [], [], []);
    }

    /// <summary>'clear' cuts mean leakage beyond its noise; 'noisy' does not (its interval contains 0).</summary>
    private static Comparison Make()
    {
        double[] levels = [0.5];
        ComparedRun Run(string label, double mean) => new(label, "f.yaml", "s", "00", label, Stats(mean), [mean]);
        return new Comparison(
            ComparisonKind.Policies, "H100e", 12, "month", 10_000, 1, false, levels,
            [Run("baseline", 1000), Run("clear", 700), Run("noisy", 990)],
            [Policy("clear", Paired(-300, -320, -280, -650, 40)), Policy("noisy", Paired(-10, -37, 17, -500, 480))]);
    }

    private static string Write(bool unicode)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        console.SupportsUnicode(unicode);
        ComparisonTable.Write(console, Make(), "test");
        return console.Output;
    }

    /// <summary>The row of <paramref name="label"/> in the paired leakage table (the first with an interval).</summary>
    private static string RowOf(string output, string label) =>
        output.Split('\n').First(l => l.Contains($" {label} ", StringComparison.Ordinal) && l.Contains(" to ", StringComparison.Ordinal));

    [Test]
    public void Write_WithinNoiseRow_CarriesTheMarkWithoutColour()
    {
        string output = Write(unicode: true);

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Not.Contain("\u001b["), "the test console writes no colour, as a pipe or NO_COLOR would");
            Assert.That(RowOf(output, "noisy"), Does.Contain("≈-10"));
            Assert.That(RowOf(output, "clear"), Does.Not.Contain("≈"));
        });
    }

    [Test]
    public void Write_ConsoleWithoutUnicode_UsesAnAsciiMark()
    {
        string output = Write(unicode: false);

        Assert.Multiple(() =>
        {
            Assert.That(RowOf(output, "noisy"), Does.Contain("~-10"));
            Assert.That(output, Does.Not.Contain("≈"));
        });
    }

    [Test]
    public void Write_PairedTable_LabelsMeanPrecisionApartFromTheSpreadOverTrials()
    {
        string output = Write(unicode: true);
        string clear = RowOf(output, "clear");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("mean Δ: MC 95% CI").And.Contain("Δ p05 over trials").And.Contain("Δ p95 over trials"));
            Assert.That(output, Does.Contain("not a range of outcomes"), "legend under the table");
            Assert.That(clear, Does.Contain("-320 to -280").And.Contain(" -650 ").And.Contain(" 40 "), "the interval and the spread are both on the row");
        });
    }

    [Test]
    public void ToCsv_Header_IsAsciiAndHasTheSpreadColumnsAfterTheVerdict()
    {
        string csv = ComparisonTable.ToCsv(Make());
        string[] lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string[] header = lines[0].Split(',');
        int verdict = Array.IndexOf(header, "verdict");

        Assert.Multiple(() =>
        {
            Assert.That(lines[0].All(ch => ch < 128), Is.True, lines[0]);
            Assert.That(verdict, Is.EqualTo(28), "existing columns keep their positions");
            Assert.That(header[(verdict + 1)..], Is.EqualTo(s_spreadColumns));
            Assert.That(lines[1], Does.EndWith(",-650,-300,40,false"));
            Assert.That(lines[2], Does.EndWith(",-500,-10,480,true"));
        });
    }

    [Test]
    public void Utf8WithBom_Text_StartsWithTheByteOrderMarkAndKeepsNonAsciiText()
    {
        byte[] bytes = ComparisonCsv.Utf8WithBom("a,Δ ±");

        Assert.Multiple(() =>
        {
            Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).TrimEnd(), Is.EqualTo("a,Δ ±"));
        });
    }
}
