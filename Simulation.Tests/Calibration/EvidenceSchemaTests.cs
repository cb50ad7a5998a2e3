using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Tests.Scenarios;
using Json.Schema;

namespace ExportFlow.Simulation.Tests.Calibration;

/// <summary>
/// Checks docs/evidence.schema.json (the schema editors use for evidence files) against the bundled evidence, the
/// loader's keys and the error models and outcomes the loader accepts.
/// </summary>
public sealed class EvidenceSchemaTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromFile(SchemaPath));

    private static string SchemaPath => Path.Combine(ScenarioCorpus.Root, "docs", "evidence.schema.json");

    private static JsonNode SchemaJson => JsonNode.Parse(File.ReadAllText(SchemaPath))!;

    /// <summary>Every evidence/*.yaml at the repository root.</summary>
    public static IEnumerable<TestCaseData> BundledEvidenceFiles() =>
        ScenarioCorpus.YamlFiles(Path.Combine(ScenarioCorpus.Root, "evidence"))
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetRelativePath(ScenarioCorpus.Root, p)));

    [Test]
    public void BundledEvidenceFiles_Exist()
    {
        Assert.That(BundledEvidenceFiles().Count(), Is.GreaterThan(0), "evidence/ holds no *.yaml");
    }

    [TestCaseSource(nameof(BundledEvidenceFiles))]
    public void BundledEvidence_ConformsToSchema(string path)
    {
        var results = Evaluate(File.ReadAllText(path));

        Assert.That(results.IsValid, Is.True, () => $"{path} does not conform:\n{Describe(results)}");
    }

    [Test]
    public void Schema_IsValidDraft202012Schema()
    {
        JsonNode schema = SchemaJson;
        Assert.That(schema["$schema"]?.GetValue<string>(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));

        var results = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        Assert.That(results.IsValid, Is.True, () => Describe(results));
    }

    [Test]
    public void Schema_TopLevelKeys_EqualTheLoadersKeys()
    {
        string[] schemaKeys = [.. SchemaJson["properties"]!.AsObject().Select(p => p.Key)];

        Assert.That(schemaKeys, Is.EquivalentTo(LoaderKeys("s_topKeys")));
    }

    [Test]
    public void Schema_ObservationKeys_EqualTheLoadersKeys()
    {
        string[] schemaKeys = [.. SchemaJson["$defs"]!["observation"]!["properties"]!.AsObject().Select(p => p.Key)];

        Assert.That(schemaKeys, Is.EquivalentTo(LoaderKeys("s_observationKeys")));
    }

    [Test]
    public void Schema_EveryKeyHasADescription()
    {
        var missing = new List<string>();
        JsonNode schema = SchemaJson;
        foreach (var (owner, properties) in new[] { ("#", schema["properties"]!), ("#/$defs/observation", schema["$defs"]!["observation"]!["properties"]!) })
        {
            missing.AddRange(properties.AsObject().Where(p => p.Value?["description"] is null).Select(p => $"{owner}/properties/{p.Key}"));
        }

        Assert.That(missing, Is.Empty, "properties without a description");
    }

    [Test]
    public void OutcomePattern_AcceptsEveryOutcomeTheLoaderAccepts()
    {
        var pattern = new Regex(ObservationPattern("outcome"));
        string[] terms = [.. Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key), "leaked.source[MY]", "leaked.transit[HK]", "billed[SG]", "received[MY]"];
        string[] written = [.. terms, "received[SG] / supply", "billed[SG]/supply", "leaked / illicitDemand"];

        Assert.Multiple(() =>
        {
            foreach (string text in written)
            {
                Assert.That(ObservationTarget.TryParse(text, out string problem), Is.Not.Null, $"the loader rejects '{text}': {problem}");
                Assert.That(pattern.IsMatch(text), Is.True, $"the schema rejects '{text}', which the loader accepts");
            }
        });
    }

    [TestCase("leakd")]
    [TestCase("received")]
    [TestCase("received[]")]
    [TestCase("supply / leaked / delivered")]
    [TestCase("shipped[MY]")]
    public void OutcomePattern_RejectsWhatTheLoaderRejects(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ObservationTarget.TryParse(text, out _), Is.Null, $"the loader accepts '{text}'");
            Assert.That(new Regex(ObservationPattern("outcome")).IsMatch(text), Is.False, $"the schema accepts '{text}'");
        });
    }

    [TestCase("normal(5000)", true)]
    [TestCase("lognormal(0.3)", true)]
    [TestCase(" atLeast( 1 ) ", true)]
    [TestCase("atMost(0.006)", true)]
    [TestCase("between(1000, 5000, 500)", true)]
    [TestCase("between(1e3,5e3,5e2)", true)]
    [TestCase("gamma(2)", false)]
    [TestCase("lognormal(0.1, 0.2)", false)]
    [TestCase("between(1, 2)", false)]
    [TestCase("lognormal", false)]
    [TestCase("lognormal(x)", false)]
    public void ErrorPattern_AgreesWithTheLoader(string text, bool valid)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorModel.TryParse(text, out _) is not null, Is.EqualTo(valid), $"the loader on '{text}'");
            Assert.That(new Regex(ObservationPattern("error")).IsMatch(text), Is.EqualTo(valid), $"the schema on '{text}'");
        });
    }

    [TestCase("evidence:\n  - id: a\n    outcome: leaked\n    observed: 1\n    error: normal(1)\n    source: s\n    sorce: t\n", TestName = "Schema_UnknownObservationKey_DoesNotConform")]
    [TestCase("evidense: []\n", TestName = "Schema_UnknownTopLevelKey_DoesNotConform")]
    [TestCase("evidence: []\n", TestName = "Schema_EmptyEvidence_DoesNotConform")]
    [TestCase("evidence:\n  - id: a\n    outcome: leaked\n    error: normal(1)\n    source: s\n", TestName = "Schema_MissingObservedWithNormalError_DoesNotConform")]
    [TestCase("evidence:\n  - id: a\n    outcome: leaked\n    observed: 1\n    source: s\n", TestName = "Schema_MissingError_DoesNotConform")]
    [TestCase("evidence:\n  - id: a b\n    outcome: leaked\n    observed: 1\n    error: normal(1)\n    source: s\n", TestName = "Schema_IdWithSpace_DoesNotConform")]
    [TestCase("evidence:\n  - id: a\n    outcome: leaked\n    periods: [1, 2, 3]\n    observed: 1\n    error: normal(1)\n    source: s\n", TestName = "Schema_ThreePeriodBounds_DoesNotConform")]
    [TestCase("evidence:\n  - id: a\n    outcome: leaked\n    observed: 1\n    error: normal(1)\n    source: ' '\n", TestName = "Schema_BlankSource_DoesNotConform")]
    public void Schema_MistakeItCanSee_DoesNotConform(string yaml)
    {
        Assert.That(Evaluate(yaml).IsValid, Is.False);
    }

    [Test]
    public void Schema_BetweenWithoutObserved_Conforms()
    {
        var results = Evaluate("evidence:\n  - id: a\n    outcome: leaked.source[MY]\n    periods: 3\n    error: between(1000, 5000, 500)\n    source: s\n");

        Assert.That(results.IsValid, Is.True, () => Describe(results));
    }

    [Test]
    public void CalibrationDoc_NamesEveryOutcomeErrorModelAndKey()
    {
        string doc = File.ReadAllText(Path.Combine(ScenarioCorpus.Root, "docs", "calibration.md"));
        string[] names = [.. Enum.GetValues<Outcome>().Select(o => $"`{RunSummaryWriter.Key(o)}`"),
            "`normal(sd)`", "`lognormal(sigma)`", "`atLeast(width)`", "`atMost(width)`", "`between(lo, hi, width)`",
            .. LoaderKeys("s_topKeys").Concat(LoaderKeys("s_observationKeys")).Select(k => $"| `{k}` |")];

        Assert.That(names.Where(n => !doc.Contains(n, StringComparison.Ordinal)), Is.Empty, "docs/calibration.md does not describe these");
    }

    private static string[] LoaderKeys(string field) =>
        (string[])typeof(EvidenceLoader).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static string ObservationPattern(string key) =>
        SchemaJson["$defs"]!["observation"]!["properties"]![key]!["pattern"]!.GetValue<string>();

    private static EvaluationResults Evaluate(string yaml) =>
        s_schema.Value.Evaluate(ScenarioCorpus.YamlToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

    private static string Describe(EvaluationResults results)
    {
        var lines = new List<string>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }

            if (node.HasErrors)
            {
                lines.AddRange(node.Errors!.Select(e => $"  {node.InstanceLocation} ({e.Key}): {e.Value}"));
            }

            foreach (var detail in node.HasDetails ? node.Details : [])
            {
                Walk(detail);
            }
        }

        Walk(results);
        return string.Join('\n', lines.Distinct().Take(30));
    }
}
