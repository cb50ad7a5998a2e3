namespace ExportFlow.Simulation.Calibration;

/// <summary>One calibrated input, prior against posterior.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="Distribution">Its prior as written.</param>
/// <param name="Prior">Its spread over the prior draws.</param>
/// <param name="Posterior">Its spread over the posterior particles.</param>
/// <param name="BelowPriorP025">Share of posterior particles below the prior's 2.5th percentile (0.025 under the prior).</param>
/// <param name="AbovePriorP975">Share of posterior particles above the prior's 97.5th percentile (0.025 under the prior).</param>
internal sealed record InputSummary(string Name, string Distribution, Spread Prior, Spread Posterior, double BelowPriorP025, double AbovePriorP975)
{
    /// <summary>Share of particles in one 2.5% tail of the prior above which the posterior is said to pile up at that edge.</summary>
    public const double EdgeShare = 0.2;

    /// <summary>A warning when the posterior piles up at an edge of its prior, or null.</summary>
    public string? EdgeWarning =>
        BelowPriorP025 > EdgeShare ? Warning("lower", BelowPriorP025, "below its 2.5th") :
        AbovePriorP975 > EdgeShare ? Warning("upper", AbovePriorP975, "above its 97.5th") : null;

    private string Warning(string edge, double share, string where) =>
        $"the posterior of {Name} piles up at the {edge} edge of its prior {Distribution}: {share:P0} of particles lie {where} percentile (2.5% under the prior); the evidence points outside the prior range — widen it if that is plausible, or check the evidence";
}
