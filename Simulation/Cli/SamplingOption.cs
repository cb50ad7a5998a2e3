using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Cli;

/// <summary>The <c>--sampling random|sobol|lhs</c> option of <c>run</c> and <c>compare</c>: its text and checks.</summary>
internal static class SamplingOption
{
    /// <summary>The option's help text.</summary>
    public const string Description =
        "How the inputs (parameters and inline distributions) are sampled: random (default), sobol (scrambled Sobol points) or lhs (Latin hypercube). "
        + "Transit, licence and flag events stay random. Same numbers on any --threads.";

    /// <summary>The method named by <paramref name="text"/> (validated by <see cref="Check"/>).</summary>
    public static SamplingMethod Parse(string text) => text switch
    {
        "sobol" => SamplingMethod.Sobol,
        "lhs" => SamplingMethod.Lhs,
        _ => SamplingMethod.Random,
    };

    /// <summary>The error for <c>--sampling lhs</c> with <c>--precision</c>.</summary>
    public const string LhsWithPrecision = "--sampling lhs divides a trial count fixed in advance into strata, and --precision decides the count as it goes; with --precision use --sampling sobol or random";

    /// <summary>The error for an option value that cannot work, or null.</summary>
    public static string? Check(string text, long? trials)
    {
        if (text is not ("random" or "sobol" or "lhs"))
        {
            return $"--sampling '{text}' is not allowed; use random, sobol or lhs";
        }

        return text == "sobol" && trials > 1L << 32
            ? $"--sampling sobol serves at most 4,294,967,296 trials (2^32), not {trials:N0}; use fewer trials or --sampling lhs"
            : null;
    }

    /// <summary>
    /// Checks the trial count against the method (a user error when it does not fit) and warns when a Sobol run
    /// needs more input dimensions than are shipped: the extra ones keep keyed pseudo-random draws.
    /// </summary>
    public static void Prepare(ErrorOutput errors, string text, IReadOnlyList<FlowPlan> plans, RunOptions options)
    {
        ThrowIfInvalid(text, options.Trials);
        if (options.Sampling != SamplingMethod.Sobol)
        {
            return;
        }

        int needed = plans.Max(p => InputDimensions.Assign(p, options.SamplingReference ?? plans[0]).Count);
        if (needed > SobolSequence.MaxDimensions)
        {
            errors.Warning(
                $"--sampling sobol: the scenario's inputs need {needed:N0} dimensions (per-period parameters take one per period); "
                + $"the first {SobolSequence.MaxDimensions} use Sobol points and the other {needed - SobolSequence.MaxDimensions:N0} keep random draws. "
                + "--sampling lhs has no such limit.");
        }
    }

    /// <summary>Throws a user error when the run's trial count (from the scenario or --trials) does not fit the method.</summary>
    public static void ThrowIfInvalid(string text, long trials)
    {
        if (Check(text, trials) is { } error)
        {
            throw new UserErrorException(error);
        }
    }
}
