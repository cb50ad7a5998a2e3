using System.Security.Cryptography;
using System.Text.Json;

namespace ExportFlow.Simulation.Tests.Cli;

public class RunCommandTests
{
    private static readonly string[] s_statisticKeys = ["mean", "stdDev", "standardError", "p05", "p25", "p50", "p75", "p95"];

    [Test]
    public void Run_WithOut_WritesSummaryManifestAndSamplesAtomically()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "1000", "--seed", "3", "--quiet", "--out", dir, "--samples", "--threshold", "900");
        Assert.That(code, Is.Zero, output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        string[] samples = File.ReadAllLines(Path.Combine(dir, "samples.csv"));
        JsonElement leaked = summary.RootElement.GetProperty("leaked");
        Assert.Multiple(() =>
        {
            Assert.That(summary.RootElement.GetProperty("trials").GetInt64(), Is.EqualTo(1000));
            Assert.That(summary.RootElement.GetProperty("partial").GetBoolean(), Is.False);
            foreach (string key in s_statisticKeys)
            {
                Assert.That(leaked.TryGetProperty(key, out _), Is.True, key);
            }

            Assert.That(leaked.GetProperty("exceedance")[0].GetProperty("threshold").GetDouble(), Is.EqualTo(900));
            Assert.That(summary.RootElement.GetProperty("byRoute")[0].GetProperty("route").GetString(), Is.EqualTo("sg-cn"));
            Assert.That(manifest.RootElement.GetProperty("scenarioSha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))));
            Assert.That(manifest.RootElement.GetProperty("seed").GetUInt64(), Is.EqualTo(3UL));
            Assert.That(manifest.RootElement.GetProperty("commandLine").GetString(), Does.Contain("--trials 1000"));
            Assert.That(samples, Has.Length.EqualTo(1001));
            Assert.That(Directory.GetFiles(dir, "*.tmp"), Is.Empty, "no temporary files left behind");
        });

        // The samples' mean is the summary's mean.
        int column = Array.IndexOf(samples[0].Split(','), "leaked");
        double mean = samples.Skip(1).Average(l => double.Parse(l.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(mean, Is.EqualTo(leaked.GetProperty("mean").GetDouble()).Within(1e-9).Percent);
    }

    [Test]
    public void Run_WithoutSamplesIntoAFolderWithSamples_RemovesTheOldSamples()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "200", "--quiet", "--out", dir, "--samples");
        Assert.That(code, Is.Zero, output);
        Assert.That(File.Exists(Path.Combine(dir, "samples.csv")), Is.True);

        (code, output) = CliTestHelper.Run("run", file, "--trials", "300", "--quiet", "--out", dir);
        Assert.That(code, Is.Zero, output);
        Assert.That(File.Exists(Path.Combine(dir, "samples.csv")), Is.False, "samples of the earlier run would not match this summary");
        Assert.That(File.Exists(Path.Combine(dir, "summary.json")), Is.True);
    }

    [Test]
    public void Run_SingleRoute_LeakedMeanMatchesClosedForm()
    {
        // E[leaked] = T·d·S·(1 − p) = 12 · 0.1 · 1000 · 0.8 = 960; with policy 'half', 480.
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        foreach (var (policy, expected) in new[] { ("baseline", 960.0), ("half", 480.0) })
        {
            var (code, output) = CliTestHelper.Run("run", file, "--trials", "4000", "--quiet", "--format", "json", "--policy", policy);
            Assert.That(code, Is.Zero, output);
            using var json = JsonDocument.Parse(output);
            JsonElement leaked = json.RootElement.GetProperty("leaked");
            Assert.That(leaked.GetProperty("mean").GetDouble(), Is.EqualTo(expected).Within(4 * leaked.GetProperty("standardError").GetDouble()), policy);
        }
    }

    [Test]
    public void Run_TrialOption_PrintsThePeriodsOfThatTrial()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        var (code, output) = CliTestHelper.Run("run", file, "--trial", "5", "--seed", "3");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("Trial 5").And.Contain("total").And.Contain("12 "));
    }

    [TestCase("--policy", "nope", "policy 'nope' is not in")]
    [TestCase("--format", "xml", "--format 'xml' is not allowed")]
    [TestCase("--trials", "0", "--trials must be a whole number from 1 to")]
    [TestCase("--threshold", "NaN", "--threshold must be a finite number")]
    [TestCase("--threads", "100000", "--threads must be a whole number from 1 to 256")]
    [TestCase("--samples", "", "--samples needs --out")]
    public void Run_BadOption_ExitsWithTwoAndSaysWhy(string option, string value, string message)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        string[] args = value.Length == 0 ? ["run", file, option, "--quiet"] : ["run", file, option, value, "--quiet"];
        var (code, output) = CliTestHelper.Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Does.Contain(message));
            Assert.That(output, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void Run_InvalidScenario_WritesNoOutputFiles()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute.Replace("diversion: 0.1", "diversion: 1.5", StringComparison.Ordinal));
        string dir = CliTestHelper.TempDirectory();
        var (code, output) = CliTestHelper.Run("run", file, "--quiet", "--out", dir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Does.Contain(":6:").And.Contain("diversion"));
            Assert.That(Directory.Exists(dir) ? Directory.GetFiles(dir) : [], Is.Empty);
        });
    }

    [TestCaseSource(typeof(CliTestHelper), nameof(CliTestHelper.BundledScenarios))]
    public void Run_BundledScenario_RunsAndBalances(string file)
    {
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "600", "--quiet", "--format", "json");
        Assert.That(code, Is.Zero, output);
        using var json = JsonDocument.Parse(output);
        double Mean(string key) => json.RootElement.GetProperty(key).GetProperty("mean").GetDouble();
        double inflow = Mean("supply") + Mean("initialStock");
        double outflow = Mean("delivered") + Mean("licensedToRestricted") + Mean("blockedByLicence") + Mean("blockedByCap")
            + Mean("leaked") + Mean("interdicted") + Mean("finalStock");
        Assert.That(outflow, Is.EqualTo(inflow).Within(1e-9).Percent);
    }
}
