using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>The run options shared by <c>run</c> and <c>compare</c>.</summary>
internal abstract class SimulationSettings : CommandSettings
{
    /// <summary>Most trials one run accepts (10^12: days of computing, far below counter overflow).</summary>
    public const long MaxTrials = 1_000_000_000_000;

    /// <summary>Most worker threads one run accepts.</summary>
    public const int MaxThreads = 256;

    [CommandOption("-n|--trials <N>")]
    [Description("Number of trials (default: the scenario's run.trials). Accepts 100000, 1e5, 100_000 or 100,000.")]
    [TypeConverter(typeof(Int64OptionConverter))]
    [NumberRange(1, MaxTrials)]
    public long? Trials { get; init; }

    [CommandOption("-s|--seed <S>")]
    [Description("Seed (default: the scenario's run.seed). The same seed gives the same numbers bit for bit, whatever --threads; every run or policy reads the same random events, trial by trial.")]
    [TypeConverter(typeof(UInt64OptionConverter))]
    public ulong? Seed { get; init; }

    [CommandOption("-t|--threads <T>")]
    [Description("Worker threads (default: all cores). Results do not depend on it.")]
    [TypeConverter(typeof(Int32OptionConverter))]
    [NumberRange(1, MaxThreads)]
    public int? Threads { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("Output on the console: table, json or csv.")]
    [DefaultValue("table")]
    public string Format { get; init; } = "table";

    [CommandOption("-o|--out <DIR>")]
    [Description("Folder for the output files (created if missing); every file is written atomically.")]
    public string? Out { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No progress bar and no notes on standard error; errors and warnings are still shown.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate()
    {
        if (Format is not ("table" or "json" or "csv"))
        {
            return ValidationResult.Error($"--format '{Format}' is not allowed; use table, json or csv");
        }

        if (Trials is < 1 or > MaxTrials)
        {
            return ValidationResult.Error($"--trials must be from 1 to {MaxTrials:N0}");
        }

        if (Threads is < 1 or > MaxThreads)
        {
            return ValidationResult.Error($"--threads must be from 1 to {MaxThreads}");
        }

        if (Out is { Length: 0 } || (Out is not null && string.IsNullOrWhiteSpace(Out)))
        {
            return ValidationResult.Error("--out needs a folder name");
        }

        return ValidationResult.Success();
    }
}
