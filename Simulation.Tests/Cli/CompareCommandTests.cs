using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Tests.Analysis;
using static ExportFlow.Simulation.Tests.Analysis.ComparisonScenarios;

namespace ExportFlow.Simulation.Tests.Cli;

public partial class CompareCommandTests
{
    private static readonly string[] s_allRuns = ["baseline", "inspect-a", "kyc-b", "no-op"];
    private static readonly string[] s_policies = ["inspect-a", "kyc-b", "no-op"];
    private static readonly string[] s_singapore = ["SG"];
    private static readonly string[] s_referenceRuns = ["kyc-b", "inspect-a", "baseline"];
    private static readonly string[] s_referenceDefaultRuns = ["inspect-a", "baseline", "kyc-b", "no-op"];

    private static double Mean(JsonElement stats) => stats.GetProperty("mean").GetDouble();

    private static double StandardError(JsonElement stats) => stats.GetProperty("standardError").GetDouble();

    /// <summary>Allocated flow on a single-edge route: leaked on the route plus interdicted on its edge.</summary>
    private static double AllocatedMean(JsonElement summary, string edge) =>
        Mean(Row(summary.GetProperty("byRoute"), "route", edge).GetProperty("leaked"))
        + Mean(Row(summary.GetProperty("interdictedByEdge"), "edge", edge).GetProperty("interdicted"));

    [TestCase("baseline", DetectionA)]
    [TestCase("inspect-a", DetectionAInspected)]
    public void Compare_RaisingHubADetection_MovesShareToHubBAsPathSizeLogitPredicts(string run, double detectionA)
    {
        // Arrange: demand far below capacity, so the allocation is D·w_k with w from the logit over
        // c_k = cost_k + penalty·p_k (single-edge routes: every path size is 1).
        string file = WriteScenario(TwoHubs());
        (double wA, double wB) = Weights(detectionA);
        const double MeanTotalDemand = Periods * 100.0;

        // Act
        var (json, _, _) = Compare(file, "--policy", "inspect-a", "--trials", "2000");
        JsonElement summary = RunOf(json, run).GetProperty("summary");
        double demand = Mean(summary.GetProperty("illicitDemand"));
        double demandSe = StandardError(summary.GetProperty("illicitDemand"));
        double xA = AllocatedMean(summary, "a-cn"), xB = AllocatedMean(summary, "b-cn");
        JsonElement leakedB = Row(summary.GetProperty("byRoute"), "route", "b-cn").GetProperty("leaked");

        // Assert
        Assert.Multiple(() =>
        {
            // x_k = D·w_k holds in every trial, so it holds for the means up to rounding.
            Assert.That(xB, Is.EqualTo(demand * wB).Within(1e-9).Percent, "x_B = D·w_B");
            Assert.That(xA, Is.EqualTo(demand * wA).Within(1e-9).Percent, "x_A = D·w_A");

            // Against the closed form E[D] = 12·100: a few standard errors of the demand draw.
            Assert.That(xB, Is.EqualTo(MeanTotalDemand * wB).Within(4 * demandSe * wB), "E[x_B] = E[D]·w_B");

            // Transit: E[leaked_B] = (1 − p_B)·x_B, within a few standard errors of the binomial draws.
            Assert.That(Mean(leakedB), Is.EqualTo((1 - DetectionB) * MeanTotalDemand * wB).Within(4 * (StandardError(leakedB) + (demandSe * wB))));
        });
    }

