using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Cli;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>
/// The tool as a child process (<c>dotnet exportflow.dll</c>), killed with SIGKILL at deterministic moments
/// or interrupted with SIGINT: the --out folder only ever holds complete files.
/// </summary>
[Category("Faults")]
[NonParallelizable]
public class FaultTests
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] s_pngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    private static string Tool => Path.Combine(Path.GetDirectoryName(typeof(CliApp).Assembly.Location)!, "exportflow.dll");

    /// <summary>A running child with its stdout and stderr collected together.</summary>
    private sealed class Child : IDisposable
    {
        private readonly StringBuilder _output = new();

        public Child(IEnumerable<string> args)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(Tool);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            Process = Process.Start(info)!;
            Process.OutputDataReceived += (_, e) => Append(e.Data);
            Process.ErrorDataReceived += (_, e) => Append(e.Data);
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public int Wait(int seconds = 60)
        {
            Assert.That(Process.WaitForExit(seconds * 1000), Is.True, "the child did not end");
            Process.WaitForExit();
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    /// <summary>Runs the tool to its end; its exit code, output and wall time.</summary>
    private static (int Code, string Output, double Seconds) RunToEnd(IEnumerable<string> args)
    {
        var clock = Stopwatch.StartNew();
        using var child = new Child(args);
        int code = child.Wait();
        return (code, child.Output, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The i-th of a deterministic sequence spread evenly over [0, 1) (golden-ratio steps).</summary>
    private static double Fraction(int i) => ((i + 1) * 0.6180339887498949) % 1.0;

    [Test]
    public void KilledAtRandomMoments_OutLeavesOnlyCompleteFilesAndTheNextRunRemovesTemporaries()
    {
        string scenario = WriteScenario();
        string runDir = TempDirectory(), compareDir = TempDirectory();
        string[] run = ["run", scenario, "--out", runDir, "--trials", "30000", "--samples", "--quiet", "--threads", "2"];
        string[] compare = ["compare", scenario, "--out", compareDir, "--trials", "4000", "--quiet", "--threads", "2"];
        int kills = 0, attempts = 0;
        foreach ((string[] args, string dir) in new[] { (run, runDir), (compare, compareDir) })
        {
            // A complete run first, so that the folder holds a previous complete set.
            var (code, output, seconds) = RunToEnd(args);
            Assert.That(code, Is.Zero, output);
            AssertOnlyCompleteFiles(dir);
            for (int i = 0; i < 8; i++)
            {
                // Spread over the measured duration: start-up, trials, and the end when files are renamed.
                int delay = (int)(Fraction(attempts++) * seconds * 1000);
                using var child = new Child(args);
                Thread.Sleep(delay);
                if (!child.Process.HasExited)
                {
                    child.Process.Kill();
                    kills++;
                }

                child.Wait();
                AssertOnlyCompleteFiles(dir);

                // A child that got as far as staging a file had removed the temporaries of the runs killed before it.
                string own = $".{child.Process.Id}.";
                string[] staged = StagedFiles(dir);
                if (staged.Any(f => Path.GetFileName(f).Contains(own, StringComparison.Ordinal)))
                {
                    Assert.That(staged.Where(f => !Path.GetFileName(f).Contains(own, StringComparison.Ordinal)), Is.Empty, "temporaries of earlier runs");
                }
            }

            (code, output, _) = RunToEnd(args);
            Assert.That(code, Is.Zero, output);
            AssertOnlyCompleteFiles(dir);
            Assert.Multiple(() =>
            {
                Assert.That(StagedFiles(dir), Is.Empty, "temporaries after a finished run");
                Assert.That(Directory.Exists(Path.Combine(dir, AtomicFile.StagingFolder)), Is.False, "the staging folder after a finished run");
                Assert.That(File.Exists(Path.Combine(dir, "manifest.json")), Is.True);
            });
        }

        Assert.That(kills, Is.GreaterThanOrEqualTo(8), "kills that hit a running process (of 16)");
        Directory.Delete(runDir, recursive: true);
        Directory.Delete(compareDir, recursive: true);
    }

    [Test]
    public void Interrupted_ExitsWith130AndMarksTheResultPartial()
    {
        string scenario = WriteScenario();
        string dir = TempDirectory();
        using var child = new Child(["run", scenario, "--out", dir, "--trials", "100000000", "--samples", "--threads", "2"]);

        // samples.csv is staged once the run's trials start; then Ctrl+C.
        var clock = Stopwatch.StartNew();
        while (!StagedFiles(dir).Any(f => Path.GetFileName(f).StartsWith("samples.csv.", StringComparison.Ordinal)))
        {
            Assert.That(child.Process.HasExited, Is.False, child.Output);
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(30), "the run did not start");
            Thread.Sleep(20);
        }

        Thread.Sleep(300);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", child.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            kill.WaitForExit();
        }

        int code = child.Wait();
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Interrupted), child.Output);
            Assert.That(child.Output, Does.Contain("partial result"));
            Assert.That(summary.RootElement.GetProperty("partial").GetBoolean(), Is.True);
            Assert.That(summary.RootElement.GetProperty("trials").GetInt64(), Is.LessThan(100_000_000));
            Assert.That(manifest.RootElement.GetProperty("partial").GetBoolean(), Is.True);
            AssertOnlyCompleteFiles(dir);
        });
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void Run_LognormalReadAsMuSigma_ExitsTwoWithTheLocationAndNoStackTrace()
    {
        string scenario = CliTestHelper.WriteScenario("""
            name: huge-tail
            horizon: { periods: 6, unit: month }
            parameters:
              big: lognormal(2000, 30000)
            nodes:
              - { id: us, kind: supplier, country: US, supply: big }
              - { id: mkt, kind: market, country: US, demand: .inf }
            edges:
              - { from: us, to: mkt, channel: legit }
            """);

        var (code, output) = CliTestHelper.Run("run", scenario, "--trials", "2000", "--quiet");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError), output);
            Assert.That(output, Does.Contain("trial ").And.Contain("month 1:"));
            Assert.That(output, Does.Contain($"parameter 'big' ({scenario}:4:8)"));
            Assert.That(output, Does.Contain($"node 'us' supply ({scenario}:6:"));
            Assert.That(output, Does.Not.Contain("   at "));
        });
    }

    private static string WriteScenario() => CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

    private static string TempDirectory() => CliTestHelper.TempDirectory();

    private static string[] StagedFiles(string dir)
    {
        string staging = Path.Combine(dir, AtomicFile.StagingFolder);
        return Directory.Exists(staging) ? Directory.GetFiles(staging) : [];
    }

    /// <summary>Every file in the folder is complete, none is a temporary, and a manifest describes only its own run's files.</summary>
    private static void AssertOnlyCompleteFiles(string dir)
    {
        string[] files = Directory.GetFiles(dir);
        Assert.That(files.Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "temporary files beside the outputs");
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            byte[] bytes = File.ReadAllBytes(file);
            switch (Path.GetExtension(name))
            {
                case ".json":
                    Assert.DoesNotThrow(() => JsonDocument.Parse(bytes).Dispose(), $"{name} is not complete JSON");
                    break;
                case ".csv":
                    AssertCompleteCsv(name, Encoding.UTF8.GetString(bytes));
                    break;
                case ".png":
                    Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(s_pngSignature), $"{name}: PNG signature");
                    Assert.That(bytes.AsSpan(bytes.Length - 12).ToArray(), Is.EqualTo(s_pngEnd), $"{name}: ends with IEND");
                    Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), Is.EqualTo(Charts.Width), $"{name}: width");
                    break;
                case ".parquet":
                    Assert.That(Encoding.ASCII.GetString(bytes, 0, 4) + Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4), Is.EqualTo("PAR1PAR1"), $"{name}: Parquet magic at both ends");
                    Assert.DoesNotThrow(() => Reporting.ParquetReadBack.Read(file), $"{name} does not read back");
                    break;
                case ".html":
                    Assert.That(Encoding.UTF8.GetString(bytes).TrimEnd(), Does.StartWith("<!DOCTYPE html>").And.EndWith("</html>"), $"{name} is not a complete page");
                    break;
                default:
                    Assert.Fail($"an unexpected file in --out: {name}");
                    break;
            }
        }

        string manifest = Path.Combine(dir, "manifest.json");
        if (File.Exists(manifest))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(manifest));
            foreach (JsonElement f in json.RootElement.GetProperty("files").EnumerateArray())
            {
                string path = Path.Combine(dir, f.GetProperty("name").GetString()!);
                Assert.That(File.Exists(path), Is.True, $"manifest lists a missing file {path}");
                Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), Is.EqualTo(f.GetProperty("sha256").GetString()),
                    $"manifest describes another run's {path}");
            }
        }
    }

    private static void AssertCompleteCsv(string name, string text)
    {
        Assert.That(text, Does.EndWith("\n"), $"{name}: the last row is cut");
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int fields = FieldCount(lines[0]);
        Assert.That(lines.Count(l => FieldCount(l) != fields), Is.Zero, $"{name}: rows with another number of fields than the header");
    }

    /// <summary>Fields of one CSV line, commas inside quoted fields (a verdict) not counted (RFC 4180).</summary>
    private static int FieldCount(string line)
    {
        int count = 1;
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                count++;
            }
        }

        return count;
    }
}
