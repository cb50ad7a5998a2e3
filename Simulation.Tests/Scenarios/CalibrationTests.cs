using System.Text.Json;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// scenarios/baseline-2024.yaml must reproduce the shape of the published 2024 estimate (CNAS, 2025:
/// 10,000 to several hundred thousand chips, median about 140,000): right-skewed, a median of the
/// order of 10^5 and a 90% interval from about 10^4 to several 10^5.
/// </summary>
public class CalibrationTests
{
    [Test]
    public void Baseline2024_Leakage_HasThePublishedShape()
    {
        string file = Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "baseline-2024.yaml");
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "6000", "--seed", "2024", "--quiet", "--format", "json");
        Assert.That(code, Is.Zero, output);
        using var json = JsonDocument.Parse(output);
        JsonElement leaked = json.RootElement.GetProperty("leaked");
        double p05 = leaked.GetProperty("p05").GetDouble(), p50 = leaked.GetProperty("p50").GetDouble(), p95 = leaked.GetProperty("p95").GetDouble();
        double mean = leaked.GetProperty("mean").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(p50, Is.InRange(6e4, 2.5e5), "median of the order of 10^5");
            Assert.That(p05, Is.InRange(5e3, 3e4), "5th percentile about 10^4");
            Assert.That(p95, Is.InRange(2e5, 8e5), "95th percentile several 10^5");
            Assert.That(p95 - p50, Is.GreaterThan(p50 - p05), "right-skewed: the upper tail is longer");
            Assert.That(mean, Is.GreaterThan(p50), "right-skewed: mean above median");
        });
    }
}
