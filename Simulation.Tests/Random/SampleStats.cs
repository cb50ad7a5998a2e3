using ExportFlow.Simulation.Random;
using MathNet.Numerics.Distributions;

namespace ExportFlow.Simulation.Tests.Random;

/// <summary>
/// Helpers for the statistical tests of the Random module: per-draw streams keyed like the engine's events,
/// and moment, Kolmogorov–Smirnov and chi-square checks with their tolerances stated up front.
/// </summary>
internal static class SampleStats
{
    /// <summary>One draw of a sampler from a stream.</summary>
    public delegate double StreamSampler(ref EventStream stream);

    /// <summary>Asymptotic Kolmogorov–Smirnov critical value √(ln(2/α)/2) at α = 0.001.</summary>
    public const double KolmogorovCritical = 1.9495;

    /// <summary>Tolerance of the moment checks, in standard errors.</summary>
    public const double MomentZ = 4.0;

    private static readonly ulong SlotHash = SplitMix64.HashString("a:test.value");

    /// <summary>The stream of draw <paramref name="index"/>: one event per draw, as in the engine.</summary>
    public static EventStream Stream(ulong seed, int index)
    {
        return new EventStream(StreamKeys.EventKey(StreamKeys.TrialKey(seed, index), SlotHash, 0));
    }

    /// <summary>Draws <paramref name="count"/> values, each from its own event stream.</summary>
    public static double[] Draw(ulong seed, int count, StreamSampler sampler)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            EventStream stream = Stream(seed, i);
            values[i] = sampler(ref stream);
        }

        return values;
    }

    /// <summary>
    /// Asserts the sample mean and variance are within <see cref="MomentZ"/> standard errors of the closed
    /// form. The standard error of the variance uses the sample's fourth central moment.
    /// </summary>
    public static void AssertMoments(double[] sample, double mean, double variance)
    {
        int n = sample.Length;
        double sum = 0.0;
        for (int i = 0; i < n; i++)
        {
            sum += sample[i];
        }

        double sampleMean = sum / n;
        double m2 = 0.0;
        double m4 = 0.0;
        for (int i = 0; i < n; i++)
        {
            double d = sample[i] - sampleMean;
            double d2 = d * d;
            m2 += d2;
            m4 += d2 * d2;
        }

        double sampleVariance = m2 / (n - 1);
        m4 /= n;
        double meanSe = Math.Sqrt(variance / n);
        double varianceSe = Math.Sqrt(Math.Max(m4 - (sampleVariance * sampleVariance), 0.0) / n);
        Assert.Multiple(() =>
        {
            Assert.That(sampleMean, Is.EqualTo(mean).Within((MomentZ * meanSe) + 1e-12), "mean");
            Assert.That(sampleVariance, Is.EqualTo(variance).Within((MomentZ * varianceSe) + 1e-12), "variance");
        });
    }

    /// <summary>The Kolmogorov–Smirnov statistic √n·D of the sample against <paramref name="cdf"/>.</summary>
    public static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        double[] sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        double d = 0.0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(f - ((double)i / n), ((double)(i + 1) / n) - f));
        }

        return Math.Sqrt(n) * d;
    }

    /// <summary>Asserts the sample passes a Kolmogorov–Smirnov test at α = 0.001.</summary>
    public static void AssertKolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        Assert.That(KolmogorovSmirnov(sample, cdf), Is.LessThan(KolmogorovCritical));
    }

    /// <summary>
    /// Pearson's chi-square statistic of integer draws against a pmf. Cells run over lo..hi (draws outside are
    /// counted in the end cells; the caller picks lo and hi so that the mass outside is negligible), and
    /// adjacent cells are pooled until each expects at least 5 draws. Returns the statistic and its degrees
    /// of freedom.
    /// </summary>
    public static (double Statistic, int DegreesOfFreedom) ChiSquare(long[] draws, Func<long, double> pmf, long lo, long hi)
    {
        int width = checked((int)(hi - lo + 1));
        double[] observedByK = new double[width];
        foreach (long k in draws)
        {
            observedByK[Math.Clamp(k, lo, hi) - lo]++;
        }

        var expectedCells = new List<double>();
        var observedCells = new List<double>();
        double expected = 0.0;
        double observed = 0.0;
        for (long k = lo; k <= hi; k++)
        {
            expected += pmf(k) * draws.Length;
            observed += observedByK[k - lo];
            if (expected >= 5.0)
            {
                expectedCells.Add(expected);
                observedCells.Add(observed);
                expected = 0.0;
                observed = 0.0;
            }
        }

        // The right tail that never reached 5 joins the last cell.
        expectedCells[^1] += expected;
        observedCells[^1] += observed;

        double statistic = 0.0;
        for (int i = 0; i < expectedCells.Count; i++)
        {
            double d = observedCells[i] - expectedCells[i];
            statistic += d * d / expectedCells[i];
        }

        return (statistic, expectedCells.Count - 1);
    }

    /// <summary>Asserts a chi-square statistic is below the 0.999 quantile for its degrees of freedom.</summary>
    public static void AssertChiSquare((double Statistic, int DegreesOfFreedom) result)
    {
        Assert.That(result.DegreesOfFreedom, Is.GreaterThan(0));
        Assert.That(result.Statistic, Is.LessThan(ChiSquared.InvCDF(result.DegreesOfFreedom, 0.999)));
    }
}
