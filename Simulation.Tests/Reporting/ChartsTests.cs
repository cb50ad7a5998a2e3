using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Reporting;
using static ExportFlow.Simulation.Tests.Analysis.ComparisonScenarios;

namespace ExportFlow.Simulation.Tests.Reporting;

public class ChartsTests
{
    private static JsonDocument s_json = null!;
    private static string s_out = "";

    [OneTimeSetUp]
    public void RunComparisonOnce()
    {
        string file = WriteScenario(TwoHubs());
        (s_json, s_out, _) = Compare(file, "--policy", "inspect-a", "--policy", "kyc-b", "--trials", "1500");
    }

    [OneTimeTearDown]
    public void Dispose() => s_json.Dispose();

    private static List<string[]> ReadCsv(string name)
    {
        string[] lines = File.ReadAllLines(Path.Combine(s_out, name));
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];
    }

    private static double Number(string field) => field.Length == 0 ? double.NaN : double.Parse(field, CultureInfo.InvariantCulture);

    private static double Json(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    [TestCaseSource(typeof(Charts), nameof(Charts.Names))]
    public void WriteAll_EveryChart_IsAPngOfTheExpectedSize(string name)
    {
        byte[] png = File.ReadAllBytes(Path.Combine(s_out, name + ".png"));

        Assert.Multiple(() =>
        {
            Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), Is.EqualTo(Charts.Width), "IHDR width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)), Is.EqualTo(Charts.Height), "IHDR height");
            Assert.That(png, Has.Length.GreaterThan(10_000), "a drawn chart, not a blank image");
            Assert.That(Directory.GetFiles(s_out, "*.tmp"), Is.Empty, "no temporary file left");
        });
    }

    [Test]
    public void WriteAll_LeakageCdfCsv_MatchesTheQuantilesInComparisonJson()
    {
        var rows = ReadCsv("leakage-cdf.csv");
        var expected = s_json.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.GetProperty("leakedQuantiles").EnumerateArray()
                .Select(q => (r.GetProperty("label").GetString(), Json(q.GetProperty("q")), Json(q.GetProperty("leaked")))))
            .ToList();

        Assert.That(rows.Select(r => (r[0], Number(r[1]), Number(r[2]))), Is.EqualTo(expected));
        Assert.That(rows, Has.Count.EqualTo(3 * 99));
    }

    [Test]
    public void WriteAll_ForestCsv_MatchesThePairedLeakageInComparisonJson()
    {
        var expected = s_json.RootElement.GetProperty("comparisons").EnumerateArray()
            .Select(c => (c.GetProperty("label").GetString(), c.GetProperty("paired").GetProperty("leaked")))
            .Select(x => (x.Item1, Json(x.Item2.GetProperty("meanDifference")), Json(x.Item2.GetProperty("differenceLow")), Json(x.Item2.GetProperty("differenceHigh"))));

        Assert.That(ReadCsv("forest.csv").Select(r => (r[0], Number(r[1]), Number(r[2]), Number(r[3]))), Is.EqualTo(expected));
    }

    [Test]
    public void WriteAll_DisplacementCsv_MatchesTheSourceCountryChangesInComparisonJson()
    {
        var expected = s_json.RootElement.GetProperty("comparisons").EnumerateArray()
            .SelectMany(c => c.GetProperty("displacement").GetProperty("bySourceCountry").EnumerateArray()
                .Select(x => (c.GetProperty("label").GetString(), x.GetProperty("country").GetString(), Json(x.GetProperty("change")), Json(x.GetProperty("share")))));

        Assert.That(ReadCsv("displacement.csv").Select(r => (r[0], r[1], Number(r[2]), Number(r[5]))), Is.EqualTo(expected));
    }

    [Test]
    public void WriteAll_TradeoffCsv_IsTheNegatedPairedChangesInComparisonJson()
    {
        var expected = s_json.RootElement.GetProperty("comparisons").EnumerateArray()
            .Select(c => (c.GetProperty("label").GetString(), c.GetProperty("paired")))
            .Select(x => (x.Item1,
                -Json(x.Item2.GetProperty("leaked").GetProperty("meanDifference")),
                -Json(x.Item2.GetProperty("leaked").GetProperty("differenceHigh")),
                -Json(x.Item2.GetProperty("leaked").GetProperty("differenceLow")),
                -Json(x.Item2.GetProperty("delivered").GetProperty("meanDifference"))));

        Assert.That(ReadCsv("tradeoff.csv").Select(r => (r[0], Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]))), Is.EqualTo(expected));
    }

    [Test]
    public void WriteAll_ForestCsv_CarriesTheSpreadOfTheDifferenceFromComparisonJson()
    {
        var expected = s_json.RootElement.GetProperty("comparisons").EnumerateArray()
            .Select(c => (c.GetProperty("label").GetString(), c.GetProperty("effects").GetProperty("leaked").GetProperty("spread")))
            .Select(x => (x.Item1, Json(x.Item2.GetProperty("p05")), Json(x.Item2.GetProperty("p95"))));

        Assert.That(ReadCsv("forest.csv").Select(r => (r[0], Number(r[4]), Number(r[5]))), Is.EqualTo(expected));
    }

    [Test]
    public void WriteAll_ForestCsv_SpreadIsWiderThanTheMonteCarloInterval()
    {
        // The whiskers (spread over trials) must not be confused with the bar (precision of the mean): here they differ.
        var rows = ReadCsv("forest.csv");

        Assert.That(rows.Select(r => Number(r[5]) - Number(r[4])), Is.All.GreaterThanOrEqualTo(0));
        Assert.That(rows.Any(r => (Number(r[5]) - Number(r[4])) > 10 * (Number(r[3]) - Number(r[2]))), Is.True);
    }
}
