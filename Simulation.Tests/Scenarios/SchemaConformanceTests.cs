using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// Checks docs/scenario.schema.json (the schema editors use) against the scenario corpus: every shipped
/// and every small valid scenario conforms, and malformed files whose mistake a schema can see do not.
/// </summary>
public sealed class SchemaConformanceTests
{
    /// <summary>Malformed files whose one mistake is visible to the schema (unknown keys, types, enums, domains).</summary>
    private static readonly string[] SchemaDetectable =
    [
        "05-empty-file.yaml",
        "07-yaml-scalar.yaml",
        "09-json-array-top-level.yaml",
        "10-unknown-top-level-key-horzon.yaml",
        "11-unknown-node-key-diversoin.yaml",
        "12-unknown-edge-key-detecton.yaml",
        "17-unknown-cap-key-count.yaml",
        "20-unknown-selector-key-countries.yaml",
        "23-missing-name.yaml",
        "25-missing-horizon-periods.yaml",
        "30-missing-supplier-supply.yaml",
        "35-periods-not-a-number.yaml",
        "36-nodes-mapping-not-sequence.yaml",
        "53-diversion-above-one.yaml",
        "55-negative-supply.yaml",
        "57-bad-country-code.yaml",
        "62-unknown-distribution.yaml",
        "70-unknown-node-kind.yaml",
        "71-unknown-channel.yaml",
        "72-cap-per-invalid.yaml",
        "75-inspection-at-invalid.yaml",
        "81-supply-on-hub.yaml",
        "82-weight-on-illicit-edge.yaml",
        "87-licence-with-edge-selector.yaml",
    ];

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(ScenarioCorpus.SchemaPath));

    /// <summary>Every scenarios/*.yaml at the repository root and every file in Scenarios/Valid/.</summary>
    public static IEnumerable<TestCaseData> ConformingFiles()
    {
        var files = ScenarioCorpus.YamlFiles(Path.Combine(ScenarioCorpus.Root, "scenarios"))
            .Concat(ScenarioCorpus.YamlFiles(ScenarioCorpus.ValidDirectory));
        foreach (var path in files)
        {
            yield return new TestCaseData(path).SetArgDisplayNames(Path.GetRelativePath(ScenarioCorpus.Root, path));
        }
    }

    public static IEnumerable<TestCaseData> SchemaDetectableFiles() =>
        SchemaDetectable.Select(name => new TestCaseData(name).SetArgDisplayNames(name));

    [TestCaseSource(nameof(ConformingFiles))]
    public void ValidScenario_ConformsToSchema(string path)
    {
        var results = Evaluate(File.ReadAllText(path));

        Assert.That(results.IsValid, Is.True, () => $"{path} does not conform:\n{Describe(results)}");
    }

    [TestCaseSource(nameof(SchemaDetectableFiles))]
    public void SchemaDetectableMalformedFile_DoesNotConform(string name)
    {
        var path = Path.Combine(ScenarioCorpus.MalformedDirectory, name);
        Assert.That(File.Exists(path), Is.True, $"{path} is missing");

        var results = Evaluate(File.ReadAllText(path));

        Assert.That(results.IsValid, Is.False, $"{name} conforms to the schema, but its mistake should be visible to it");
    }

    [Test]
    public void Schema_IsValidDraft202012Schema()
    {
        var schemaJson = JsonNode.Parse(File.ReadAllText(ScenarioCorpus.SchemaPath));
        Assert.That(schemaJson?["$schema"]?.GetValue<string>(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));

        var results = MetaSchemas.Draft202012.Evaluate(schemaJson, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        Assert.That(results.IsValid, Is.True, () => Describe(results));
    }

    [Test]
    public void Schema_EveryKeyHasADescription()
    {
        var schemaJson = JsonNode.Parse(File.ReadAllText(ScenarioCorpus.SchemaPath))!;
        var missing = new List<string>();
        CollectPropertiesWithoutDescription(schemaJson, "#", missing);

        Assert.That(missing, Is.Empty, "properties without a description");
    }

    [Test]
    public void FormatDoc_CompleteExample_IsTheAnnotatedValidScenario()
    {
        var doc = File.ReadAllText(Path.Combine(ScenarioCorpus.Root, "docs", "scenario-format.md")).ReplaceLineEndings("\n");
        var section = doc.IndexOf("## Complete example", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThanOrEqualTo(0), "docs/scenario-format.md has no '## Complete example' section");
        const string Fence = "```yaml\n";
        var start = doc.IndexOf(Fence, section, StringComparison.Ordinal) + Fence.Length;
        var end = doc.IndexOf("```", start, StringComparison.Ordinal);
        var example = doc[start..end];

        var file = File.ReadAllText(Path.Combine(ScenarioCorpus.ValidDirectory, "04-annotated-example.yaml")).ReplaceLineEndings("\n");
        var withoutSchemaLine = file[(file.IndexOf('\n', StringComparison.Ordinal) + 1)..];

        Assert.That(example, Is.EqualTo(withoutSchemaLine), "the example in the format doc and Valid/04-annotated-example.yaml differ");
    }

    [Test]
    public void YamlToJson_KeepsNumbersNumbersAndInfinityAString()
    {
        var json = ScenarioCorpus.YamlToJson("a: 12\nb: 0.5\nc: 1.5e5\nd: .inf\ne: '12'\nf: NO\ng: true\nh: ~\ni: -3\n")!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(json["a"]!.GetValue<long>(), Is.EqualTo(12));
            Assert.That(json["b"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(json["c"]!.GetValue<double>(), Is.EqualTo(150000));
            Assert.That(json["d"]!.GetValue<string>(), Is.EqualTo(".inf"));
            Assert.That(json["e"]!.GetValue<string>(), Is.EqualTo("12"));
            Assert.That(json["f"]!.GetValue<string>(), Is.EqualTo("NO"));
            Assert.That(json["g"]!.GetValue<bool>(), Is.True);
            Assert.That(json["h"], Is.Null);
            Assert.That(json["i"]!.GetValue<long>(), Is.EqualTo(-3));
        }
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Value.Evaluate(ScenarioCorpus.YamlToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

    /// <summary>The errors on the failing branches only (passing if/anyOf branches are skipped).</summary>
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

            if (node.HasDetails)
            {
                foreach (var detail in node.Details)
                {
                    Walk(detail);
                }
            }
        }

        Walk(results);
        return string.Join('\n', lines.Distinct().Take(30));
    }

    private static void CollectPropertiesWithoutDescription(JsonNode node, string pointer, List<string> missing)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is null || key == "if")
                    {
                        // The properties of an `if` are conditions, not keys an editor offers.
                        continue;
                    }

                    if (key == "properties" && value is JsonObject properties)
                    {
                        foreach (var (name, property) in properties)
                        {
                            if (property is not JsonObject p || !p.ContainsKey("description"))
                            {
                                missing.Add($"{pointer}/properties/{name}");
                            }
                        }
                    }

                    CollectPropertiesWithoutDescription(value, $"{pointer}/{key}", missing);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        CollectPropertiesWithoutDescription(item, $"{pointer}/{i}", missing);
                    }
                }

                break;
        }
    }
}

