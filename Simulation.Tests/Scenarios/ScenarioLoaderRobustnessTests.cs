using System.Diagnostics;
using System.Text;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// The loader's bounds and line handling (issue #10): nesting depth, alias expansion and file size are refused
/// with a located error before the YAML tree is built; CR and CRLF line breaks give the positions an editor shows.
/// </summary>
public sealed class ScenarioLoaderRobustnessTests
{
    private const string Minimal = "name: m\nhorizon: {periods: 1}\nnodes:\n  - {id: us, kind: supplier, country: US, supply: 1}\n  - {id: mk, kind: market, country: US, demand: 1}\nedges:\n  - {from: us, to: mk, channel: legit}\n";

    [Test]
    public void LoadFromString_AMillionNestedLists_ReportsTheDepthWhereItIsExceeded()
    {
        string text = "name: deep\nnodes: " + new string('[', 1_000_000) + new string(']', 1_000_000) + "\n";

        LoadResult result = ScenarioLoader.LoadFromString("deep.yaml", text);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"deep.yaml:2:{7 + ScenarioLoader.MaxDepth}: error: the document nests more than {ScenarioLoader.MaxDepth} levels deep (lists and mappings inside each other); a scenario needs far fewer: check for unclosed or repeated '[' and '{{'",
        }));
    }

    [Test]
    public void LoadFromString_NestingJustWithinTheBound_IsNotRefusedForDepth()
    {
        // The root mapping is the first level, so MaxDepth - 1 lists fit under it.
        int lists = ScenarioLoader.MaxDepth - 1;
        string text = "name: deep\nnodes: " + new string('[', lists) + new string(']', lists) + "\n";

        LoadResult result = ScenarioLoader.LoadFromString("deep.yaml", text);

        Assert.That(result.Diagnostics, Has.None.Matches<Diagnostic>(d => d.Message.Contains("levels deep", StringComparison.Ordinal)));
    }

    [Test]
    public void LoadFromString_BillionLaughs_IsRefusedAtTheAliasQuickly()
    {
        var text = new StringBuilder("name: laughs\nhorizon: {periods: 1}\na0: &a0 [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]\n");
        for (int i = 1; i <= 9; i++)
        {
            text.Append(FormattableString.Invariant($"a{i}: &a{i} [")).AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        LoadResult result = ScenarioLoader.LoadFromString("laughs.yaml", text.ToString());
        watch.Stop();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics, Has.Count.EqualTo(1));
            Assert.That(result.Diagnostics[0].Message, Does.Contain("alias ('*') repeats"));
            Assert.That(result.Diagnostics[0].Location.Line, Is.EqualTo(8), "a5 (line 8) expands to 10^6 values, which with those before it passes the bound");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
    }

    [Test]
    public void LoadFromString_ModestAnchorsAndAliases_StillLoad()
    {
        const string text = """
            name: m
            horizon: {periods: 1}
            nodes:
              - id: us
                kind: supplier
                country: &c US
                supply: 1
              - id: mk
                kind: market
                country: *c
                demand: 1
            edges:
              - {from: us, to: mk, channel: legit}
            """;

        LoadResult result = ScenarioLoader.LoadFromString("anchors.yaml", text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
            Assert.That(result.Scenario!.Nodes[1].Country, Is.EqualTo("US"));
        }
    }

    [TestCase("\r", TestName = "LoadFromString_UnknownKeyWithCrLineBreaks_IsOnTheEditorsLine")]
    [TestCase("\r\n", TestName = "LoadFromString_UnknownKeyWithCrLfLineBreaks_IsOnTheEditorsLine")]
    [TestCase("\n", TestName = "LoadFromString_UnknownKeyWithLfLineBreaks_IsOnTheEditorsLine")]
    public void LoadFromString_UnknownKey_IsOnTheEditorsLine(string lineBreak)
    {
        string text = Minimal.Replace("horizon:", "horzon: {periods: 1}\nhorizon:", StringComparison.Ordinal).Replace("\n", lineBreak, StringComparison.Ordinal);

        LoadResult result = ScenarioLoader.LoadFromString("breaks.yaml", text);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.StartsWith("breaks.yaml:2:1: error: horzon: unknown key 'horzon'"));
    }

    [Test]
    public void LoadFromString_UnclosedQuoteAtTheEndOfACrFile_IsInsideTheFile()
    {
        string text = "name: cr\rhorizon: {periods: 1}\rdescription: \"never closed\r";

        LoadResult result = ScenarioLoader.LoadFromString("cr.yaml", text);

        Assert.That(result.Diagnostics.Select(d => (d.Location.Line, d.Location.Column)), Is.EqualTo(new[] { (3, 14) }));
    }

    [Test]
    public void LoadFromBytes_LargerThanTheBound_IsRefusedAtTheStart()
    {
        byte[] bytes = new byte[ScenarioLoader.MaxBytes + 1];
        Array.Fill(bytes, (byte)' ');

        LoadResult result = ScenarioLoader.LoadFromBytes("huge.yaml", bytes);

        Assert.That(string.Join("\n", result.Diagnostics), Is.EqualTo(
            "huge.yaml:1:1: error: the file is larger than 8 MB; a scenario is a short YAML text file (check that this is the right file)"));
    }

    [Test]
    public void Load_FileLargerThanTheBound_IsRefusedWithoutReadingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"exportflow-huge-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(ScenarioLoader.MaxBytes + 1L);
            }

            LoadResult result = ScenarioLoader.Load(path);

            Assert.That(string.Join("\n", result.Diagnostics.Select(d => d.Message)), Is.EqualTo(
                "the file is larger than 8 MB; a scenario is a short YAML text file (check that this is the right file)"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Load_EndlessDevice_IsRefusedAfterTheBound()
    {
        Assume.That(File.Exists("/dev/zero"), "needs /dev/zero (Linux, macOS)");

        LoadResult result = ScenarioLoader.Load("/dev/zero");

        Assert.That(string.Join("\n", result.Diagnostics.Select(d => d.Message)), Does.StartWith("the file is larger than 8 MB"));
    }
}
