namespace ExportFlow.Simulation.Scenarios;

/// <summary>What kind of YAML file is being read, for the wording of the reader's messages.</summary>
/// <param name="Noun">The file's kind as a noun ("scenario", "evidence file").</param>
/// <param name="EmptyHint">What a file of this kind needs at least, shown when it is empty.</param>
/// <param name="TopLevelHint">What its top level is, shown when the top level is a list or a single value.</param>
internal sealed record YamlDocumentKind(string Noun, string EmptyHint, string TopLevelHint);
