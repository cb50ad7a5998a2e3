using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExportFlow.Simulation.Cli;

namespace ExportFlow.Simulation.Tests.Cli;

/// <summary><c>run --precision</c> and <c>compare --precision</c>, and the convergence files of <c>--out</c>.</summary>
public class PrecisionCommandTests
{
    private static readonly string[] s_runs = ["baseline", "half"];
    private static string s_file = "";

    [OneTimeSetUp]
    public void WriteScenario() => s_file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);

    private static JsonObject Json(CliResult r)
    {
        Assert.That(r.Code, Is.Zero, r.Output);
        return JsonNode.Parse(r.Stdout)!.AsObject();
    }

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = JsonNode.Parse(o.ToJsonString())!.AsObject();
        copy.Remove(key);
        return copy;
    }

    [Test]
    public void Run_Precision_EqualsAFixedRunOfTheFinalCountBitForBit([Values("1", "2")] string threads)
    {
        // Leaked has sd ≈ 14 here: ± 0.5 needs about 3,200 trials.
        JsonObject precise = Json(CliTestHelper.Run("run", s_file, "--precision", "0.5", "--trials", "512", "--threads", threads, "--format", "json", "--quiet"));
        long trials = precise["trials"]!.GetValue<long>();
        JsonObject fixedRun = Json(CliTestHelper.Run("run", s_file, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--threads", "1", "--format", "json", "--quiet"));
        JsonNode p = precise["precision"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trials, Is.GreaterThan(512).And.LessThan(20_000));
            Assert.That(trials % 512, Is.Zero, "a precision run stops at a whole block");
            Assert.That(p["reached"]!.GetValue<bool>(), Is.True);
            Assert.That(p["trials"]!.GetValue<long>(), Is.EqualTo(trials));
            Assert.That(p["halfWidth"]!.GetValue<double>(), Is.LessThanOrEqualTo(0.5));
            Assert.That(p["target"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(p["relative"]!.GetValue<bool>(), Is.False);
            Assert.That(p["estimate"]!.GetValue<double>(), Is.EqualTo(precise["leaked"]!["mean"]!.GetValue<double>()));
            Assert.That(Without(precise, "precision").ToJsonString(), Is.EqualTo(fixedRun.ToJsonString()));
        }
    }

    [Test]
    public void Run_Precision_StopsAtTheSameCountOnOneAndTwoThreads()
    {
        // p95 ≈ 985, so the sketch alone allows ± 4.9; ± 6 takes a few thousand trials.
        string[] args = ["run", s_file, "--precision", "6", "--precision-stat", "p95", "--trials", "512", "--format", "json", "--quiet"];
        JsonObject one = Json(CliTestHelper.Run([.. args, "--threads", "1"]));
        JsonObject two = Json(CliTestHelper.Run([.. args, "--threads", "2"]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one["precision"]!["checks"]!.GetValue<int>(), Is.GreaterThan(1), "the target needed more than the first check");
            Assert.That(two.ToJsonString(), Is.EqualTo(one.ToJsonString()));
        }
    }

    [Test]
    public void Run_PrecisionOnAnExceedance_AddsTheThresholdAndJudgesItsProbability()
    {
        JsonObject r = Json(CliTestHelper.Run("run", s_file, "--precision", "0.02", "--precision-stat", "exceed:960", "--format", "json", "--quiet"));
        JsonNode exceedance = r["leaked"]!["exceedance"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exceedance["threshold"]!.GetValue<double>(), Is.EqualTo(960));
            Assert.That(r["precision"]!["estimate"]!.GetValue<double>(), Is.EqualTo(exceedance["probability"]!.GetValue<double>()));
            Assert.That(r["precision"]!["halfWidth"]!.GetValue<double>(), Is.LessThanOrEqualTo(0.02));
            Assert.That(r["precision"]!["statistic"]!.GetValue<string>(), Is.EqualTo("exceed:960"));
        }
    }

    [Test]
    public void Run_MaxTrialsReachedFirst_WritesTheResultWithAWarning()
    {
        CliResult r = CliTestHelper.Run("run", s_file, "--precision", "0.01", "--max-trials", "2000", "--format", "json", "--quiet");
        JsonObject json = Json(r);
        JsonNode p = json["precision"]!;
        double needed = p["trialsNeeded"]!.GetValue<double>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json["trials"]!.GetValue<long>(), Is.EqualTo(2000));
            Assert.That(json["partial"]!.GetValue<bool>(), Is.False);
            Assert.That(p["reached"]!.GetValue<bool>(), Is.False);
            Assert.That(needed, Is.GreaterThan(1_000_000), "±0.01 on sd ≈ 14 needs millions of trials");
            Assert.That(r.Stderr, Does.Contain("warning: --precision 0.01 not reached by --max-trials 2,000").And.Contain("about ").And.Contain("trials would reach it"));
        }
    }

    [Test]
    public void Run_RelativeTargetOnAStatisticThatIsZero_ExitsTwoAskingForAnAbsoluteTarget()
    {
        // Nothing is flagged in this scenario.
        CliResult r = CliTestHelper.Run("run", s_file, "--precision", "1%", "--precision-outcome", "flagged", "--quiet");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Code, Is.EqualTo(ExitCodes.UserError), r.Output);
            Assert.That(r.Stderr, Does.Contain("the mean of flagged is exactly 0").And.Contain("absolute target"));
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [TestCase("--precision", "0", "--precision must be more than 0")]
    [TestCase("--precision", "-5", "--precision must be more than 0")]
    [TestCase("--precision", "0%", "--precision must be more than 0")]
    [TestCase("--precision", "abc", "--precision must be a half-width in the statistic's unit")]
    [TestCase("--precision", "150%", "a relative target must be from above 0% to 100%")]
    [TestCase("--precision-stat", "p100", "a percentile must lie strictly between p0 and p100")]
    [TestCase("--precision-stat", "p0", "a percentile must lie strictly between p0 and p100")]
    [TestCase("--precision-stat", "exceed:inf", "exceed:X needs a finite threshold")]
    [TestCase("--precision-stat", "median", "--precision-stat must be mean, a percentile such as p95, or exceed:X")]
    [TestCase("--precision-outcome", "leakage", "--precision-outcome 'leakage' is not an outcome; use one of leaked, interdicted")]
    [TestCase("--trials", "20000", "--trials 20,000 is more than --max-trials 10,000")]
    [TestCase("--trial", "3", "--trial replays one trial")]
    public void Run_UnreachablePrecisionRequest_ExitsTwoBeforeRunning(string option, string value, string message)
    {
        string target = option == "--precision" ? value : "1%";
        string[] extra = option == "--precision" ? [] : [option, value];
        if (option == "--trials")
        {
            extra = [.. extra, "--max-trials", "10000"];
        }

        CliResult r = CliTestHelper.Run(["run", s_file, "--precision", target, .. extra, "--format", "json"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Code, Is.EqualTo(ExitCodes.UserError), r.Output);
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stdout, Is.Empty, "nothing ran");
        }
    }

    [Test]
    public void Run_AbsolutePercentileTargetBelowTheSketchResolution_ExitsTwoAtTheFirstCheck()
    {
        CliResult r = CliTestHelper.Run("run", s_file, "--precision", "0.3", "--precision-stat", "p95", "--trials", "512", "--quiet");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Code, Is.EqualTo(ExitCodes.UserError), r.Output);
            Assert.That(r.Stderr, Does.Contain("--precision 0.3 cannot be reached: p95 of leaked is about").And.Contain("after 512 trials").And.Contain("give a target above"));
        }
    }

    [Test]
    public void Run_RelativePercentileTargetWithinTheSketchAccuracy_ExitsTwo()
    {
        CliResult r = CliTestHelper.Run("run", s_file, "--precision", "0.5%", "--precision-stat", "p95");
        Assert.That(r.Code, Is.EqualTo(ExitCodes.UserError), r.Output);
        Assert.That(r.Stderr, Does.Contain("quantile sketch accurate to ±0.5 %"));
    }

    [TestCase("--max-trials", "5000")]
    [TestCase("--precision-stat", "p95")]
    [TestCase("--precision-outcome", "leaked")]
    public void Run_PrecisionOptionWithoutPrecision_ExitsTwo(string option, string value)
    {
        CliResult r = CliTestHelper.Run("run", s_file, option, value);
        Assert.That(r.Code, Is.EqualTo(ExitCodes.UserError), r.Output);
        Assert.That(r.Stderr, Does.Contain($"{option} works with --precision TARGET"));
    }

    [Test]
    public void Run_Out_ConvergenceLastRowIsTheSummaryMeanAndFilesAreInTheManifest()
    {
        string dir = CliTestHelper.TempDirectory();
        Assert.That(CliTestHelper.Run("run", s_file, "--trials", "3000", "--quiet", "--out", dir).Code, Is.Zero);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "convergence.csv"));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        JsonElement leaked = summary.RootElement.GetProperty("leaked");
        string[] last = lines[^1].Split(',');
        double Field(int i) => double.Parse(last[i], CultureInfo.InvariantCulture);
        long[] trials = [.. lines.Skip(1).Select(l => long.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo("run,trials,leakedMean,standardError,meanLow95,meanHigh95"));
            Assert.That(trials, Is.EqualTo(new long[] { 512, 1024, 1536, 2048, 2560, 3000 }), "every block at first, and the last one");
            Assert.That(last[0], Is.EqualTo("baseline"));
            Assert.That(Field(2), Is.EqualTo(leaked.GetProperty("mean").GetDouble()), "last row = summary mean");
            Assert.That(Field(3), Is.EqualTo(leaked.GetProperty("standardError").GetDouble()));
            Assert.That(Field(4), Is.EqualTo(Field(2) - (1.96 * Field(3))).Within(1e-9));
            Assert.That(manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()),
                Does.Contain("convergence.csv").And.Contain("convergence.png"));
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "convergence.png")).Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }), "a PNG");
        }
    }

    [Test]
    public void Run_Out_ConvergenceCsvIsTheSameOnOneAndTwoThreads()
    {
        string one = CliTestHelper.TempDirectory(), two = CliTestHelper.TempDirectory();
        Assert.That(CliTestHelper.Run("run", s_file, "--precision", "0.4", "--trials", "512", "--threads", "1", "--quiet", "--out", one).Code, Is.Zero);
        Assert.That(CliTestHelper.Run("run", s_file, "--precision", "0.4", "--trials", "512", "--threads", "2", "--quiet", "--out", two).Code, Is.Zero);
        string a = File.ReadAllText(Path.Combine(one, "convergence.csv"));
        Assert.That(a.Split('\n').Length, Is.GreaterThan(5));
        Assert.That(File.ReadAllText(Path.Combine(two, "convergence.csv")), Is.EqualTo(a));
    }

    [Test]
    public void Compare_PrecisionOnTheMean_JudgesThePairedDifferenceAndEqualsTheFixedComparison()
    {
        string dir = CliTestHelper.TempDirectory();
        CliResult r = CliTestHelper.Run("compare", s_file, "--precision", "0.5", "--trials", "512", "--format", "json", "--quiet", "--out", dir);
        JsonObject json = Json(r);
        JsonNode p = json["precision"]!;
        long trials = json["trials"]!.GetValue<long>();
        JsonObject fixedRun = Json(CliTestHelper.Run("compare", s_file, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--format", "json", "--quiet"));
        JsonNode paired = json["comparisons"]![0]!["paired"]!["leaked"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p["paired"]!.GetValue<bool>(), Is.True);
            Assert.That(p["reached"]!.GetValue<bool>(), Is.True);
            Assert.That(p["binding"]!.GetValue<string>(), Is.EqualTo("half"));
            Assert.That(p["estimate"]!.GetValue<double>(), Is.EqualTo(paired["meanDifference"]!.GetValue<double>()));
            Assert.That(p["high"]!.GetValue<double>(), Is.EqualTo(paired["differenceHigh"]!.GetValue<double>()));
            Assert.That(Without(json, "precision").ToJsonString(), Is.EqualTo(fixedRun.ToJsonString()));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "convergence.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct(), Is.EqualTo(s_runs));
        }
    }
}
