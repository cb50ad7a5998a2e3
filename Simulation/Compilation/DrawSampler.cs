using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// Draws a distribution the scenario validator accepted: the values of <see cref="Distribution.Sample"/>,
/// without its argument checks, and with a PERT's shapes and gamma constants computed once per plan.
/// </summary>
internal sealed class DrawSampler
{
    private readonly Distribution _distribution;
    private readonly GammaShape _pertAlpha;
    private readonly GammaShape _pertBeta;

    /// <summary>Prepares <paramref name="distribution"/>, which must have passed validation.</summary>
    public DrawSampler(Distribution distribution)
    {
        _distribution = distribution;
        if (distribution.Kind == DistributionKind.Pert && distribution.A < distribution.C)
        {
            // PertSampler.SampleUnchecked's shapes, both ≥ 1.
            double width = distribution.C - distribution.A;
            _pertAlpha = new GammaShape(1.0 + (4.0 * (distribution.B - distribution.A) / width));
            _pertBeta = new GammaShape(1.0 + (4.0 * (distribution.C - distribution.B) / width));
        }
    }

    /// <summary>One draw from <paramref name="stream"/>.</summary>
    public double Sample(ref EventStream stream)
    {
        Distribution d = _distribution;
        return d.Kind switch
        {
            DistributionKind.Uniform => UniformSampler.SampleUnchecked(d.A, d.B, ref stream),
            DistributionKind.Triangular => TriangularSampler.SampleUnchecked(d.A, d.B, d.C, ref stream),
            DistributionKind.Pert => SamplePert(d, ref stream),
            DistributionKind.Normal => double.IsInfinity(d.C) && double.IsInfinity(d.D)
                ? NormalSampler.SampleUnchecked(d.A, d.B, ref stream)
                : NormalSampler.SampleTruncatedUnchecked(d.A, d.B, d.C, d.D, ref stream),
            DistributionKind.LogNormal => LogNormalSampler.SampleUnchecked(d.A, d.B, ref stream),
            _ => d.Sample(ref stream),
        };
    }

    // PertSampler.SampleUnchecked: Beta(α, β) with α, β ≥ 1 is X/(X + Y), scaled to [min, max].
    private double SamplePert(Distribution d, ref EventStream stream)
    {
        if (d.A >= d.C)
        {
            return d.A;
        }

        double x = GammaSampler.SampleStandardAtLeastOne(_pertAlpha, ref stream);
        double y = GammaSampler.SampleStandardAtLeastOne(_pertBeta, ref stream);
        return Math.Clamp(d.A + ((d.C - d.A) * (x / (x + y))), d.A, d.C);
    }
}
