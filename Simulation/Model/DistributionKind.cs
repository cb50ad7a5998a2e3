namespace ExportFlow.Simulation.Model;

/// <summary>The inline distributions a quantity may use (model.md, "Quantities and uncertainty").</summary>
public enum DistributionKind
{
    /// <summary>uniform(min, max).</summary>
    Uniform,

    /// <summary>triangular(min, mode, max).</summary>
    Triangular,

    /// <summary>pert(min, mode, max).</summary>
    Pert,

    /// <summary>normal(mean, sd) or normal(mean, sd, lower, upper) (truncated).</summary>
    Normal,

    /// <summary>lognormal(mu, sigma); lognormal(p05=…, p95=…) is converted to mu and sigma.</summary>
    LogNormal,

    /// <summary>beta(alpha, beta) or beta(alpha, beta, min, max).</summary>
    Beta,

    /// <summary>gamma(shape, scale).</summary>
    Gamma,
}
