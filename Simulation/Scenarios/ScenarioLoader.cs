using System.Security.Cryptography;
using System.Text;
using ExportFlow.Simulation.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file, parses it and validates it. Every user mistake becomes a diagnostic with
/// a location; nothing here throws for bad input.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    public static LoadResult Load(string path)
    {
        var bag = new DiagnosticBag();
        var fileOnly = new SourceLocation(path, 0, 0);
        if (Directory.Exists(path))
        {
            bag.Error(fileOnly, "", "is a directory, not a scenario file; give the path of a .yaml file");
            return new LoadResult(null, bag.Items);
        }

        if (!File.Exists(path))
        {
            bag.Error(fileOnly, "", "file not found; check the path (it is relative to the current directory)");
            return new LoadResult(null, bag.Items);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.Error(fileOnly, "", $"cannot read the file: {ex.Message}");
            return new LoadResult(null, bag.Items);
        }

        return LoadText(path, bytes, bag);
    }

    /// <summary>Parses and validates scenario text (for tests and tools); <paramref name="path"/> names it in diagnostics.</summary>
    public static LoadResult LoadFromString(string path, string yaml) => LoadText(path, Encoding.UTF8.GetBytes(yaml), new DiagnosticBag());

    private static LoadResult LoadText(string path, byte[] bytes, DiagnosticBag bag)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            bag.Error(SourceLocation.StartOf(path), "", "is a binary file, not text (it is not valid UTF-8); a scenario is a YAML text file");
            return new LoadResult(null, bag.Items);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            bag.Error(SourceLocation.StartOf(path), "", "is a binary file, not text (it contains NUL bytes); a scenario is a YAML text file");
            return new LoadResult(null, bag.Items);
        }

        if (FindIndentationTab(text) is var (tabLine, tabColumn) && tabLine > 0)
        {
            bag.Error(new SourceLocation(path, tabLine, tabColumn), "", "YAML syntax error: a tab character in the indentation; YAML forbids tabs for indentation, indent with spaces");
            return new LoadResult(null, bag.Items);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var at = new SourceLocation(path, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            bag.Error(at, "", $"YAML syntax error: {SimplifyYamlMessage(ex)}");
            return new LoadResult(null, bag.Items);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            bag.Error(SourceLocation.StartOf(path), "", "the file is empty; a scenario needs at least 'name', 'horizon' and 'nodes' (see docs/scenario-format.md)");
            return new LoadResult(null, bag.Items);
        }

        if (stream.Documents.Count > 1)
        {
            YamlNode second = stream.Documents[1].RootNode;
            bag.Error(new SourceLocation(path, (int)second.Start.Line, (int)second.Start.Column), "", "the file holds more than one YAML document ('---'); put one scenario per file");
            return new LoadResult(null, bag.Items);
        }

        YamlNode root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            string found = root is YamlSequenceNode ? "a list" : "a single value";
            bag.Error(new SourceLocation(path, (int)root.Start.Line, (int)root.Start.Column), "", $"the top level is {found}; a scenario is a mapping with keys such as 'name', 'horizon' and 'nodes'");
            return new LoadResult(null, bag.Items);
        }

        Scenario? scenario = new ScenarioParser(path, bag).Parse(map, sha);
        if (scenario is not null)
        {
            ScenarioValidator.Validate(scenario, bag);
        }

        return new LoadResult(bag.HasErrors ? null : scenario, bag.Sorted());
    }

    /// <summary>Line and column (1-based) of the first tab in a line's leading whitespace, or (0, 0).</summary>
    private static (int Line, int Column) FindIndentationTab(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            for (int c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
            {
                if (line[c] == '\t' && line.Trim().Length > 0)
                {
                    return (i + 1, c + 1);
                }
            }
        }

        return (0, 0);
    }

    private static string SimplifyYamlMessage(YamlException ex)
    {
        string message = ex.Message;
        int paren = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && paren > 0)
        {
            message = message[(paren + 3)..];
        }

        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            return "duplicate key in a mapping; each key may appear once";
        }

        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return message + " (YAML forbids tabs for indentation; indent with spaces)";
        }

        return message + " (check the indentation and quotes on this line and the one before)";
    }
}
