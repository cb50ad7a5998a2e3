namespace ExportFlow.Simulation.Random;

/// <summary>
/// Log-normal variates, exp(mu + sigma·Z), by inversion of one uniform, and the conversion from the
/// 90% range analysts state.
/// </summary>
public static class LogNormalSampler
{
    /// <summary>2·Φ⁻¹(0.95) to the five digits the model fixes.</summary>
    private const double NinetyPercentWidth = 3.2897;

    /// <summary>Draws one LogNormal(mu, sigma) variate after checking the arguments.</summary>
    /// <param name="mu">Mean of ln x. Range: finite.</param>
    /// <param name="sigma">Standard deviation of ln x. Range: 0 ≤ sigma, finite.</param>
    /// <param name="stream">The stream; reads one uniform, none when sigma = 0.</param>
    /// <returns>The variate. Range: x ≥ 0 (x &gt; 0 unless exp underflows); e^mu when sigma = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double mu, double sigma, ref EventStream stream)
    {
        Require.Finite(mu);
        Require.NonNegativeFinite(sigma);
        return SampleUnchecked(mu, sigma, ref stream);
    }

    /// <summary><see cref="Sample"/> without the argument checks.</summary>
    /// <param name="mu">Mean of ln x. Range: finite.</param>
    /// <param name="sigma">Standard deviation of ln x. Range: 0 ≤ sigma, finite.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The variate. Range: x ≥ 0.</returns>
    public static double SampleUnchecked(double mu, double sigma, ref EventStream stream)
    {
        return Math.Exp(NormalSampler.SampleUnchecked(mu, sigma, ref stream));
    }

    /// <summary>
    /// The (mu, sigma) whose 5th and 95th percentiles are (approximately) p05 and p95:
    /// mu = (ln p05 + ln p95)/2, sigma = (ln p95 − ln p05)/3.2897.
    /// </summary>
    /// <param name="p05">The 5th percentile. Range: 0 &lt; p05 ≤ p95, finite.</param>
    /// <param name="p95">The 95th percentile. Range: p95 ≥ p05, finite.</param>
    /// <returns>mu (finite) and sigma (≥ 0; 0 when p05 = p95).</returns>
    /// <exception cref="ArgumentOutOfRangeException">p05 ≤ 0, p05 &gt; p95, or a value not finite.</exception>
    public static (double Mu, double Sigma) FromP05P95(double p05, double p95)
    {
        Require.PositiveFinite(p05);
        Require.PositiveFinite(p95);
        if (p05 > p95)
        {
            throw new ArgumentOutOfRangeException(nameof(p95), p95, "Must satisfy p05 ≤ p95.");
        }

        double lo = Math.Log(p05);
        double hi = Math.Log(p95);
        return ((lo + hi) / 2.0, (hi - lo) / NinetyPercentWidth);
    }
}
