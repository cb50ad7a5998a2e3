using System.Text.Json;
using ExportFlow.Simulation.Cli;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Cli;

public class BenchCommandTests
{
    private static CommandAppResult Bench(params string[] args)
    {
        var console = new TestConsole();
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        var app = new CommandAppTester(registrar, new CommandAppTesterSettings(), console);
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.AddCommand<BenchCommand>("bench");
        });
        return app.Run(["bench", "--max-warmup", "1", .. args]);
    }

    [Test]
    public void Execute_SyntheticJson_ReportsZeroAllocationAndPositiveRates()
    {
        CommandAppResult result = Bench("--trials", "300", "--threads", "2", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("allocatedBytesPerTrial").GetDouble(), Is.EqualTo(0.0));
            Assert.That(root.GetProperty("singleThread").GetProperty("trialsPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("parallel").GetProperty("trialsPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("parallel").GetProperty("threads").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("singleThread").GetProperty("nanosecondsPerTrialPeriod").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("speedup").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("nodes").GetInt32(), Is.EqualTo(BenchCommand.SyntheticNodes));
            Assert.That(root.GetProperty("periods").GetInt32(), Is.EqualTo(BenchCommand.SyntheticPeriods));
            Assert.That(root.GetProperty("trials").GetInt64(), Is.EqualTo(300));
            Assert.That(root.GetProperty("identicalResults").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Execute_File_TimesThatScenario()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, SyntheticNetwork.Yaml(12, 3, 5));
        try
        {
            CommandAppResult result = Bench(path, "--trials", "50", "--threads", "1", "--format", "json");

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
            using JsonDocument json = JsonDocument.Parse(result.Output);
            Assert.Multiple(() =>
            {
                Assert.That(json.RootElement.GetProperty("scenario").GetString(), Is.EqualTo("synthetic-12x3"));
                Assert.That(json.RootElement.GetProperty("periods").GetInt32(), Is.EqualTo(3));
                Assert.That(json.RootElement.GetProperty("allocatedBytesPerTrial").GetDouble(), Is.EqualTo(0.0));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Execute_File_ReportsEveryStepOfTheSetUp()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, SyntheticNetwork.Yaml(40, 2, 5));
        try
        {
            CommandAppResult result = Bench(path, "--trials", "20", "--threads", "1", "--format", "json");

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
            using JsonDocument json = JsonDocument.Parse(result.Output);
            JsonElement setup = json.RootElement.GetProperty("setup");
            string[] steps = ["readSeconds", "parseSeconds", "validateSeconds", "compileSeconds", "accumulatorSeconds"];
            double sum = steps.Sum(step => setup.GetProperty(step).GetDouble());
            using (Assert.EnterMultipleScope())
            {
                foreach (string step in steps)
                {
                    Assert.That(setup.GetProperty(step).GetDouble(), Is.GreaterThanOrEqualTo(0), step);
                }

                // A file is read, parsed and validated; the steps are parts of the whole set-up.
                Assert.That(setup.GetProperty("readSeconds").GetDouble(), Is.GreaterThan(0));
                Assert.That(setup.GetProperty("parseSeconds").GetDouble(), Is.GreaterThan(0));
                Assert.That(setup.GetProperty("validateSeconds").GetDouble(), Is.GreaterThan(0));
                Assert.That(sum, Is.LessThanOrEqualTo(setup.GetProperty("seconds").GetDouble()));
                Assert.That(json.RootElement.GetProperty("setupSeconds").GetDouble(), Is.EqualTo(setup.GetProperty("seconds").GetDouble()));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Execute_Table_PrintsEveryMeasure()
    {
        CommandAppResult result = Bench("--trials", "100", "--threads", "2");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
        Assert.That(result.Output, Does.Contain("trials/s").And.Contain("ns per trial-period").And.Contain("speed-up").And.Contain("Allocated per trial")
            .And.Contain("validate").And.Contain("compile").And.Contain("statistics"));
    }

    [Test]
    public void Execute_NodesAndPeriods_TimesThatSyntheticNetwork()
    {
        CommandAppResult result = Bench("--nodes", "100", "--periods", "4", "--trials", "20", "--threads", "1", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("nodes").GetInt32(), Is.EqualTo(100));
            Assert.That(json.RootElement.GetProperty("periods").GetInt32(), Is.EqualTo(4));
            Assert.That(json.RootElement.GetProperty("allocatedBytesPerTrial").GetDouble(), Is.EqualTo(0.0));
        });
    }

    [TestCase("--trials", "0")]
    [TestCase("--nodes", "9")]
    [TestCase("--periods", "0")]
    [TestCase("--threads", "0")]
    [TestCase("--format", "csv")]
    public void Validate_BadOption_Fails(string option, string value)
    {
        CommandAppResult result = BenchWithoutPropagation(option, value);

        Assert.That(result.ExitCode, Is.Not.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void Validate_FileWithNodes_Fails()
    {
        CommandAppResult result = BenchWithoutPropagation("scenario.yaml", "--nodes", "100");

        Assert.That(result.ExitCode, Is.Not.EqualTo(ExitCodes.Ok));
    }

    private static CommandAppResult BenchWithoutPropagation(params string[] args)
    {
        var console = new TestConsole();
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        var app = new CommandAppTester(registrar, new CommandAppTesterSettings(), console);
        app.Configure(config => config.AddCommand<BenchCommand>("bench"));
        return app.Run(["bench", "--max-warmup", "1", .. args]);
    }

    [Test]
    public void AllocatedBytesPerTrial_SyntheticPlan_IsZero()
    {
        FlowPlan plan = PlanCompiler.Compile(BenchCommand.Synthetic(), null);

        double bytes = BenchCommand.AllocatedBytesPerTrial(plan, 1, 500, CancellationToken.None);

        Assert.That(bytes, Is.EqualTo(0.0));
    }

    [Test]
    public void Execute_WarmsUpByTime_AndReportsIt()
    {
        CommandAppResult result = Bench("--trials", "200", "--threads", "1", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Output);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement warmup = json.RootElement.GetProperty("warmup");
        using (Assert.EnterMultipleScope())
        {
            // At least the first block of 16 trials, whatever --trials says; bounded by --max-warmup 1
            // plus the block running when the bound passed.
            Assert.That(warmup.GetProperty("trials").GetInt64(), Is.GreaterThanOrEqualTo(16));
            Assert.That(warmup.GetProperty("seconds").GetDouble(), Is.GreaterThan(0).And.LessThan(30));
            Assert.That(warmup.GetProperty("trialsPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(warmup.TryGetProperty("steady", out _), Is.True);
        }
    }
}
