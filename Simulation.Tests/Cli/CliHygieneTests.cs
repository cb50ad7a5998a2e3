using System.Text.Json;
using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>
/// Command-line hygiene: options are parsed strictly (an unknown option is an error that suggests the closest
/// one), number options accept 1e5, 100_000 and 100,000, errors go to standard error and standard output
/// carries only the requested output.
/// </summary>
public class CliHygieneTests
{
    [TestCase("--trails", "--trials")]
    [TestCase("--polcy", "--policy")]
    [TestCase("--thresold", "--threshold")]
    [TestCase("--seeed", "--seed")]
    public void Run_MisspelledOption_ExitsTwoWithTheClosestOptionAndRunsNothing(string typo, string meant)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        var (code, stdout, stderr) = RunSplit("run", file, typo, "100", "--format", "json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError), stderr);
            Assert.That(stderr, Does.Contain($"unknown option '{typo}'").And.Contain($"did you mean '{meant}'?"));
            Assert.That(stdout, Is.Empty, "nothing was run, so nothing is printed on standard output");
        }
    }

    [TestCase("abc", "--trials must be a whole number from 1 to 1,000,000,000,000, got 'abc'")]
    [TestCase("1.5", "(it has a fraction)")]
    [TestCase("0", "--trials must be a whole number from 1 to")]
    [TestCase("1,00", "got '1,00'")]
    [TestCase("1__0", "got '1__0'")]
    [TestCase("1e13", "got 1e13")]
    public void Run_BadTrials_ExitsTwoWithAPlainMessage(string value, string message)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        var (code, stdout, stderr) = RunSplit("run", file, "--trials", value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError), stderr);
            Assert.That(stderr, Does.Contain(message));
            Assert.That(stderr, Does.Not.Contain("Nullable"), "no .NET type names in a user's error");
            Assert.That(stdout, Is.Empty);
        }
    }

    [TestCase("1e3")]
    [TestCase("1_000")]
    [TestCase("1,000")]
    [TestCase("1000")]
    [TestCase("--trials=1e3")]
    public void Run_TrialsWrittenAsPeopleWriteThem_RunsThatManyTrials(string value)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        string[] trials = value.StartsWith("--", StringComparison.Ordinal) ? [value] : ["--trials", value];

        var (code, stdout, stderr) = RunSplit(["run", file, .. trials, "--format", "json", "--quiet"]);

        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.That(json.RootElement.GetProperty("trials").GetInt64(), Is.EqualTo(1000));
    }

    [Test]
    public void Run_ThresholdWithThousandsSeparator_IsReadAsANumber()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        var (code, stdout, stderr) = RunSplit("run", file, "--trials", "100", "--threshold", "1,500", "--format", "json", "--quiet");

        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.That(json.RootElement.GetProperty("leaked").GetProperty("exceedance")[0].GetProperty("threshold").GetDouble(), Is.EqualTo(1500));
    }

    [TestCase("--trials", "needs a value")]
    [TestCase("--quiet=yes", "is a switch and takes no value")]
    [TestCase("--threads", "needs a value")]
    public void Run_OptionWithoutItsValueOrSwitchWithOne_ExitsTwo(string option, string message)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

        var (code, _, stderr) = RunSplit("run", file, option);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError), stderr);
            Assert.That(stderr, Does.Contain(message));
        }
    }

    [Test]
    public void Run_JsonWithABadScenario_KeepsStandardOutputEmpty()
    {
        string file = CliTestHelper.WriteScenario("name: x\nhorizon: { periods: 0 }\nnodes: []\n");

        var (code, stdout, stderr) = RunSplit("run", file, "--format", "json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError));
            Assert.That(stdout, Is.Empty, "an error must not end up in a redirected JSON file");
            Assert.That(stderr, Does.Contain("error:").And.Contain(Path.GetFileName(file)));
        }
    }

    [Test]
    public void Run_QuietAndAllWell_PrintsNothingOnStandardError()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();

        var (code, stdout, stderr) = RunSplit("run", file, "--trials", "200", "--quiet", "--format", "csv", "--out", dir);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(stderr, Is.Empty);
            Assert.That(stdout, Does.Contain("leaked"));
        }
    }

    [Test]
    public void Run_NotQuietWithOut_SaysWhereItWroteOnStandardError()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute), dir = CliTestHelper.TempDirectory();

        var (code, stdout, stderr) = RunSplit("run", file, "--trials", "200", "--format", "json", "--out", dir);

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Does.Contain(dir));
        Assert.That(() => JsonDocument.Parse(stdout).Dispose(), Throws.Nothing, "standard output is the JSON alone");
    }

    [TestCase("--version")]
    [TestCase("-v")]
    public void Version_PrintsVersionAndCommit(string option)
    {
        var (code, stdout, _) = RunSplit(option);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero);
            Assert.That(stdout, Does.Match(@"^exportflow \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{7,12}|unknown)\)\s*$"));
        }
    }

    [Test]
    public void UnknownTopLevelOption_SuggestsVersion()
    {
        var (code, _, stderr) = RunSplit("--verison");

        Assert.That(code, Is.EqualTo(ExitCodes.UserError));
        Assert.That(stderr, Does.Contain("did you mean '--version'?"));
    }

    [TestCase("bench", "--node", "--nodes")]
    [TestCase("compare", "--polices", "--policy")]
    [TestCase("validate", "--strcit", "--strict")]
    public void OtherCommands_MisspelledOption_SuggestTheirOwnOptions(string command, string typo, string meant)
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        string[] args = command == "bench" ? [command, typo, "20"] : [command, file, typo, "x"];

        var (code, _, stderr) = RunSplit(args);

        Assert.That(code, Is.EqualTo(ExitCodes.UserError), stderr);
        Assert.That(stderr, Does.Contain($"did you mean '{meant}'?"));
    }

    [Test]
    public void Validate_DiagnosticsOnStandardErrorAndVerdictOnStandardOutput()
    {
        string file = CliTestHelper.WriteScenario("name: x\nhorizon: { periods: 12 }\nnodes:\n  - { id: a, kind: supplir, country: US }\n");

        var (code, stdout, stderr) = RunSplit("validate", file);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.UserError));
            Assert.That(stderr, Does.Contain(":4:").And.Contain("supplir"));
            Assert.That(stdout, Does.StartWith("FAILED"));
            Assert.That(stdout, Does.Not.Contain("supplir"));
        }
    }

    /// <summary>Runs the command line with standard output and standard error kept apart.</summary>
    internal static (int Code, string Stdout, string Stderr) RunSplit(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        using var errors = new StringWriter();
        int code = CliApp.Run(args, console, errors);
        return (code, console.Output.Trim(), errors.ToString());
    }
}
