namespace ExportFlow.Simulation.Random;

/// <summary>
/// Rule F of the model: a random event on a fluid (real-valued) amount that moves whole lots.
/// B(x) = L·[Binomial(⌊m⌋, p) + (m − ⌊m⌋)·1{u &lt; p}] with m = x/L.
/// </summary>
/// <remarks>
/// Implementation note: E[B(x)] = p·x exactly, and x − B(x) is the other outcome, so mass is conserved.
/// Flooring or rounding m instead would bias small flows by up to 100%. The whole lots draw from the
/// event's stream and the fractional lot from its <c>#f</c> twin, so a change in ⌊m⌋ never shifts u.
/// </remarks>
public static class FluidBinomial
{
    // Whole lots are counted in a long via a double; beyond 2^53 they are no longer exact integers.
    private const double MaxLots = 9007199254740992.0;

    /// <summary>Draws B(x) after checking the arguments.</summary>
    /// <param name="x">The amount, in units (e.g. H100e). Range: 0 ≤ x, finite, x/lot &lt; 2^53.</param>
    /// <param name="p">Probability that a lot takes the outcome. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="lot">Units per lot. Range: lot &gt; 0, finite.</param>
    /// <param name="stream">Stream for the whole lots (slot <c>s</c>); read only by the binomial draw.</param>
    /// <param name="fracStream">Stream for the fractional lot (slot <c>s#f</c>); its first uniform is read
    /// only when x/lot is not a whole number.</param>
    /// <returns>B(x) in units. Range: 0 ≤ B ≤ x; x itself when p = 1, 0 when p = 0 or x = 0 (no draw).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or NaN.</exception>
    public static double Sample(double x, double p, double lot, ref EventStream stream, ref EventStream fracStream)
    {
        Require.NonNegativeFinite(x);
        Require.Probability(p);
        Require.PositiveFinite(lot);
        if (!(x / lot < MaxLots))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x/lot must be below 2^53 lots.");
        }

        return SampleUnchecked(x, p, lot, ref stream, ref fracStream);
    }

    /// <summary>
    /// <see cref="Sample"/> without the argument checks, for callers that validated once up front.
    /// </summary>
    /// <param name="x">The amount in units. Range: 0 ≤ x, x/lot &lt; 2^53.</param>
    /// <param name="p">Probability per lot. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="lot">Units per lot. Range: lot &gt; 0.</param>
    /// <param name="stream">Stream for the whole lots.</param>
    /// <param name="fracStream">Stream for the fractional lot.</param>
    /// <returns>B(x) in units. Range: 0 ≤ B ≤ x.</returns>
    public static double SampleUnchecked(double x, double p, double lot, ref EventStream stream, ref EventStream fracStream)
    {
        if (x <= 0.0 || p <= 0.0)
        {
            return 0.0;
        }

        if (p >= 1.0)
        {
            return x;
        }

        double m = x / lot;
        double whole = Math.Floor(m);
        double fraction = m - whole;
        double lots = BinomialSampler.SampleUnchecked((long)whole, p, ref stream);
        if (fraction > 0.0 && fracStream.NextUniform() < p)
        {
            lots += fraction;
        }

        // All lots taken (including the fraction) is exactly x, not lot·m, which may round past x.
        return lots >= m ? x : Math.Min(lot * lots, x);
    }
}
