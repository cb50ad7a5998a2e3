namespace ExportFlow.Simulation.Cli;

/// <summary>The command line as typed and the token that stops a run.</summary>
internal sealed record RunContext(string[] Arguments, CancellationToken Cancellation);
