using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>--posterior FILE</c> of <c>run</c> and <c>compare</c>: loads the particles and reports what they fix.</summary>
internal static class PosteriorOption
{
    /// <summary>The error for <c>--posterior</c> with <c>--sampling</c>.</summary>
    public const string WithSampling = "--posterior fixes the calibrated inputs from the particles, and --sampling chooses how inputs are drawn; use one or the other";

    /// <summary>Loads <paramref name="path"/> for <paramref name="plans"/> of <paramref name="scenario"/>; a user error when it cannot be used.</summary>
    public static PosteriorSample Load(ErrorOutput errors, string path, Scenario scenario, IReadOnlyList<FlowPlan> plans, bool quiet)
    {
        var bag = new DiagnosticBag();
        PosteriorSample? sample = PosteriorSample.Load(path, scenario, plans, bag, out IReadOnlyList<string> notInPosterior);
        errors.Diagnostics(bag.Items);
        if (sample is null)
        {
            throw new UserErrorException($"{path}: {bag.Items.Count} error(s); nothing was run");
        }

        if (notInPosterior.Count > 0)
        {
            errors.Warning($"--posterior {path} does not fix {string.Join(", ", notInPosterior)}: drawn from their priors");
        }

        if (!quiet)
        {
            errors.Note($"posterior: {sample.Particles:N0} particles of {path} fix {string.Join(", ", sample.Inputs)}; trial i takes particle i mod {sample.Particles:N0}");
        }

        return sample;
    }
}
