using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Analysis.Sensitivity;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary><c>run --samples</c>: samples.csv ends with one column per uncertain input, named and valued as <c>sensitivity</c> does.</summary>
public class RunSamplesInputsTests
{
    /// <summary>a, b ~ uniform(0.1, 0.3) correlated, c ~ uniform(1, 2) (a lot size), and an autocorrelated per-period illicit demand (mean 1.5e8 every period, never binding).</summary>
    private const string Scenario = """
        name: samples-inputs
        horizon: { periods: 12, unit: month }
        run: { trials: 3000, seed: 23 }
        parameters:
          a: "uniform(0.1, 0.3)"
          b: "uniform(0.1, 0.3)"
          c: "uniform(1, 2)"
          demand: { value: "uniform(1e8, 2e8)", perPeriod: true, autocorrelation: 0.7 }
        correlations:
          - { between: [a, b], rank: 0.5 }
        nodes:
          - { id: us1, kind: supplier, country: US, supply: 1000 }
          - { id: us2, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: a }
          - { id: my, kind: hub, country: MY, diversion: b, lot: c }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us1, to: sg, channel: legit }
          - { from: us2, to: my, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: 0.3 }
          - { id: my-cn, from: my, to: cn, channel: illicit, detection: "uniform(0.1, 0.2)" }
        """;

    private static readonly string[] s_inputs = ["a", "b", "c", "demand", "my-cn.detection"];

    private static (string[] Header, double[][] Columns) Samples(string path)
    {
        string dir = CliTestHelper.TempDirectory();
        CliResult r = CliTestHelper.Run("run", path, "--out", dir, "--samples", "-q");
        Assert.That(r.Code, Is.Zero, r.Output);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "samples.csv"));
        string[] header = lines[0].Split(',');
        double[][] columns = [.. Enumerable.Range(0, header.Length).Select(c => lines.Skip(1).Select(l => l.Split(',')[c]).Select(v => v.Length == 0 || c == 1 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        return (header, columns);
    }

    [Test]
    public void Samples_InputColumns_MeansMatchTheDistributionsMeans()
    {
        string path = CliTestHelper.WriteScenario(Scenario);
        var (header, columns) = Samples(path);
        var expected = new Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.2, ["c"] = 1.5, ["demand"] = 1.5e8, ["my-cn.detection"] = 0.15 };

        Assert.That(header.TakeLast(s_inputs.Length), Is.EquivalentTo(s_inputs), "one column per input, after the outcomes");
        Assert.Multiple(() =>
        {
            foreach (string input in s_inputs)
            {
                double[] x = columns[Array.IndexOf(header, input)];
                double mean = x.Average();
                double se = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1) / x.Length);
                Assert.That(se, Is.GreaterThan(0), input);
                Assert.That(mean, Is.EqualTo(expected[input]).Within(4 * se), $"{input}: mean {mean}, s.e. {se}");
            }
        });
    }

    [Test]
    public void Samples_InputColumns_RankCorrelationEqualsSensitivityRank()
    {
        string path = CliTestHelper.WriteScenario(Scenario);
        var (header, columns) = Samples(path);
        CliResult r = CliTestHelper.Run("sensitivity", path, "--method", "rank", "--format", "json", "-q");
        Assert.That(r.Code, Is.Zero, r.Output);
        using var json = JsonDocument.Parse(r.Stdout);
        double[] leaked = columns[Array.IndexOf(header, "leaked")];

        Assert.Multiple(() =>
        {
            foreach (JsonElement row in json.RootElement.GetProperty("rank").EnumerateArray())
            {
                string input = row.GetProperty("input").GetString()!;
                double rho = RankCorrelation.Compute(columns[Array.IndexOf(header, input)], leaked).Rho;
                Assert.That(rho, Is.EqualTo(row.GetProperty("estimate").GetDouble()).Within(1e-12), input);
            }

            Assert.That(json.RootElement.GetProperty("rank").GetArrayLength(), Is.EqualTo(s_inputs.Length));
        });
    }

    [Test]
    public void Run_WithAndWithoutSamples_SameSummary()
    {
        string path = CliTestHelper.WriteScenario(Scenario);
        string dir = CliTestHelper.TempDirectory();

        CliResult plain = CliTestHelper.Run("run", path, "--format", "json", "-q");
        CliResult sampled = CliTestHelper.Run("run", path, "--format", "json", "-q", "--out", dir, "--samples");

        Assert.That(sampled.Code, Is.Zero, sampled.Output);
        Assert.That(sampled.Stdout, Is.EqualTo(plain.Stdout));
    }

    [Test]
    public void Samples_InputNamedLikeAnOutcome_GetsThePrefixInput()
    {
        string path = CliTestHelper.WriteScenario(Scenario.Replace("a: \"uniform", "leaked: \"uniform", StringComparison.Ordinal).Replace("[a, b]", "[leaked, b]", StringComparison.Ordinal).Replace("diversion: a }", "diversion: leaked }", StringComparison.Ordinal));

        var (header, _) = Samples(path);

        Assert.That(header.Count(h => h == "leaked"), Is.EqualTo(1));
        Assert.That(header, Does.Contain("input:leaked"));
    }
}
