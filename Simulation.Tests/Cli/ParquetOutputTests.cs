using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Tests.Reporting;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>samples.parquet (<c>run --samples --out</c>) and posterior.parquet (<c>calibrate --out</c>): the CSVs' columns and values, bit for bit.</summary>
public class ParquetOutputTests
{
    /// <summary>An uncertain diversion (per trial), an autocorrelated per-period demand and an uncertain detection; a policy.</summary>
    private const string Scenario = """
        name: parquet-samples
        horizon: { periods: 6, unit: month }
        run: { trials: 1500, seed: 11 }
        parameters:
          div: "uniform(0.05, 0.3)"
          demand: { value: "lognormal(6, 0.5)", perPeriod: true, autocorrelation: 0.5 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: "uniform(0.1, 0.4)" }
        policies:
          - name: sg-permits
            rules:
              - nodes: { id: sg }
                scale: { diversion: 0.5 }
        """;

    private const string CalibrationScenario = """
        name: small-network
        horizon: { periods: 3 }
        run: { seed: 5 }
        parameters:
          S: lognormal(8, 0.3)
          d: uniform(0.1, 0.5)
        nodes:
          - { id: us-nv, kind: supplier, country: US, supply: S }
          - { id: sg-hub, kind: hub, country: SG, diversion: d }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us-nv, to: sg-hub, channel: legit }
          - { from: sg-hub, to: jp, channel: legit }
          - { id: sg-cn, from: sg-hub, to: cn, channel: illicit, detection: 0.2 }
        """;

    private const string Evidence = """
        scenario: small-network
        evidence:
          - id: supply
            outcome: supply
            observed: 9000
            error: lognormal(0.05)
            source: a filing
        """;

    private static readonly string[] s_inputs = ["div", "demand", "sg-cn.detection"];

    private readonly List<string> _dirs = [];

