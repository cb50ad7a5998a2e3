using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>The calibration data in seeds/ and the bundled scenarios that cite it.</summary>
public partial class SeedDataTests
{
    private static readonly string[] s_numericColumns = ["value", "low", "high"];

    [GeneratedRegex(@"#\s*seed:\s*([A-Za-z0-9_.-]+(\s*,\s*[A-Za-z0-9_.-]+)*)")]
    private static partial Regex SeedComment();

    [GeneratedRegex(@"(?<![A-Za-z_0-9.])-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();

    private static string SeedsDirectory => Path.Combine(CliTestHelper.RepositoryRoot(), "seeds");

    /// <summary>Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines).</summary>
    internal static List<Dictionary<string, string>> ReadCsv(string path)
    {
        string text = File.ReadAllText(path);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        string[] header = [.. rows[0]];
        return [.. rows.Skip(1).Where(r => r.Count > 1).Select(r => header.Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(x => x.h, x => x.v))];
    }

    [Test]
    public void Facts_EveryRow_HasASourceAReliabilityAKindAndAUniqueId()
    {
        var rows = ReadCsv(Path.Combine(SeedsDirectory, "facts.csv"));
        Assert.That(rows, Has.Count.GreaterThan(30));
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                Assert.That(row["source"], Is.Not.Empty, row["id"]);
                Assert.That(row["reliability"], Is.AnyOf("primary", "secondary"), row["id"]);
                Assert.That(row["kind"], Is.AnyOf("evidence", "prior"), row["id"]);
                Assert.That(row["date"], Does.Match(@"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$"), row["id"]);
            }

            Assert.That(rows.Select(r => r["id"]), Is.Unique);
        });
    }

    [Test]
    public void Assumptions_EveryRow_StatesItsBasis()
    {
        var rows = ReadCsv(Path.Combine(SeedsDirectory, "assumptions.csv"));
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                Assert.That(row["basis"], Is.Not.Empty, row["id"]);
            }

            Assert.That(rows.Select(r => r["id"]), Is.Unique);
        });
    }

    [TestCaseSource(typeof(CliTestHelper), nameof(CliTestHelper.BundledScenarios))]
    public void Scenario_EveryCitedNumber_MatchesItsSeedRow(string scenario)
    {
        var rows = ReadCsv(Path.Combine(SeedsDirectory, "facts.csv")).Concat(ReadCsv(Path.Combine(SeedsDirectory, "assumptions.csv")))
            .ToDictionary(r => r["id"], r => s_numericColumns
                .Select(k => double.TryParse(r[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN)
                .Where(double.IsFinite).ToArray());
        int cited = 0;
        Assert.Multiple(() =>
        {
            string[] lines = File.ReadAllLines(scenario);
            for (int i = 0; i < lines.Length; i++)
            {
                Match m = SeedComment().Match(lines[i]);
                if (!m.Success)
                {
                    continue;
                }

                string[] ids = [.. m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)];
                string where = $"{Path.GetFileName(scenario)}:{i + 1} cites '{string.Join(", ", ids)}'";
                string? unknown = ids.FirstOrDefault(id => !rows.ContainsKey(id));
                if (unknown is not null)
                {
                    Assert.Fail($"{where}, but '{unknown}' is not a row of seeds/facts.csv or seeds/assumptions.csv");
                    continue;
                }

                double[] numbers = [.. ids.SelectMany(id => rows[id])];
                string code = lines[i][..lines[i].IndexOf('#', StringComparison.Ordinal)];
                string value = code.Contains(':', StringComparison.Ordinal) ? code[(code.IndexOf(':', StringComparison.Ordinal) + 1)..] : code;
                foreach (Match n in Number().Matches(value))
                {
                    double x = double.Parse(n.Value, CultureInfo.InvariantCulture);
                    cited++;
                    Assert.That(numbers.Any(v => Math.Abs(v - x) <= 1e-9 * Math.Max(1, Math.Abs(v))), Is.True,
                        $"{where}: {x} is none of the row's value/low/high ({string.Join(", ", numbers)})");
                }
            }
        });
        Assert.That(cited, Is.GreaterThan(0), "a bundled scenario cites its numbers with '# seed: <id>'");
    }
}
