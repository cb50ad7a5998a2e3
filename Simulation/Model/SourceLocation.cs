namespace ExportFlow.Simulation.Model;

/// <summary>Where a value was written in a scenario file. Line and column are 1-based.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for whole-file problems.</summary>
    public static SourceLocation StartOf(string file) => new(file, 1, 1);

    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