    [TearDown]
    public void RemoveFolders()
    {
        foreach (string dir in _dirs.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private string NewFolder()
    {
        string dir = CliTestHelper.TempDirectory();
        _dirs.Add(dir);
        return dir;
    }

    private string RunSamples(string scenario, params string[] extra)
    {
        string dir = NewFolder();
        CliResult r = CliTestHelper.Run(["run", CliTestHelper.WriteScenario(scenario), "--out", dir, "--samples", "-q", .. extra]);
        Assert.That(r.Code, Is.Zero, r.Output);
        return dir;
    }

    /// <summary>Asserts that the Parquet file holds the CSV: the same header, and every field the same value (doubles bit for bit, an empty field is null).</summary>
    private static void AssertSameTable(string csvPath, ParquetReadBack parquet)
    {
        string[] lines = File.ReadAllLines(csvPath);
        string[] header = lines[0].Split(',');
        Assert.That(parquet.Names, Is.EqualTo(header), "the CSV's columns, in its order");
        Assert.That(parquet.Rows, Is.EqualTo(lines.Length - 1), "one row per CSV line");
        for (int row = 1; row < lines.Length; row++)
        {
            string[] fields = lines[row].Split(',');
            for (int c = 0; c < header.Length; c++)
            {
                object? value = parquet.Columns[c][row - 1];
                string field = fields[c];
                bool same = value switch
                {
                    null => field.Length == 0,
                    double d => field.Length > 0 && BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(double.Parse(field, CultureInfo.InvariantCulture)),
                    long l => l == long.Parse(field, CultureInfo.InvariantCulture),
                    ulong u => u == ulong.Parse(field, CultureInfo.InvariantCulture),
                    string s => s == field,
                    _ => false,
                };
                if (!same)
                {
                    Assert.Fail($"row {row}, column {header[c]}: CSV '{field}', Parquet {value ?? "null"}");
                }
            }
        }
    }

    [Test]
    public void RunSamples_Parquet_HoldsTheCsvsColumnsAndValuesBitForBit()
    {
        string dir = RunSamples(Scenario, "--policy", "sg-permits");
        ParquetReadBack parquet = ParquetReadBack.Read(Path.Combine(dir, "samples.parquet"));

        AssertSameTable(Path.Combine(dir, "samples.csv"), parquet);
        Assert.Multiple(() =>
        {
            Assert.That(parquet.Names.TakeLast(s_inputs.Length), Is.EquivalentTo(s_inputs), "input columns last");
            Assert.That(parquet.Column("policy").Distinct(), Is.EqualTo(new object[] { "sg-permits" }));
            Assert.That(parquet.Column("div").Cast<double>().Distinct().Count(), Is.GreaterThan(1000), "the inputs vary from trial to trial");
        });
    }

    [Test]
    public void RunSamples_Parquet_ColumnTypesAsDocumented()
    {
        string dir = RunSamples(Scenario, "--trials", "512");
        ParquetReadBack parquet = ParquetReadBack.Read(Path.Combine(dir, "samples.parquet"));
        int inputs = s_inputs.Length, outcomes = parquet.Names.Length - 2 - inputs;

        Assert.Multiple(() =>
        {
            Assert.That(parquet.Types[0], Is.EqualTo("INT64 INT_64 REQUIRED"), "trial");
            Assert.That(parquet.Types[1], Is.EqualTo("BYTE_ARRAY UTF8 REQUIRED"), "policy");
            Assert.That(parquet.Types.Skip(2).Take(outcomes), Is.All.EqualTo("DOUBLE REQUIRED"), "outcomes");
            Assert.That(parquet.Types.TakeLast(inputs), Is.All.EqualTo("DOUBLE OPTIONAL"), "inputs (null where the CSV field is empty)");
            Assert.That(parquet.Column("policy").Distinct(), Is.EqualTo(new object[] { "baseline" }));
        });
    }

    [Test]
    public void RunSamples_MoreTrialsThanOneRowGroup_ReadsBackInTrialOrder()
    {
        const int trials = 70_000;
        string dir = RunSamples(Scenario, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--threads", "2");
        ParquetReadBack parquet = ParquetReadBack.Read(Path.Combine(dir, "samples.parquet"));

        Assert.Multiple(() =>
        {
            Assert.That(parquet.GroupRows, Is.EqualTo(new long[] { 65_536, trials - 65_536 }), "row groups of 65,536 trials");
            Assert.That(parquet.Column("trial").Cast<long>(), Is.EqualTo(Enumerable.Range(0, trials).Select(i => (long)i)), "trial order");
        });
        AssertSameTable(Path.Combine(dir, "samples.csv"), parquet);
    }

    [Test]
    public void RunSamples_Manifest_ListsTheParquetFileWithItsSha256()
    {
        string dir = RunSamples(Scenario, "--trials", "600");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        JsonElement entry = manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "samples.parquet");
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, "samples.parquet"));

        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            Assert.That(entry.GetProperty("bytes").GetInt64(), Is.EqualTo(bytes.Length));
            Assert.That(Directory.Exists(Path.Combine(dir, ".exportflow-staging")), Is.False, "no temporary left");
        });
    }

    [Test]
    public void RunSamples_NotQuiet_NamesEveryFileItWroteAndTheFolder()
    {
        string dir = NewFolder();
        CliResult r = CliTestHelper.Run("run", CliTestHelper.WriteScenario(Scenario), "--trials", "512", "--out", dir, "--samples");

        Assert.That(r.Code, Is.Zero, r.Stderr);
        Assert.That(r.Stderr, Does.Contain($"Wrote summary.json, samples.csv, samples.parquet, leakage-distribution.png, leakage-distribution.csv, leakage-by-source.png, leakage-by-source.csv, billed-received.png, billed-received.csv, convergence.png, convergence.csv, report.html, manifest.json to {Path.GetFullPath(dir)}"));
    }

    [Test]
    public void Run_WithoutSamplesAfterARunWithSamples_DeletesTheParquetFile()
    {
        string scenario = CliTestHelper.WriteScenario(Scenario);
        string dir = NewFolder();
        Assert.That(CliTestHelper.Run("run", scenario, "--trials", "512", "--out", dir, "--samples", "-q").Code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(dir, "samples.parquet")), Is.True);

        Assert.That(CliTestHelper.Run("run", scenario, "--trials", "512", "--out", dir, "-q").Code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(dir, "samples.parquet")), Is.False, "samples of the earlier run would not match this summary");
    }

    [Test]
    public void CalibrateOut_PosteriorParquet_HoldsThePosteriorCsvBitForBit()
    {
        string dir = NewFolder();
        CliResult r = CliTestHelper.Run("calibrate", CliTestHelper.WriteScenario(CalibrationScenario), CliTestHelper.WriteScenario(Evidence),
            "--particles", "300", "--out", dir, "--quiet");
        Assert.That(r.Code, Is.Zero, r.Output);
        ParquetReadBack parquet = ParquetReadBack.Read(Path.Combine(dir, "posterior.parquet"));

        AssertSameTable(Path.Combine(dir, "posterior.csv"), parquet);
        Assert.Multiple(() =>
        {
            Assert.That(parquet.Rows, Is.EqualTo(300));
            Assert.That(parquet.Types[0], Is.EqualTo("INT64 INT_64 REQUIRED"), "particle");
            Assert.That(parquet.Types[^1], Is.EqualTo("INT64 UINT_64 REQUIRED"), "noiseKey");
            Assert.That(parquet.Types[1..^1], Is.All.EqualTo("DOUBLE REQUIRED"));
            Assert.That(parquet.Names, Does.Contain("z:S").And.Contain("d").And.Contain("obs:supply").And.Contain("leaked"));
        });
    }

    [Test]
    public void SamplesAndPosteriorCsv_Headers_AreAsciiWithoutByteOrderMark()
    {
        string run = RunSamples(Scenario, "--trials", "512");
        string calibrate = NewFolder();
        Assert.That(CliTestHelper.Run("calibrate", CliTestHelper.WriteScenario(CalibrationScenario), CliTestHelper.WriteScenario(Evidence),
            "--particles", "50", "--out", calibrate, "--quiet").Code, Is.Zero);

        Assert.Multiple(() =>
        {
            foreach (string path in new[] { Path.Combine(run, "samples.csv"), Path.Combine(calibrate, "posterior.csv") })
            {
                byte[] bytes = File.ReadAllBytes(path);
                int end = Array.IndexOf(bytes, (byte)'\n');
                Assert.That(bytes[..end], Is.All.LessThan(0x80), $"{Path.GetFileName(path)}: header is ASCII (Excel reads it in any code page)");
                Assert.That(Encoding.ASCII.GetString(bytes, 0, end), Does.StartWith(path.EndsWith("samples.csv", StringComparison.Ordinal) ? "trial,policy," : "particle,"), "no byte-order mark");
            }
        });
    }
}
