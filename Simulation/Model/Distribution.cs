using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Model;

/// <summary>
/// A validated inline distribution. Arguments are stored in a fixed shape per kind:
/// Uniform (min, max); Triangular and Pert (min, mode, max); Normal (mean, sd, lower, upper) with
/// infinite bounds when not truncated; LogNormal (mu, sigma); Beta (alpha, beta, min, max);
/// Gamma (shape, scale).
/// </summary>
public sealed record Distribution(DistributionKind Kind, double A, double B, double C, double D, string Text)
{
    /// <summary>Smallest value the distribution can take.</summary>
    public double SupportLow => Kind switch
    {
        DistributionKind.Uniform or DistributionKind.Triangular or DistributionKind.Pert => A,
        DistributionKind.Normal => C,
        DistributionKind.Beta => C,
        _ => 0.0,
    };

    /// <summary>Largest value the distribution can take.</summary>
    public double SupportHigh => Kind switch
    {
        DistributionKind.Uniform => B,
        DistributionKind.Triangular or DistributionKind.Pert => C,
        DistributionKind.Normal => D,
        DistributionKind.Beta => D,
        _ => double.PositiveInfinity,
    };

    /// <summary>True when the support excludes zero from below (lognormal and gamma are strictly positive).</summary>
    public bool StrictlyPositive => Kind is DistributionKind.LogNormal or DistributionKind.Gamma;

    /// <summary>The mean of the distribution (used for the deterministic max-flow bound in <c>inspect</c>).</summary>
    public double Mean => Kind switch
    {
        DistributionKind.Uniform => (A + B) / 2,
        DistributionKind.Triangular => (A + B + C) / 3,
        DistributionKind.Pert => (A + 4 * B + C) / 6,
        DistributionKind.Normal => TruncatedNormalMean(),
        DistributionKind.LogNormal => Math.Exp(A + B * B / 2),
        DistributionKind.Beta => C + (D - C) * A / (A + B),
        DistributionKind.Gamma => A * B,
        _ => double.NaN,
    };

    /// <summary>
    /// The median (used by validation's warnings, which look at one trial with every input at its median).
    /// Closed form where there is one; Math.NET's inverse CDFs for PERT, beta and gamma.
    /// </summary>
    public double Median => Kind switch
    {
        DistributionKind.Uniform => (A + B) / 2,
        DistributionKind.Triangular => TriangularMedian(),
        DistributionKind.Pert => A >= C ? A : A + ((C - A) * MathNet.Numerics.Distributions.Beta.InvCDF(1 + (4 * ((B - A) / (C - A))), 1 + (4 * ((C - B) / (C - A))), 0.5)),
        DistributionKind.Normal => TruncatedNormalMedian(),
        DistributionKind.LogNormal => Math.Exp(A),
        DistributionKind.Beta => C + ((D - C) * MathNet.Numerics.Distributions.Beta.InvCDF(A, B, 0.5)),
        DistributionKind.Gamma => MathNet.Numerics.Distributions.Gamma.InvCDF(A, 1 / B, 0.5),
        _ => double.NaN,
    };

    private double TriangularMedian()
    {
        double mid = (A + C) / 2;
        return B >= mid ? A + Math.Sqrt((C - A) * (B - A) / 2) : C - Math.Sqrt((C - A) * (C - B) / 2);
    }

    private double TruncatedNormalMedian()
    {
        double low = MathNet.Numerics.Distributions.Normal.CDF(A, B, C);
        double high = MathNet.Numerics.Distributions.Normal.CDF(A, B, D);
        return Math.Clamp(MathNet.Numerics.Distributions.Normal.InvCDF(A, B, (low + high) / 2), C, D);
    }

    /// <summary>Draws one value. Allocation-free; reads uniforms from <paramref name="stream"/> only.</summary>
    public double Sample(ref EventStream stream) => Kind switch
    {
        DistributionKind.Uniform => UniformSampler.Sample(A, B, ref stream),
        DistributionKind.Triangular => TriangularSampler.Sample(A, B, C, ref stream),
        DistributionKind.Pert => PertSampler.Sample(A, B, C, ref stream),
        DistributionKind.Normal => double.IsInfinity(C) && double.IsInfinity(D)
            ? NormalSampler.Sample(A, B, ref stream)
            : NormalSampler.SampleTruncated(A, B, C, D, ref stream),
        DistributionKind.LogNormal => LogNormalSampler.Sample(A, B, ref stream),
        DistributionKind.Beta => C + (D - C) * BetaSampler.Sample(A, B, ref stream),
        DistributionKind.Gamma => GammaSampler.Sample(A, B, ref stream),
        _ => double.NaN,
    };

    /// <inheritdoc/>
    public override string ToString() => Text;

    private double TruncatedNormalMean()
    {
        if (double.IsInfinity(C) && double.IsInfinity(D))
        {
            return A;
        }

        var normal = new MathNet.Numerics.Distributions.Normal(0, 1);
        double alpha = (C - A) / B, beta = (D - A) / B;
        double z = normal.CumulativeDistribution(beta) - normal.CumulativeDistribution(alpha);
        return z <= 0 ? Math.Clamp(A, C, D) : A + B * (normal.Density(alpha) - normal.Density(beta)) / z;
    }
}
