using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>
/// samples.parquet and posterior.parquet opened by a reader that is not ExportFlow's own: DuckDB (its Node.js
/// package, installed by <c>npm ci --prefix scripts/interop</c>, which .ci/run does). DuckDB must see the CSV's
/// columns, in order, with the documented types, and every value bit for bit. Skipped with a message where Node.js
/// or the package is missing.
/// </summary>
public class ParquetDuckDbTests
{
    private const string Scenario = """
        name: parquet-duckdb
        horizon: { periods: 4, unit: month }
        run: { trials: 1200, seed: 3 }
        parameters:
          div: "uniform(0.05, 0.3)"
          demand: { value: "lognormal(6, 0.5)", perPeriod: true }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: "uniform(0.1, 0.4)" }
        """;

    private const string Evidence = """
        scenario: parquet-duckdb
        evidence:
          - id: leak
            outcome: leaked
            observed: 400
            error: lognormal(0.2)
            source: a test
        """;

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

    private static string Script => Path.Combine(CliTestHelper.RepositoryRoot(), "scripts", "interop", "read-parquet.mjs");

    /// <summary>Runs DuckDB on <paramref name="parquet"/>: its columns (name, type) and rows, or an ignored test when DuckDB is not installed.</summary>
    private static (string Name, string Type)[] ReadWithDuckDb(string parquet, out JsonElement[][] rows)
    {
        string modules = Path.Combine(CliTestHelper.RepositoryRoot(), "scripts", "interop", "node_modules", "@duckdb", "node-api");
        if (!Directory.Exists(modules))
        {
            Assert.Ignore("DuckDB is not installed: run `npm ci --prefix scripts/interop` (needs Node.js and npm) to check the Parquet files with it");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(parquet);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("Node.js (node) is not on PATH: DuckDB's check of the Parquet files needs it");
            throw;
        }

        using (process)
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, stderr.Result);
            using var doc = JsonDocument.Parse(stdout);
            rows = [.. doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.Clone()).ToArray())];
            return [.. doc.RootElement.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!))];
        }
    }

    /// <summary>Every field of the CSV equals DuckDB's value: doubles bit for bit, integers exactly, empty fields as NULL.</summary>
    private static void AssertSameAsCsv(string csv, (string Name, string Type)[] columns, JsonElement[][] rows)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].TrimStart('\uFEFF').Split(',');
        Assert.That(columns.Select(c => c.Name), Is.EqualTo(header), "DuckDB sees the CSV's columns in its order");
        Assert.That(rows, Has.Length.EqualTo(lines.Length - 1), "one row per CSV line");
        for (int row = 1; row < lines.Length; row++)
        {
            string[] fields = lines[row].Split(',');
            for (int c = 0; c < header.Length; c++)
            {
                JsonElement value = rows[row - 1][c];
                string field = fields[c];
                bool same = value.ValueKind switch
                {
                    JsonValueKind.Null => field.Length == 0,
                    JsonValueKind.Number => field.Length > 0 && BitConverter.DoubleToInt64Bits(value.GetDouble()) == BitConverter.DoubleToInt64Bits(double.Parse(field, CultureInfo.InvariantCulture)),
                    JsonValueKind.String => value.GetString() == field,
                    _ => false,
                };
                if (!same)
                {
                    Assert.Fail($"row {row}, column {header[c]}: CSV '{field}', DuckDB {value}");
                }
            }
        }
    }

    [Test]
    public void SamplesParquet_ReadByDuckDb_SameColumnsTypesAndValuesAsTheCsv()
    {
        string dir = NewFolder();
        CliResult r = CliTestHelper.Run("run", CliTestHelper.WriteScenario(Scenario), "--out", dir, "--samples", "-q");
        Assert.That(r.Code, Is.Zero, r.Output);

        (string Name, string Type)[] columns = ReadWithDuckDb(Path.Combine(dir, "samples.parquet"), out JsonElement[][] rows);

        AssertSameAsCsv(Path.Combine(dir, "samples.csv"), columns, rows);
        Assert.Multiple(() =>
        {
            Assert.That(columns[0], Is.EqualTo(("trial", "BIGINT")));
            Assert.That(columns[1], Is.EqualTo(("policy", "VARCHAR")));
            Assert.That(columns.Skip(2).Select(c => c.Type), Is.All.EqualTo("DOUBLE"));
            Assert.That(rows.Select(x => x[0].GetString()), Is.EqualTo(Enumerable.Range(0, 1200).Select(i => i.ToString(CultureInfo.InvariantCulture))), "trial order");
        });
    }

    [Test]
    public void PosteriorParquet_ReadByDuckDb_SameColumnsAndValuesAsTheCsv_NoiseKeyUnsigned()
    {
        string dir = NewFolder();
        CliResult r = CliTestHelper.Run("calibrate", CliTestHelper.WriteScenario(Scenario), CliTestHelper.WriteScenario(Evidence),
            "--particles", "200", "--out", dir, "--quiet");
        Assert.That(r.Code, Is.Zero, r.Output);

        (string Name, string Type)[] columns = ReadWithDuckDb(Path.Combine(dir, "posterior.parquet"), out JsonElement[][] rows);

        AssertSameAsCsv(Path.Combine(dir, "posterior.csv"), columns, rows);
        Assert.That(columns.Single(c => c.Name == "noiseKey").Type, Is.EqualTo("UBIGINT"), "noise keys are unsigned 64-bit");
    }
}