/// <summary>Where the scenario corpus lives, and a YAML-to-JSON conversion that keeps YAML 1.2 scalar types.</summary>
internal static partial class ScenarioCorpus
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The repository root: the nearest directory above the test binaries holding ExportFlow.sln.</summary>
    public static string Root => _root.Value;

    public static string ScenariosDirectory => Path.Combine(Root, "Simulation.Tests", "Scenarios");

    public static string ValidDirectory => Path.Combine(ScenariosDirectory, "Valid");

    public static string MalformedDirectory => Path.Combine(ScenariosDirectory, "Malformed");

    public static string SchemaPath => Path.Combine(Root, "docs", "scenario.schema.json");

    /// <summary>The *.yaml files of a directory in ordinal order; none if the directory does not exist.</summary>
    public static IReadOnlyList<string> YamlFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Converts the first document of a YAML text to JSON; an empty document (or only comments) gives null.
    /// Plain scalars are resolved by the YAML 1.2 core schema (so numbers stay numbers, <c>NO</c> stays a
    /// string); quoted scalars stay strings; <c>.inf</c> and <c>.nan</c>, which JSON cannot hold, stay the
    /// strings they were written as (the schema accepts <c>.inf</c> for <c>demand</c>).
    /// </summary>
    public static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(
                pair.Key is YamlScalarNode key ? key.Value ?? "" : throw new InvalidDataException($"complex key at {pair.Key.Start}"),
                ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (CoreFloat().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    /// <summary>A YAML 1.2 core-schema float (integers are tried first).</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreFloat();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExportFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no ExportFlow.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
