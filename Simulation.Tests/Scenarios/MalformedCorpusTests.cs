using System.Globalization;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// Runs <c>exportflow validate</c> in-process on the malformed corpus (Scenarios/Malformed/, one mistake per
/// file, expected position and message fragment in expected.tsv) and on the valid scenarios.
/// </summary>
public sealed partial class MalformedCorpusTests
{
    private const int MinimumCorpusSize = 40;

    /// <summary>
    /// Every file in Malformed/ (except expected.tsv) with its row of expected.tsv: name, line, column, fragment
    /// (line 0 and an empty fragment when the file has no row, which the test reports).
    /// </summary>
    public static IEnumerable<TestCaseData> MalformedFiles()
    {
        var expected = ReadExpectations();
        foreach (var path in Directory.EnumerateFiles(ScenarioCorpus.MalformedDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name == "expected.tsv")
            {
                continue;
            }

            var row = expected.GetValueOrDefault(name);
            yield return new TestCaseData(name, row?.Line ?? 0, row?.Column ?? 0, row?.Fragment ?? "").SetArgDisplayNames(name);
        }
    }

    public static IEnumerable<TestCaseData> ValidFiles() =>
        ScenarioCorpus.YamlFiles(ScenarioCorpus.ValidDirectory)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(path)));

    [TestCaseSource(nameof(MalformedFiles))]
    public void Validate_MalformedFile_ReportsTheMistakeWhereItIs(string name, int line, int column, string fragment)
    {
        Assert.That(line, Is.Positive, $"{name} has no row in Malformed/expected.tsv");
        var path = Path.Combine(ScenarioCorpus.MalformedDirectory, name);

        var (code, output) = Validate(path);

        var position = string.Create(CultureInfo.InvariantCulture, $"{name}:{line}:{column}:");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(2), $"exit code; output:\n{output}");
            Assert.That(output, Does.Contain(position), $"no diagnostic at {position}; output:\n{output}");
            Assert.That(WithoutPath(output, path), Does.Contain(fragment).IgnoreCase,
                $"no diagnostic mentions '{fragment}'; output:\n{output}");
            AssertNoStackTrace(output);
        }
    }

    [Test]
    public void Corpus_EveryExpectationHasAFile_AndTheCorpusIsLargeEnough()
    {
        var expected = ReadExpectations();
        var missing = expected.Keys.Where(name => !File.Exists(Path.Combine(ScenarioCorpus.MalformedDirectory, name))).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing, Is.Empty, "rows of expected.tsv without a file");
            Assert.That(expected, Has.Count.GreaterThanOrEqualTo(MinimumCorpusSize));
        }
    }

    [TestCaseSource(nameof(ValidFiles))]
    public void Validate_ValidFile_ExitsZeroAndSaysOk(string path)
    {
        var (code, output) = Validate(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, $"exit code; output:\n{output}");
            Assert.That(output, Does.Contain("OK"));
            AssertNoStackTrace(output);
        }
    }

    [Test]
    public void Validate_MissingFile_ExitsTwoAndNamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exportflow-no-such-scenario-{Guid.NewGuid():N}.yaml");

        var (code, output) = Validate(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(2), $"exit code; output:\n{output}");
            Assert.That(output, Does.Contain(path));
            AssertNoStackTrace(output);
        }
    }

    [Test]
    public void Validate_DirectoryGivenAsFile_ExitsTwoAndNamesIt()
    {
        var path = ScenarioCorpus.ValidDirectory;

        var (code, output) = Validate(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(2), $"exit code; output:\n{output}");
            Assert.That(output, Does.Contain(path));
            AssertNoStackTrace(output);
        }
    }

    [Test]
    public void Validate_ValidThenMalformed_SaysOkForTheFirstAndReportsTheSecond()
    {
        var valid = Path.Combine(ScenarioCorpus.ValidDirectory, "01-minimal.yaml");
        const string MalformedName = "53-diversion-above-one.yaml";
        var malformed = Path.Combine(ScenarioCorpus.MalformedDirectory, MalformedName);
        var expected = ReadExpectations()[MalformedName];
        var position = string.Create(CultureInfo.InvariantCulture, $"{MalformedName}:{expected.Line}:{expected.Column}:");

        var (code, output) = Run("validate", valid, malformed);

        var lines = output.ReplaceLineEndings("\n").Split('\n');
        var okLine = Array.FindIndex(lines, l => l.Contains("01-minimal.yaml", StringComparison.Ordinal) && l.Contains("OK", StringComparison.Ordinal));
        var diagnosticLine = Array.FindIndex(lines, l => l.Contains(position, StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(2), $"exit code; output:\n{output}");
            Assert.That(okLine, Is.GreaterThanOrEqualTo(0), $"no line says 01-minimal.yaml is OK; output:\n{output}");
            Assert.That(diagnosticLine, Is.GreaterThan(okLine), $"no diagnostic at {position} after the OK line; output:\n{output}");
            Assert.That(lines.Any(l => l.Contains(MalformedName, StringComparison.Ordinal) && l.TrimEnd().EndsWith("OK", StringComparison.Ordinal)),
                Is.False, $"{MalformedName} is reported OK; output:\n{output}");
            AssertNoStackTrace(output);
        }
    }

    private static (int Code, string Output) Validate(string path) => Run("validate", path);

    private static (int Code, string Output) Run(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 500;
        var code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    /// <summary>The output with the file's path and name removed, so a fragment cannot match the file name.</summary>
    private static string WithoutPath(string output, string path) =>
        output.Replace(path, "", StringComparison.Ordinal).Replace(Path.GetFileName(path), "", StringComparison.Ordinal);

    private static void AssertNoStackTrace(string output)
    {
        Assert.That(StackFrameLine().IsMatch(output), Is.False, $"the output holds a stack trace:\n{output}");
        Assert.That(output, Does.Not.Contain("Exception"), "the output names an exception");
    }

    /// <summary>Rows of Malformed/expected.tsv: file, line, column, fragment; '#' starts a comment line.</summary>
    private static Dictionary<string, Expectation> ReadExpectations()
    {
        var result = new Dictionary<string, Expectation>(StringComparer.Ordinal);
        var tsv = Path.Combine(ScenarioCorpus.MalformedDirectory, "expected.tsv");
        foreach (var line in File.ReadLines(tsv))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 4)
            {
                throw new InvalidDataException($"expected.tsv: '{line}' does not have 4 tab-separated fields");
            }

            var row = new Expectation(
                fields[0],
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[2], CultureInfo.InvariantCulture),
                fields[3]);
            if (!result.TryAdd(row.File, row))
            {
                throw new InvalidDataException($"expected.tsv: {row.File} appears twice");
            }
        }

        return result;
    }

    /// <summary>One row of expected.tsv.</summary>
    private sealed record Expectation(string File, int Line, int Column, string Fragment);

    [GeneratedRegex(@"^\s+at ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StackFrameLine();
}
