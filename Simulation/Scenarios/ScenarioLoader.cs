using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ExportFlow.Simulation.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file, parses it and validates it. Every user mistake becomes a diagnostic with
/// a location; nothing here throws for bad input.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>The largest scenario file read, in bytes (real scenarios are a few kilobytes).</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The deepest nesting of lists and mappings allowed (real scenarios nest about six deep).</summary>
    public const int MaxDepth = 64;

    /// <summary>The most values (scalars, lists, mappings) a document may hold once its aliases are expanded.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    public static LoadResult Load(string path) => Load(path, null);

    /// <summary>Loads and validates the file at <paramref name="path"/>; <paramref name="timings"/> receives where the time went.</summary>
    internal static LoadResult Load(string path, LoadTimings? timings)
    {
        long start = Stopwatch.GetTimestamp();
        var bag = new DiagnosticBag();
        byte[]? bytes = ReadFile(path, bag, ScenarioDocument);
        if (timings is not null)
        {
            timings.Read = Stopwatch.GetElapsedTime(start);
        }

        return bytes is null ? new LoadResult(null, bag.Items) : LoadText(path, bytes, bag, timings);
    }

    /// <summary>How a scenario is named in the messages of <see cref="ReadFile"/> and <see cref="ReadMapping"/>.</summary>
    internal static YamlDocumentKind ScenarioDocument { get; } = new(
        "scenario",
        "a scenario needs at least 'name', 'horizon' and 'nodes' (see docs/scenario-format.md)",
        "a scenario is a mapping with keys such as 'name', 'horizon' and 'nodes'");

    /// <summary>
    /// Reads the bytes of the file at <paramref name="path"/>, at most one byte past <see cref="MaxBytes"/>; null
    /// with an error in <paramref name="bag"/> when it is a directory, missing or unreadable.
    /// </summary>
    internal static byte[]? ReadFile(string path, DiagnosticBag bag, YamlDocumentKind kind)
    {
        var fileOnly = new SourceLocation(path, 0, 0);
        if (Directory.Exists(path))
        {
            bag.Error(fileOnly, "", $"is a directory, not a {kind.Noun} file; give the path of a .yaml file");
            return null;
        }

        if (!File.Exists(path))
        {
            bag.Error(fileOnly, "", "file not found; check the path (it is relative to the current directory)");
            return null;
        }

        try
        {
            // Read at most one byte past the bound, so a huge file, a device such as /dev/zero or a pipe cannot
            // exhaust memory; ReadMapping refuses what is over the bound.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while (buffer.Length <= MaxBytes && (read = file.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.Error(fileOnly, "", $"cannot read the file: {ex.Message}");
            return null;
        }
    }

    /// <summary>Parses and validates scenario text (for tests and tools); <paramref name="path"/> names it in diagnostics.</summary>
    public static LoadResult LoadFromString(string path, string yaml) => LoadFromString(path, yaml, null);

    /// <summary>Parses and validates scenario text; <paramref name="timings"/> receives where the time went.</summary>
    internal static LoadResult LoadFromString(string path, string yaml, LoadTimings? timings) => LoadText(path, Encoding.UTF8.GetBytes(yaml), new DiagnosticBag(), timings);

    /// <summary>Parses and validates the raw bytes of a scenario file (for tests and the fuzzer); <paramref name="path"/> names it in diagnostics.</summary>
    public static LoadResult LoadFromBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return LoadText(path, bytes, new DiagnosticBag());
    }

    /// <summary>
    /// The root mapping of one YAML document in <paramref name="bytes"/>, read with every guard of a scenario (size,
    /// encoding, line breaks, tabs, nesting, aliases); null with located errors in <paramref name="bag"/> when it
    /// cannot be read. <paramref name="text"/> receives the text as parsed (for <see cref="WithinFile"/>).
    /// </summary>
    internal static YamlMappingNode? ReadMapping(string path, byte[] bytes, DiagnosticBag bag, YamlDocumentKind kind, out string sha, out string text)
    {
        sha = "";
        text = "";
        if (bytes.Length > MaxBytes)
        {
            bag.Error(SourceLocation.StartOf(path), "", $"the file is larger than {MaxBytes / (1024 * 1024)} MB; a {kind.Noun} is a short YAML text file (check that this is the right file)");
            return null;
        }

        sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            bag.Error(SourceLocation.StartOf(path), "", $"is a binary file, not text (it is not valid UTF-8); a {kind.Noun} is a YAML text file");
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            bag.Error(SourceLocation.StartOf(path), "", $"is a binary file, not text (it contains NUL bytes); a {kind.Noun} is a YAML text file");
            return null;
        }

        // Old-Mac (CR) and Windows (CRLF) line breaks become LF, so the parser counts lines as an editor does.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        int unusualBreak = text.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029');
        if (unusualBreak >= 0)
        {
            var (line, column) = PositionOf(text, unusualBreak);
            bag.Error(new SourceLocation(path, line, column), "", $"the text holds a Unicode line separator (U+{(int)text[unusualBreak]:X4}) that most editors do not show as a line break; replace it with an ordinary line break or a space");
            return null;
        }

        if (FindIndentationTab(text) is var (tabLine, tabColumn) && tabLine > 0)
        {
            bag.Error(new SourceLocation(path, tabLine, tabColumn), "", "YAML syntax error: a tab character in the indentation; YAML forbids tabs for indentation, indent with spaces");
            return null;
        }

        var documentStarts = new List<Mark>();
        YamlStream? stream = ReadYaml(path, text, documentStarts, bag);
        if (stream is null)
        {
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            bag.Error(SourceLocation.StartOf(path), "", $"the file is empty; {kind.EmptyHint}");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Mark second = documentStarts.Count > 1 ? documentStarts[1] : stream.Documents[1].RootNode.Start;
            bag.Error(Located(path, second), "", $"the file holds more than one YAML document ('---'); put one {kind.Noun} per file");
            return null;
        }

        YamlNode root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            string found = root is YamlSequenceNode ? "a list" : "a single value";
            bag.Error(new SourceLocation(path, (int)root.Start.Line, (int)root.Start.Column), "", $"the top level is {found}; {kind.TopLevelHint}");
            return null;
        }

        return map;
    }

    private static LoadResult LoadText(string path, byte[] bytes, DiagnosticBag bag, LoadTimings? timings = null)
    {
        long start = Stopwatch.GetTimestamp();
        YamlMappingNode? map = ReadMapping(path, bytes, bag, ScenarioDocument, out string sha, out string text);
        if (map is null)
        {
            return new LoadResult(null, WithinFile(bag.Items, text));
        }

        Scenario? scenario = new ScenarioParser(path, bag).Parse(map, sha);
        long parsed = Stopwatch.GetTimestamp();
        if (scenario is not null)
        {
            ScenarioValidator.Validate(scenario, bag);
        }

        if (timings is not null)
        {
            timings.Parse = Stopwatch.GetElapsedTime(start, parsed);
            timings.Validate = Stopwatch.GetElapsedTime(parsed);
        }

        return new LoadResult(bag.HasErrors ? null : scenario, WithinFile(bag.Sorted(), text));
    }

    /// <summary>
    /// Parses the text in two passes: the first reads the parser's events (the parser keeps an explicit
    /// stack, so any depth is safe), keeps them, and refuses documents that nest too deeply or whose aliases expand
    /// to too many values; only then does <see cref="YamlStream"/> build the tree (recursively) from the kept
    /// events, so the text is scanned once. Every exception the
    /// YAML library throws, not only <see cref="YamlException"/>, becomes a located syntax error.
    /// Returns null when an error was reported.
    /// </summary>
    /// <remarks><paramref name="documentStarts"/> receives where each document starts (its '---' when it has one).</remarks>
    private static YamlStream? ReadYaml(string path, string text, List<Mark> documentStarts, DiagnosticBag bag)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        var openFlows = new Stack<(Mark Start, char Close)>();
        ReplayParser? replay = null;
        try
        {
            var events = new List<ParsingEvent>();
            if (!CheckShape(path, parser, openFlows, documentStarts, bag, events))
            {
                return null;
            }

            // The tree is built from the events the first pass kept: the text is scanned once.
            var stream = new YamlStream();
            replay = new ReplayParser(events);
            stream.Load(replay);
            return stream;
        }
        catch (YamlException ex)
        {
            var at = new SourceLocation(path, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            bag.Error(at, "", $"YAML syntax error: {SimplifyYamlMessage(ex)}{UnclosedHint(openFlows)}");
            return null;
        }
#pragma warning disable CA1031 // The YAML library throws other exceptions on some malformed input (issue #10); each is a user's syntax error.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Mark where = replay?.Current?.Start ?? scanner.CurrentPosition;
            var at = new SourceLocation(path, (int)Math.Max(1, where.Line), (int)Math.Max(1, where.Column));
            bag.Error(at, "", $"YAML syntax error: {DescribeLibraryFailure(ex)}{UnclosedHint(openFlows)}");
            return null;
        }
    }

    /// <summary>
    /// First pass over the events: nesting depth at most <see cref="MaxDepth"/>, and at most
    /// <see cref="MaxValues"/> values once every alias is expanded (a "billion laughs" document).
    /// </summary>
    /// <remarks><paramref name="openFlows"/> receives the '[' and '{' still open, for a later syntax error's hint.</remarks>
    private static bool CheckShape(string path, Parser parser, Stack<(Mark Start, char Close)> openFlows, List<Mark> documentStarts, DiagnosticBag bag, List<ParsingEvent> events)
    {
        var open = new Stack<(long Values, string? Anchor, bool Flow)>();
        var anchorSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        while (parser.MoveNext())
        {
            ParsingEvent e = parser.Current!;
            events.Add(e);
            long size;
            switch (e)
            {
                case MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth)
                    {
                        bag.Error(Located(path, e.Start), "", $"the document nests more than {MaxDepth} levels deep (lists and mappings inside each other); a scenario needs far fewer: check for unclosed or repeated '[' and '{{'");
                        return false;
                    }

                    bool flow = e is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                    open.Push((1, ((NodeEvent)e).Anchor.IsEmpty ? null : ((NodeEvent)e).Anchor.Value, flow));
                    if (flow)
                    {
                        openFlows.Push((e.Start, e is MappingStart ? '}' : ']'));
                    }

                    total++;
                    continue;
                case MappingEnd or SequenceEnd:
                    var (values, anchor, wasFlow) = open.Pop();
                    if (wasFlow)
                    {
                        openFlows.Pop();
                    }

                    if (anchor is not null)
                    {
                        anchorSizes[anchor] = values;
                    }

                    size = values;
                    break;
                case DocumentStart:
                    documentStarts.Add(e.Start);
                    continue;
                case AnchorAlias alias:
                    string name = alias.Value.Value;
                    if (open.Any(o => o.Anchor == name))
                    {
                        // YamlDotNet would build a cycle, and hashing a cyclic key overflows the stack.
                        bag.Error(Located(path, e.Start), "", $"the alias '*{name}' refers to the list or mapping that contains it (a cycle); a scenario cannot hold cycles: write the values out");
                        return false;
                    }

                    if (!anchorSizes.TryGetValue(name, out size))
                    {
                        bag.Error(Located(path, e.Start), "", $"the alias '*{name}' refers to no anchor: define '&{name}' on a value before it, or quote the text if the '*' is meant literally");
                        return false;
                    }

                    break;
                case Scalar scalar:
                    size = 1;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchorSizes[scalar.Anchor.Value] = 1;
                    }

                    break;
                default:
                    continue;
            }

            if (open.Count > 0)
            {
                var (values, anchor, flow) = open.Pop();
                open.Push((values + size, anchor, flow));
            }

            // A collection's values were counted as they came; an alias counts everything it repeats.
            total += e switch { MappingEnd or SequenceEnd => 0, _ => size };
            if (total > MaxValues)
            {
                string why = e is AnchorAlias ? "; this alias ('*') repeats a large part of the document: anchors and aliases may not expand to more than that" : "";
                bag.Error(Located(path, e.Start), "", $"the document holds more than {MaxValues:N0} values{why}");
                return false;
            }
        }

        return true;
    }

    /// <summary>Plays back the events of a parse that has already been checked (<see cref="CheckShape"/>).</summary>
    private sealed class ReplayParser(List<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= events.Count)
            {
                Current = null;
                return false;
            }

            Current = events[_next++];
            return true;
        }
    }

    /// <summary>For a syntax error inside '[ ]' or '{ }': where the innermost one still open began.</summary>
    private static string UnclosedHint(Stack<(Mark Start, char Close)> openFlows)
    {
        if (openFlows.Count == 0)
        {
            return "";
        }

        var (start, close) = openFlows.Peek();
        char opener = close == '}' ? '{' : '[';
        return $"; the '{opener}' at line {start.Line}, column {start.Column} is still open here: close it with '{close}' (a '#' inside it starts a comment that hides the rest of the line)";
    }

    private static SourceLocation Located(string path, Mark mark) =>
        new(path, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    /// <summary>A message for an exception of the YAML library other than <see cref="YamlException"/>.</summary>
    private static string DescribeLibraryFailure(Exception ex)
    {
        if (ex.Message.Contains("tag", StringComparison.OrdinalIgnoreCase))
        {
            return "a tag ('!' followed by a name) that is not valid; scenarios need no tags: remove the '!' and what follows it";
        }

        return "the text here cannot be read as YAML; check for an unclosed '[', '{' or quote, a stray ']', '}', '&', '*', '!' or '%', or a misplaced ':' on this line or the one before";
    }

    /// <summary>Line and column (1-based) of character <paramref name="index"/> in LF-separated text.</summary>
    private static (int Line, int Column) PositionOf(string text, int index)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    /// <summary>
    /// Diagnostics with every position moved inside the file: a position past the end of a line (or of the file,
    /// where the parser reports "end of input") becomes the line's (the file's) last position, so an editor can
    /// show it. Positions of 0 (whole-file problems) stay.
    /// </summary>
    internal static List<Diagnostic> WithinFile(IReadOnlyList<Diagnostic> diagnostics, string text)
    {
        string[] lines = text.Split('\n');
        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (Diagnostic d in diagnostics)
        {
            SourceLocation at = d.Location;
            if (at.Line <= 0)
            {
                result.Add(d);
                continue;
            }

            int line = Math.Min(at.Line, lines.Length);
            int lastColumn = lines[line - 1].Length + 1;
            int column = line < at.Line ? lastColumn : Math.Clamp(at.Column, 1, lastColumn);
            result.Add(line == at.Line && column == at.Column ? d : d with { Location = at with { Line = line, Column = column } });
        }

        return result;
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
