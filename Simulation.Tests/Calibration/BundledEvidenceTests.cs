using System.Text.RegularExpressions;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;
using ExportFlow.Simulation.Tests.Scenarios;

namespace ExportFlow.Simulation.Tests.Calibration;

/// <summary>
/// The evidence files in evidence/: each loads against its scenario without a diagnostic, and every observation's
/// source names rows of seeds/facts.csv that are public observations (kind = evidence), never another study's
/// estimate (kind = prior).
/// </summary>
public sealed partial class BundledEvidenceTests
{
    [GeneratedRegex(@"^\s*seeds/facts\.csv:\s*(?<ids>[A-Za-z0-9_.-]+(\s*,\s*[A-Za-z0-9_.-]+)*)\s*$")]
    private static partial Regex FactsSource();

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> s_facts = new(() =>
        SeedDataTests.ReadCsv(Path.Combine(CliTestHelper.RepositoryRoot(), "seeds", "facts.csv")).ToDictionary(r => r["id"], StringComparer.Ordinal));

    public static IEnumerable<TestCaseData> BundledEvidenceFiles() => EvidenceSchemaTests.BundledEvidenceFiles();

    [TestCaseSource(nameof(BundledEvidenceFiles))]
    public void BundledEvidence_LoadsAgainstItsScenario_WithoutDiagnostics(string path)
    {
        Scenario scenario = ScenarioOf(path);

        EvidenceLoadResult result = EvidenceLoader.Load(path, scenario);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
            Assert.That(result.Evidence, Is.Not.Null);
            Assert.That(result.Evidence?.Scenario, Is.EqualTo(scenario.Name), "the file names its scenario with 'scenario:'");
        });
    }

    [TestCaseSource(nameof(BundledEvidenceFiles))]
    public void BundledEvidence_EverySource_NamesEvidenceRowsOfFactsCsv(string path)
    {
        EvidenceFile evidence = EvidenceLoader.Load(path, ScenarioOf(path)).Evidence!;

        Assert.Multiple(() =>
        {
            foreach (Observation o in evidence.Observations)
            {
                Match m = FactsSource().Match(o.Source);
                if (!m.Success)
                {
                    Assert.Fail($"{o.Id}: source '{o.Source}' is not \"seeds/facts.csv: <row id>[, <row id> ...]\"");
                    continue;
                }

                foreach (string id in m.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!s_facts.Value.TryGetValue(id, out var row))
                    {
                        Assert.Fail($"{o.Id}: '{id}' is not a row of seeds/facts.csv");
                        continue;
                    }

                    Assert.That(row["kind"], Is.EqualTo("evidence"), $"{o.Id}: '{id}' is a prior (another study's estimate or a judgment), not evidence");
                }
            }
        });
    }

    [Test]
    public void Baseline2024Evidence_Calibrated_PullsHubInflowsTowardsTheObservations()
    {
        string path = Path.Combine(CliTestHelper.RepositoryRoot(), "evidence", "baseline-2024.yaml");
        Scenario scenario = ScenarioOf(path);
        EvidenceFile evidence = EvidenceLoader.Load(path, scenario).Evidence!;
        var model = new EngineCalibrationModel(scenario, PlanCompiler.Compile(scenario, null), evidence.Observations);
        int my = IndexOf(evidence, "my-gpu-imports-2024"), sg = IndexOf(evidence, "sg-physical-share-aug-oct-2024");

        SmcResult r = TemperedSmc.Run(model, new SmcOptions { Particles = 400, Seed = 2024, Threads = 2 });

        double observedMy = evidence.Observations[my].Observed;
        double priorMy = Median(r.PriorOutcomes, r.OutcomeCount, my), posteriorMy = Median(r.Outcomes, r.OutcomeCount, my);
        Assert.Multiple(() =>
        {
            Assert.That(Math.Abs(Math.Log(posteriorMy / observedMy)), Is.LessThan(Math.Abs(Math.Log(priorMy / observedMy))),
                $"received[MY]: prior median {priorMy:N0}, posterior median {posteriorMy:N0}, observed {observedMy:N0}");
            Assert.That(Median(r.Outcomes, r.OutcomeCount, sg), Is.LessThan(Median(r.PriorOutcomes, r.OutcomeCount, sg)),
                "the Singapore bound lowers the model's physical share");
        });
    }

    [TestCase("cnas-2024-smuggled-median")]
    [TestCase("cnas-2023-cloud-pathway")]
    [TestCase("epoch-smuggled-through-2025")]
    [TestCase("epoch-nvidia-stock-early2025")]
    [TestCase("omdia-hopper-msft-2024")]
    public void Facts_OtherStudiesEstimate_IsAPrior(string id)
    {
        Assert.That(s_facts.Value[id]["kind"], Is.EqualTo("prior"));
    }

    [TestCase("my-gpu-imports-jan-apr-2025")]
    [TestCase("sg-physical-share-q3fy25")]
    [TestCase("nvda-sg-billing-share-q1fy26")]
    [TestCase("alx-shipments")]
    public void Facts_PublicObservation_IsEvidence(string id)
    {
        Assert.That(s_facts.Value[id]["kind"], Is.EqualTo("evidence"));
    }

    [Test]
    public void Facts_File_KeepsCrlfLineEnds()
    {
        string text = File.ReadAllText(Path.Combine(CliTestHelper.RepositoryRoot(), "seeds", "facts.csv"));
        int lf = text.Count(c => c == '\n');

        Assert.That(Regex.Count(text, "\r\n"), Is.EqualTo(lf).And.GreaterThan(0), "every line of facts.csv ends in CRLF (RFC 4180)");
    }

    private static int IndexOf(EvidenceFile evidence, string id) =>
        evidence.Observations.Select((o, i) => (o, i)).Single(x => x.o.Id == id).i;

    private static double Median(double[] rows, int stride, int column)
    {
        double[] values = [.. Enumerable.Range(0, rows.Length / stride).Select(i => rows[(i * stride) + column]).Order()];
        return values[values.Length / 2];
    }

    // The scenario named by the file's 'scenario:' key, read from scenarios/<name>.yaml.
    private static Scenario ScenarioOf(string evidencePath)
    {
        Match m = Regex.Match(File.ReadAllText(evidencePath), @"(?m)^scenario:\s*(?<name>[A-Za-z0-9_.-]+)\s*$");
        Assert.That(m.Success, Is.True, $"{evidencePath} has no top-level 'scenario:' naming its scenario");
        string scenarioPath = Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", m.Groups["name"].Value + ".yaml");
        LoadResult loaded = ScenarioLoader.Load(scenarioPath);
        Assert.That(loaded.Scenario, Is.Not.Null, $"{scenarioPath} does not load");
        return loaded.Scenario!;
    }
}