    [TestCase("baseline", DetectionA)]
    [TestCase("inspect-a", DetectionAInspected)]
    public void Compare_WithPremium_DetersExactlyDOverOnePlusS(string run, double detectionA)
    {
        // Arrange: a literal demand makes deterrence deterministic: deterred = D − D·S/(1 + S) per period.
        string file = WriteScenario(TwoHubs(demand: "100", premium: true));
        double s = DeterrenceSum(detectionA);
        double expected = Periods * (100 - (100 * s / (1 + s)));

        // Act
        var (json, _, _) = Compare(file, "--policy", "inspect-a", "--trials", "300");
        JsonElement summary = RunOf(json, run).GetProperty("summary");
        JsonElement deterred = summary.GetProperty("deterred");

        // Assert
        (_, double wB) = Weights(detectionA);
        Assert.Multiple(() =>
        {
            Assert.That(Mean(deterred), Is.EqualTo(expected).Within(1e-9).Percent);
            Assert.That(deterred.GetProperty("stdDev").GetDouble(), Is.LessThan(1e-9));
            Assert.That(AllocatedMean(summary, "b-cn"), Is.EqualTo((Periods * 100 - expected) * wB).Within(1e-9).Percent, "x_B = D′·w_B");
        });
    }

    [Test]
    public void Compare_PolicyScalingBindingDiversion_PairedIntervalNarrowerThanIndependent()
    {
        // Arrange: capacity binds, so leakage under the baseline and under 'kyc' both rise with the same
        // supply draw and the same transit uniforms (inversion): a positive covariance, which makes
        // Var(P − B) < Var(P) + Var(B).
        string file = WriteScenario(Binding);

        // Act
        var (json, _, _) = Compare(file, "--trials", "4000");
        JsonElement leaked = ComparisonOf(json, "kyc").GetProperty("paired").GetProperty("leaked");
        double paired = leaked.GetProperty("pairedIntervalWidth").GetDouble();
        double independent = leaked.GetProperty("independentIntervalWidth").GetDouble();

        // Assert: with leakage under 'kyc' ≈ 0.8 × the baseline's in every trial, Var(P − B) ≈ 0.04·s_B²
        // against s_B² + s_P² ≈ 1.64·s_B², so the paired width is about 0.2/√1.64 ≈ 0.16 of the other.
        Assert.Multiple(() =>
        {
            Assert.That(paired, Is.LessThan(independent));
            Assert.That(paired / independent, Is.EqualTo(0.2 / Math.Sqrt(1.64)).Within(0.03));
            Assert.That(leaked.GetProperty("relativeReduction").GetDouble(), Is.EqualTo(0.2).Within(0.01), "capacity, and so leakage, falls by 20%");
        });
    }

    [Test]
    public void Compare_NoOpPolicy_GivesZeroDifferenceInEveryTrial()
    {
        // Arrange
        string file = WriteScenario(TwoHubs());

        // Act
        var (json, _, output) = Compare(file, "--policy", "no-op", "--trials", "1500");
        JsonElement comparison = ComparisonOf(json, "no-op");

        // Assert
        Assert.Multiple(() =>
        {
            foreach (JsonProperty outcome in comparison.GetProperty("paired").EnumerateObject())
            {
                Assert.That(outcome.Value.GetProperty("probabilityEqual").GetDouble(), Is.EqualTo(1.0), outcome.Name);
                Assert.That(outcome.Value.GetProperty("meanDifference").GetDouble(), Is.Zero, outcome.Name);
            }

            Assert.That(comparison.GetProperty("verdict").GetString(), Does.StartWith("changes nothing"));
            Assert.That(output, Does.Contain("no-op: changes nothing"));
        });
    }

