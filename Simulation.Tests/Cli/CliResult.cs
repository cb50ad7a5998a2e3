namespace ExportFlow.Simulation.Tests.Cli;

/// <summary>
/// What an in-process command line printed: standard output and standard error apart, and both together
/// (<see cref="Output"/>: standard output, then standard error) for tests that look for a message anywhere.
/// </summary>
internal sealed record CliResult(int Code, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public void Deconstruct(out int code, out string output)
    {
        code = Code;
        output = Output;
    }
}
