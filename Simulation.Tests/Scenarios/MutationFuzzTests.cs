using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// A short, deterministic mutation pass over the scenario corpus (scenarios/, Valid/, Malformed/), in process:
/// every mutant must load without an escaping exception, within a time bound, with every diagnostic inside the
/// file and free of stack traces and of a NaN the user did not write; a mutant that loads must compile under the baseline and every policy
/// to a plan without NaN constants. AFL finds deeper cases (scripts/fuzz.sh, docs/fuzzing.md); this keeps CI honest.
/// Set EXPORTFLOW_MUTATIONS (count) and EXPORTFLOW_MUTATION_SEED to run a longer or different pass locally, and
/// EXPORTFLOW_MUTATION_DUMP (a folder) to save the failing mutants there.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int DefaultExecutions = 3000;
    private const ulong DefaultSeed = 0x5EED_F022;
    private static readonly TimeSpan s_perExecutionLimit = TimeSpan.FromSeconds(5);

    [Test]
    public void Mutants_OfTheCorpus_LoadWithoutEscapingExceptionsAndWithPositionsInsideTheFile()
    {
        int executions = (int)EnvironmentNumber("EXPORTFLOW_MUTATIONS", DefaultExecutions);
        ulong seed = (ulong)EnvironmentNumber("EXPORTFLOW_MUTATION_SEED", (long)DefaultSeed);
        var mutator = new ScenarioMutator(Corpus(), seed);
        var failures = new List<string>();
        var failing = new List<string>();
        int valid = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < executions && failures.Count < 5; i++)
        {
            string text = Encoding.UTF8.GetString(mutator.Next());
            var run = Task.Run(() => Check(text));
            if (!run.Wait(s_perExecutionLimit))
            {
                failing.Add(text);
                failures.Add($"mutant {i} (seed {seed}) took longer than {s_perExecutionLimit.TotalSeconds} s:\n{Excerpt(text)}");
                break;
            }

            if (run.Exception is { } ex)
            {
                failing.Add(text);
                failures.Add($"mutant {i} (seed {seed}): {ex.InnerException}\n{Excerpt(text)}");
            }
            else if (run.Result is { } problem)
            {
                failing.Add(text);
                failures.Add($"mutant {i} (seed {seed}): {problem}\n{Excerpt(text)}");
            }
            else
            {
                valid += ScenarioLoader.LoadFromString("m.yaml", text).Succeeded ? 1 : 0;
            }
        }

        if (Environment.GetEnvironmentVariable("EXPORTFLOW_MUTATION_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            for (int i = 0; i < failing.Count; i++)
            {
                File.WriteAllText(Path.Combine(dump, $"mutant-{seed}-{i}.yaml"), failing[i]);
            }
        }

        TestContext.Out.WriteLine($"{executions} mutants ({valid} valid) in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
    }

    [Test]
    public void Mutator_SameSeed_GivesTheSameMutants()
    {
        var corpus = Corpus();
        var first = new ScenarioMutator(corpus, 7);
        var second = new ScenarioMutator(corpus, 7);
        var third = new ScenarioMutator(corpus, 8);
        var a = Enumerable.Range(0, 50).Select(_ => Convert.ToHexString(first.Next())).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => Convert.ToHexString(second.Next())).ToList();
        var c = Enumerable.Range(0, 50).Select(_ => Convert.ToHexString(third.Next())).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(b, Is.EqualTo(a));
            Assert.That(c, Is.Not.EqualTo(a));
        }
    }

    [Test]
    public void Check_DiagnosticPastTheEndOfTheFile_IsReported()
    {
        var beyond = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("m.yaml", 3, 1), "", "x");
        var pastLine = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("m.yaml", 1, 6), "", "x");
        var lastPosition = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("m.yaml", 2, 1), "", "x");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Misplaced("name\n", beyond), Is.True);
            Assert.That(Misplaced("name\n", pastLine), Is.True);
            Assert.That(Misplaced("name\n", lastPosition), Is.False);
            Assert.That(Misplaced("a\rb\r\nc", new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("m.yaml", 3, 2), "", "x")), Is.False);
        }
    }

    /// <summary>
    /// Every file of scenarios/, Valid/ and Malformed/ (without expected.tsv), as bytes; the valid files are listed
    /// ten times, so that about half the mutants start from a valid scenario and some still compile.
    /// </summary>
    private static List<byte[]> Corpus()
    {
        var valid = ScenarioCorpus.YamlFiles(Path.Combine(ScenarioCorpus.Root, "scenarios"))
            .Concat(ScenarioCorpus.YamlFiles(ScenarioCorpus.ValidDirectory))
            .Select(File.ReadAllBytes)
            .ToList();
        return [.. Enumerable.Repeat(valid, 10).SelectMany(v => v), .. ScenarioCorpus.YamlFiles(ScenarioCorpus.MalformedDirectory).Select(File.ReadAllBytes)];
    }

    /// <summary>Loads one mutant (and compiles it when valid); returns what is wrong, or null.</summary>
    private static string? Check(string text)
    {
        LoadResult result = ScenarioLoader.LoadFromString("m.yaml", text);
        foreach (Diagnostic d in result.Diagnostics)
        {
            if (Misplaced(text, d))
            {
                return $"diagnostic outside the file: {d}";
            }

            string shown = d.ToString();
            if (Unechoed(shown, text, "   at ") || Unechoed(shown, text, "Exception") || Unechoed(shown, text, "NaN"))
            {
                return $"diagnostic with a stack trace, an exception name or NaN: {d}";
            }
        }

        if (result.Succeeded && result.Scenario is { } scenario)
        {
            foreach (Policy? policy in scenario.Policies.Prepend(null))
            {
                FlowPlan plan = PlanCompiler.Compile(scenario, policy);
                if (plan.StaticValues.Any(double.IsNaN) || plan.ProgramBaseConst.Any(double.IsNaN) || plan.OpConst.Any(double.IsNaN))
                {
                    return $"the plan of '{plan.PolicyName}' holds NaN";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when a diagnostic's position is not one an editor shows: lines break at \r\n, \r and \n; a column
    /// may be one past the line's last character. Line 0 (a whole-file problem) is allowed.
    /// </summary>
    private static bool Misplaced(string text, Diagnostic d)
    {
        var (line, column) = (d.Location.Line, d.Location.Column);
        if (line == 0 && column == 0)
        {
            return false;
        }

        string[] lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return line < 1 || line > lines.Length || column < 1 || column > lines[line - 1].Length + 1;
    }

    /// <summary>
    /// True when a diagnostic holds <paramref name="word"/> and the user's text does not, so it is no echo of the
    /// user's text (a mutant of 04-annotated-example.yaml had "legit       at tier-2" as a channel).
    /// </summary>
    private static bool Unechoed(string shown, string text, string word) =>
        shown.Contains(word, StringComparison.Ordinal) && !text.Contains(word, StringComparison.Ordinal);

    private static string Excerpt(string text) => text.Length <= 400 ? text : text[..400] + " …";

    private static long EnvironmentNumber(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : fallback;
}