    [Test]
    public void Compare_DefaultPolicies_ComparesEveryPolicyInFileOrder()
    {
        // Arrange
        string file = WriteScenario(TwoHubs());

        // Act
        var (json, @out, _) = Compare(file, "--trials", "600");

        // Assert
        string?[] runs = [.. json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString())];
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(s_allRuns));
            Assert.That(json.RootElement.GetProperty("kind").GetString(), Is.EqualTo("policies"));
            Assert.That(File.Exists(Path.Combine(@out, "manifest.json")), Is.True);
        });
    }

    [Test]
    public void Compare_VerdictEndToEnd_MatchesTheNumbersInComparisonJson()
    {
        // Arrange: inspecting hub A (SG) cuts leakage a little and moves most of SG's flow to MY.
        string file = WriteScenario(TwoHubs());

        // Act
        var (json, _, output) = Compare(file, "--policy", "inspect-a", "--trials", "3000");
        JsonElement c = ComparisonOf(json, "inspect-a");
        string verdict = c.GetProperty("verdict").GetString()!;
        JsonElement leaked = c.GetProperty("paired").GetProperty("leaked");
        JsonElement my = Row(c.GetProperty("displacement").GetProperty("bySourceCountry"), "country", "MY");
        Match cut = CutPattern().Match(verdict);
        Match moved = DisplacementPattern().Match(verdict);

        // Closed form of the displacement share: MY's rise over SG's fall, from the logit weights.
        (double wA, double wB) = Weights(DetectionA);
        (double wA2, double wB2) = Weights(DetectionAInspected);
        double share = (1 - DetectionB) * (wB2 - wB) / (((1 - DetectionA) * wA) - ((1 - DetectionAInspected) * wA2));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(leaked.GetProperty("differenceHigh").GetDouble(), Is.LessThan(0), "the interval excludes zero");
            Assert.That(cut.Success, Is.True, verdict);
            Assert.That(double.Parse(cut.Groups["r"].Value, CultureInfo.InvariantCulture), Is.EqualTo(100 * leaked.GetProperty("relativeReduction").GetDouble()).Within(0.051));
            Assert.That(double.Parse(cut.Groups["hw"].Value, CultureInfo.InvariantCulture), Is.EqualTo(50 * (leaked.GetProperty("relativeReductionHigh").GetDouble() - leaked.GetProperty("relativeReductionLow").GetDouble())).Within(0.051));
            Assert.That(verdict, Does.Contain($"trial by trial the change runs from {Verdict.Signed(leaked.GetProperty("differenceP05").GetDouble())} to {Verdict.Signed(leaked.GetProperty("differenceP95").GetDouble())} H100e (5th–95th percentile)"));
            Assert.That(moved.Success, Is.True, verdict);
            Assert.That(double.Parse(moved.Groups["share"].Value, CultureInfo.InvariantCulture), Is.EqualTo(100 * my.GetProperty("share").GetDouble()).Within(0.5));
            Assert.That(my.GetProperty("share").GetDouble(), Is.EqualTo(share).Within(0.02), "closed-form displacement share");
            Assert.That(verdict, Does.Contain("no clear change in legitimate deliveries").Or.Contain("legitimate deliveries unchanged"), "diverted totals are the same, so deliveries are too");
            Assert.That(output, Does.Contain(verdict));
        });
    }

    [Test]
    public void Compare_TwoCalibrations_PairsBaselinesByTrialAndLabelsByFile()
    {
        // Arrange: the same network with higher detection on A's route in the second file.
        string first = WriteScenario(TwoHubs(), "low.yaml");
        string second = WriteScenario(TwoHubs(detectionA: 0.3), "high.yaml");

        // Act
        var (json, _, output) = Compare(first, second, "--trials", "800");
        JsonElement c = ComparisonOf(json, "high.yaml");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("kind").GetString(), Is.EqualTo("files"));
            Assert.That(json.RootElement.GetProperty("reference").GetString(), Is.EqualTo("low.yaml"));
            Assert.That(c.GetProperty("displacement").GetProperty("targetedCountries").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(s_singapore));
            Assert.That(c.GetProperty("verdict").GetString(), Does.StartWith("mean leakage ").And.Contain("lower than low.yaml"));
            Assert.That(output, Does.Contain("high.yaml:"));
        });
    }

    [TestCase("b-cn", "b-cn2", "illicit edge 'b-cn2' is in")]
    [TestCase("country: MY, diversion", "country: TH, diversion", "node 'hub-b' is in country TH")]
    [TestCase("horizon: { periods: 12 }", "horizon: { periods: 36 }", "the horizon is 36 month(s) in")]
    [TestCase("horizon: { periods: 12 }", "horizon: { periods: 12, unit: week }", "the horizon is 12 week(s) in")]
    [TestCase("  - { id: mkt-b", "  - { id: mkt-c, kind: market, country: MY, demand: 5 }\n  - { id: mkt-b", "node 'mkt-c' is in")]
    public void Compare_FilesWithDifferentStructure_ExitsTwoNamingTheDifference(string from, string to, string expected)
    {
        // Arrange
        string first = WriteScenario(TwoHubs(), "a.yaml");
        string second = WriteScenario(TwoHubs().Replace(from, to, StringComparison.Ordinal), "b.yaml");

        // Act
        var (code, output) = Run("compare", first, second, "--trials", "10");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain(expected));
            Assert.That(output, Does.Contain("cannot be paired"));
            Assert.That(output, Does.Not.Contain("Exception"));
        });
    }

    private static JsonDocument CompareJson(params string[] args)
    {
        Tests.Cli.CliResult r = Run(["compare", .. args, "--format", "json", "--quiet"]);
        Assert.That(r.Code, Is.Zero, r.Output);
        return JsonDocument.Parse(r.Stdout);
    }

    private static double MeanDifference(JsonDocument json, string label) =>
        ComparisonOf(json, label).GetProperty("paired").GetProperty("leaked").GetProperty("meanDifference").GetDouble();

    [Test]
    public void Compare_ReferencePolicy_PairsAgainstItAndEqualsTheDifferenceOfTheBaselineComparisons()
    {
        // With common random numbers, every run sees the same trials, so E[Q − P] over the trials equals
        // E[Q − baseline] − E[P − baseline] over the same trials, to rounding.
        string file = WriteScenario(TwoHubs());
        using JsonDocument against = CompareJson(file, "--trials", "1500", "--reference", "kyc-b", "--policy", "inspect-a", "--policy", "baseline");
        using JsonDocument usual = CompareJson(file, "--trials", "1500", "--policy", "inspect-a", "--policy", "kyc-b");

        double expected = MeanDifference(usual, "inspect-a") - MeanDifference(usual, "kyc-b");
        Assert.Multiple(() =>
        {
            Assert.That(against.RootElement.GetProperty("reference").GetString(), Is.EqualTo("kyc-b"));
            Assert.That(against.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString()), Is.EqualTo(s_referenceRuns));
            Assert.That(MeanDifference(against, "inspect-a"), Is.EqualTo(expected).Within(1e-9 * Math.Max(1, Math.Abs(expected))));
            Assert.That(MeanDifference(against, "baseline"), Is.EqualTo(-MeanDifference(usual, "kyc-b")).Within(1e-9 * Math.Max(1, Math.Abs(expected))));
            Assert.That(ComparisonOf(against, "inspect-a").GetProperty("verdict").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public void Compare_ReferencePolicyWithoutPolicies_ComparesTheBaselineAndEveryOtherPolicy()
    {
        string file = WriteScenario(TwoHubs());

        using JsonDocument json = CompareJson(file, "--trials", "600", "--reference", "inspect-a");

        Assert.That(json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString()), Is.EqualTo(s_referenceDefaultRuns));
    }

    [Test]
    public void Compare_NoOpAgainstAReferencePolicy_SaysItEqualsTheReference()
    {
        string file = WriteScenario(TwoHubs());

        using JsonDocument json = CompareJson(file, "--trials", "600", "--reference", "no-op", "--policy", "baseline");

        Assert.That(ComparisonOf(json, "baseline").GetProperty("verdict").GetString(), Does.Contain("every outcome equals no-op's"));
    }

    [TestCase("--policy", "kyc-b", "is the --reference")]
    [TestCase("--policy", "no-op", "")]
    public void Compare_ReferenceMistakes_ExitTwo(string option, string value, string expected)
    {
        string file = WriteScenario(TwoHubs());

        var (code, output) = expected.Length > 0
            ? Run("compare", file, "--reference", "kyc-b", option, value, "--trials", "10")
            : Run("compare", file, "--reference", "kyc-z", option, value, "--trials", "10");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain(expected.Length > 0 ? expected : "'kyc-z'").And.Not.Contain("   at "));
        });
    }

    [Test]
    public void Compare_ReferenceWithSeveralFiles_ExitsTwo()
    {
        string first = WriteScenario(TwoHubs()), second = WriteScenario(TwoHubs());

        var (code, output) = Run("compare", first, second, "--reference", "kyc-b");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("--reference works with one file"));
        });
    }

    [Test]
    public void Compare_UnknownPolicy_ExitsTwoListingTheAvailableOnes()
    {
        string file = WriteScenario(TwoHubs());

        var (code, output) = Run("compare", file, "--policy", "inspect-z", "--trials", "10");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("'inspect-z'").And.Contain("inspect-a, kyc-b, no-op"));
        });
    }

    [Test]
    public void Compare_FileWithoutPolicies_ExitsTwoSayingSo()
    {
        string yaml = TwoHubs();
        string file = WriteScenario(yaml[..yaml.IndexOf("policies:", StringComparison.Ordinal)]);

        var (code, output) = Run("compare", file, "--trials", "10");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("has no policies"));
        });
    }

    [TestCase("--format", "xml")]
    [TestCase("--trials", "0")]
    public void Compare_BadOption_ExitsTwo(string option, string value)
    {
        string file = WriteScenario(TwoHubs());

        var (code, output) = Run("compare", file, option, value);

        Assert.That(code, Is.EqualTo(2), output);
    }

    [Test]
    public void Compare_PolicyWithSeveralFiles_ExitsTwo()
    {
        string first = WriteScenario(TwoHubs()), second = WriteScenario(TwoHubs());

        var (code, output) = Run("compare", first, second, "--policy", "inspect-a");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("--policy works with one file"));
        });
    }

    [Test]
    public void Compare_FormatCsv_PrintsOneRowPerPolicy()
    {
        string file = WriteScenario(TwoHubs());

        var result = Run("compare", file, "--format", "csv", "--trials", "300", "--threads", "2");
        var (code, output) = (result.Code, result.Stdout);

        string[] lines = output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[0], Does.StartWith("label,against,leakedMean,"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(s_policies));
        });
    }

    [Test]
    public void Compare_FormatJson_PrintsTheComparisonDocument()
    {
        string file = WriteScenario(TwoHubs());

        var result = Run("compare", file, "--format", "json", "--trials", "300", "--threads", "2", "--policy", "kyc-b");
        var (code, output) = (result.Code, result.Stdout);

        using var json = JsonDocument.Parse(output);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(json.RootElement.GetProperty("comparisons").GetArrayLength(), Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("runs")[1].GetProperty("summary").GetProperty("policy").GetString(), Is.EqualTo("kyc-b"));
        });
    }

    [Test]
    public void Compare_Cancelled_ExitsInterruptedAndStillWritesThePartialComparison()
    {
        // Arrange: cancelled before the first block, as Ctrl+C at once would.
        string file = WriteScenario(TwoHubs());
        string @out = NewOutDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var console = new Spectre.Console.Testing.TestConsole();
        console.Profile.Width = 400;

        // Act
        int code = ExportFlow.Simulation.Cli.CliApp.Run(["compare", file, "--trials", "100000", "--out", @out], console, cancel.Token);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(@out, "comparison.json")));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(130), console.Output);
            Assert.That(console.Output, Does.Contain("interrupted: partial result"));
            Assert.That(json.RootElement.GetProperty("partial").GetBoolean(), Is.True);
            Assert.That(File.Exists(Path.Combine(@out, "manifest.json")), Is.True);
        });
    }

    [Test]
    public void Compare_Json_EffectsNameMeanPrecisionApartFromSpread()
    {
        string file = WriteScenario(TwoHubs());

        var (json, _, _) = Compare(file, "--policy", "inspect-a", "--trials", "800");
        JsonElement c = ComparisonOf(json, "inspect-a");
        JsonElement paired = c.GetProperty("paired").GetProperty("leaked");
        JsonElement effect = c.GetProperty("effects").GetProperty("leaked");
        double Of(JsonElement e, string key) => e.GetProperty(key).GetDouble();

        Assert.Multiple(() =>
        {
            Assert.That(Of(effect, "meanChange"), Is.EqualTo(Of(paired, "meanDifference")));
            Assert.That(Of(effect, "meanChangeMcse"), Is.EqualTo(Of(paired, "pairedIntervalWidth") / (2 * 1.96)).Within(1e-12).Percent);
            Assert.That(Of(effect.GetProperty("meanChange95"), "low"), Is.EqualTo(Of(paired, "differenceLow")));
            Assert.That(Of(effect.GetProperty("meanChange95"), "high"), Is.EqualTo(Of(paired, "differenceHigh")));
            Assert.That(Of(effect, "meanRelativeChange"), Is.EqualTo(-Of(paired, "relativeReduction")));
            Assert.That(Of(effect.GetProperty("meanRelativeChange95"), "low"), Is.EqualTo(-Of(paired, "relativeReductionHigh")));
            Assert.That(Of(effect.GetProperty("spread"), "p05"), Is.EqualTo(Of(paired, "differenceP05")));
            Assert.That(Of(effect.GetProperty("spread"), "p95"), Is.EqualTo(Of(paired, "differenceP95")));
            Assert.That(Of(effect, "probabilityIncrease"), Is.EqualTo(Of(paired, "probabilityGreater")));
            Assert.That(Of(effect, "probabilityDecrease"), Is.EqualTo(Of(paired, "probabilityLess")));
            Assert.That(effect.GetProperty("withinNoise").GetBoolean(), Is.EqualTo(Of(paired, "differenceLow") <= 0 && Of(paired, "differenceHigh") >= 0));
            Assert.That(c.GetProperty("effects").GetProperty("delivered").GetProperty("meanChange").GetDouble(), Is.EqualTo(c.GetProperty("paired").GetProperty("delivered").GetProperty("meanDifference").GetDouble()));
        });
    }

    [Test]
    public void Compare_Out_WritesTheComparisonCsvWithBomListedInTheManifestAndSaysWhere()
    {
        string file = WriteScenario(TwoHubs());

        var (json, @out, output) = Compare(file, "--trials", "300");
        byte[] csv = File.ReadAllBytes(Path.Combine(@out, "comparison.csv"));
        string text = System.Text.Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(@out, "manifest.json")));
        string?[] files = [.. manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString())];

        Assert.Multiple(() =>
        {
            Assert.That(csv[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 byte-order mark, so Excel reads Δ and ± right");
            Assert.That(text, Does.StartWith("label,against,leakedMean,"));
            Assert.That(text.Trim().Split('\n'), Has.Length.EqualTo(1 + s_policies.Length));
            Assert.That(text, Does.Contain(ComparisonCsv(json, "inspect-a")));
            Assert.That(files, Does.Contain("comparison.csv"));
            Assert.That(output, Does.Contain($"comparison.csv").And.Contain(Path.GetFullPath(@out)));
        });
    }

    /// <summary>The CSV field of the verdict of <paramref name="label"/>: quoted, as it holds commas.</summary>
    private static string ComparisonCsv(JsonDocument json, string label) =>
        "\"" + ComparisonOf(json, label).GetProperty("verdict").GetString()!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^cuts mean leakage by (?<r>[0-9.]+)% \(Monte Carlo precision of this mean: ±(?<hw>[0-9.]+) percentage points\)")]
    private static partial Regex CutPattern();

    [GeneratedRegex(@"about (?<share>[0-9.]+)% of what left SG now leaves from MY")]
    private static partial Regex DisplacementPattern();
}
