using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ExportFlow.Simulation.Cli;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Reporting;

public class OutputDirectoryTests
{
    private static readonly string[] s_runFiles = ["summary.json", "samples.csv", "samples.parquet", "leakage-distribution.png", "leakage-distribution.csv", "leakage-by-source.png", "leakage-by-source.csv", "billed-received.png", "billed-received.csv", "convergence.png", "convergence.csv", "report.html"];
    private static readonly string[] s_folderFiles = [.. s_runFiles, "manifest.json"];
    private string _dir = "";

    [SetUp]
    public void NewFolder() => _dir = CliTestHelper.TempDirectory();

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>The id of a process that has exited (and been reaped).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Test]
    public void Prepare_PathIsAFile_ThrowsUserErrorNamingIt()
    {
        string file = CliTestHelper.WriteScenario("x");

        var ex = Assert.Throws<UserErrorException>(() => OutputDirectory.Prepare(file));

        Assert.That(ex!.Message, Does.Contain(file).And.Contain("is a file"));
    }

    [Test]
    public void Prepare_FolderUnderAFile_ThrowsCannotCreate()
    {
        string under = Path.Combine(CliTestHelper.WriteScenario("x"), "out");

        var ex = Assert.Throws<UserErrorException>(() => OutputDirectory.Prepare(under));

        Assert.That(ex!.Message, Does.Contain(under).And.Contain("cannot create the folder"));
    }

    [TestCase("/proc")]
    [TestCase("/sys/kernel")]
    public void Prepare_FolderNoOneCanWriteIn_ThrowsCannotWrite(string path)
    {
        var ex = Assert.Throws<UserErrorException>(() => OutputDirectory.Prepare(path));

        Assert.That(ex!.Message, Does.Contain($"'{path}'").And.Contain("cannot write in the folder"));
    }

    [Test]
    public void Prepare_TemporariesOfADeadProcess_AreRemovedAndThoseOfALiveOneKept()
    {
        int dead = DeadProcessId();
        string staging = Path.Combine(_dir, AtomicFile.StagingFolder);
        Directory.CreateDirectory(staging);
        string stale = Path.Combine(staging, $"samples.csv.{dead}.{Guid.NewGuid():N}.tmp");
        string legacy = Path.Combine(_dir, $".summary.json.{dead}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(staging, $"summary.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        foreach (string f in new[] { stale, legacy, live })
        {
            File.WriteAllText(f, "partial");
        }

        using (OutputDirectory.Prepare(_dir))
        {
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False, "staged temporary of a dead process");
            Assert.That(File.Exists(legacy), Is.False, "temporary of a dead process in the folder itself");
            Assert.That(File.Exists(live), Is.True, "temporary of a running process");
        });
    }

    [Test]
    public void WriteAllBytes_Commit_LeavesNoStagingFolderAndDeletesTheOldManifestFirst()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, AtomicFile.ManifestName), "{}");
        AtomicFile.BeginSet(_dir);

        AtomicFile.WriteAllText(Path.Combine(_dir, "summary.json"), "{ \"a\": 1 }");
        AtomicFile.RemoveStagingIfEmpty(_dir);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(_dir, AtomicFile.ManifestName)), Is.False);
            Assert.That(File.ReadAllText(Path.Combine(_dir, "summary.json")), Is.EqualTo("{ \"a\": 1 }"));
            Assert.That(Directory.Exists(Path.Combine(_dir, AtomicFile.StagingFolder)), Is.False);
        });
    }

    [Test]
    public void Run_Out_ManifestListsEveryFileOfTheRunWithItsHash()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        var (code, output) = CliTestHelper.Run("run", file, "--trials", "1000", "--out", _dir, "--samples", "--quiet");
        Assert.That(code, Is.Zero, output);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "manifest.json")));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(files.Keys, Is.EquivalentTo(s_runFiles));
            foreach (var (name, hash) in files)
            {
                Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir, name)))), Is.EqualTo(hash), name);
            }

            Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EquivalentTo(s_folderFiles));
        });
    }

    [Test]
    public void Run_OutIsAFile_ExitsTwoBeforeLoadingTheScenario()
    {
        string file = CliTestHelper.WriteScenario("x");

        var (code, output) = CliTestHelper.Run("run", "no-such-scenario.yaml", "--out", file);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Does.Contain($"--out '{file}' is a file"));
            Assert.That(output, Does.Not.Contain("no-such-scenario"));
        });
    }
}
