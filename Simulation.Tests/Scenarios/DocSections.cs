using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>Sections of the repository's Markdown docs, for the tests that check documented figures.</summary>
internal static class DocSections
{
    /// <summary>
    /// The section of docs/<paramref name="page"/> that starts at the line beginning with <paramref name="heading"/>
    /// (e.g. <c>## asean-2025</c>) and runs to the next heading of the same or a higher level outside a code block;
    /// its lines joined with <c>\n</c>. Fails the test when the page has no such heading.
    /// </summary>
    public static string Of(string page, string heading)
    {
        string[] lines = File.ReadAllText(Path.Combine(CliTestHelper.RepositoryRoot(), "docs", page)).ReplaceLineEndings("\n").Split('\n');
        int level = heading.IndexOf(' ', StringComparison.Ordinal);
        int start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"docs/{page} has the heading '{heading}'");
        int end = start + 1;
        bool code = false;
        for (; end < lines.Length; end++)
        {
            code ^= lines[end].StartsWith("```", StringComparison.Ordinal);
            int hashes = lines[end].TakeWhile(c => c == '#').Count();
            if (!code && hashes > 0 && hashes <= level && lines[end].Length > hashes && lines[end][hashes] == ' ')
            {
                break;
            }
        }

        return string.Join('\n', lines[start..end]);
    }
}
