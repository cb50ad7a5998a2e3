using System.Runtime.CompilerServices;

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
        var draw = new FluidDraw(x, p, lot);
        return draw.Sample(ref stream, ref fracStream);
    }
}

/// <summary>
/// One draw of rule F with its set-up done (m, ⌊m⌋, the fraction and the whole-lot binomial). The
/// engine keeps one per route and draws from it again while (x, p, lot) stays the same; every draw
/// equals <see cref="FluidBinomial.SampleUnchecked"/> with the same streams.
/// </summary>
internal struct FluidDraw
{
    /// <summary>Sets up B(x) with arguments as in <see cref="FluidBinomial.SampleUnchecked"/>.</summary>
    /// <param name="x">The amount.</param>
    /// <param name="p">The probability per lot.</param>
    /// <param name="lot">Units per lot.</param>
    /// <param name="tabulate">Tabulate the whole-lot inversion (for a draw that is kept and reused).</param>
    public FluidDraw(double x, double p, double lot, bool tabulate = false)
    {
        Set(x, p, lot, tabulate);
    }

    /// <summary>Sets this draw up again, in place (the engine's per-route draws are reset this way).</summary>
    /// <param name="x">The amount.</param>
    /// <param name="p">The probability per lot.</param>
    /// <param name="lot">Units per lot.</param>
    /// <param name="tabulate">Tabulate the whole-lot inversion.</param>
    public void Set(double x, double p, double lot, bool tabulate)
    {
        X = x;
        P = p;
        Lot = lot;
        _lots = 0;
        _fraction = 0;
        if (x <= 0.0 || p <= 0.0)
        {
            _certain = 0.0;
            _whole = default;
            return;
        }

        if (p >= 1.0)
        {
            _certain = x;
            _whole = default;
            return;
        }

        _certain = double.NaN;
        _lots = x / lot;
        double whole = Math.Floor(_lots);
        _fraction = _lots - whole;
        _whole.Set((long)whole, p, tabulate);
    }

    /// <summary>The amount x the draw was set up for.</summary>
    public double X;

    /// <summary>The probability p the draw was set up for.</summary>
    public double P;

    /// <summary>The lot size the draw was set up for.</summary>
    public double Lot;

    /// <summary>The outcome when it is certain (no uniform read), NaN otherwise.</summary>
    private double _certain;

    /// <summary>m = x/lot.</summary>
    private double _lots;

    /// <summary>m − ⌊m⌋.</summary>
    private double _fraction;

    private BinomialDraw _whole;

    /// <summary>Whether this draw was set up for exactly (x, p, lot).</summary>
    public readonly bool Matches(double x, double p, double lot) => x == X && p == P && lot == Lot;

    /// <summary>Whether the whole lots are drawn from a table (see <see cref="SampleTabulated"/>).</summary>
    public readonly bool IsTabulated => double.IsNaN(_certain) && _whole.TableLength > 0;

    /// <summary>Whether a fractional lot is drawn (its uniform is read only then).</summary>
    public readonly bool HasFraction => _fraction > 0.0;

    /// <summary>
    /// <see cref="Sample"/> for a tabulated draw (<see cref="IsTabulated"/>), from the first uniform of the
    /// whole-lot stream, <paramref name="u"/>, and the first uniform of the fraction's stream,
    /// <paramref name="fractionU"/> (ignored when <see cref="HasFraction"/> is false, so the caller derives
    /// it only when needed). The same value as <see cref="Sample"/> with those streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double SampleTabulated(double u, double fractionU)
    {
        return Units(_whole.SampleTabulated(u), _fraction > 0.0 && fractionU < P);
    }

    /// <summary>B(x), reading the whole lots from <paramref name="stream"/> and the fraction from <paramref name="fracStream"/>.</summary>
    public readonly double Sample(ref EventStream stream, ref EventStream fracStream)
    {
        if (!double.IsNaN(_certain))
        {
            return _certain;
        }

        long whole = _whole.Sample(ref stream);
        return Units(whole, _fraction > 0.0 && fracStream.NextUniform() < P);
    }

    /// <summary>The units of <paramref name="wholeLots"/> lots, plus the fraction when it is taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly double Units(long wholeLots, bool fractionTaken)
    {
        double lots = fractionTaken ? wholeLots + _fraction : wholeLots;

        // All lots taken (including the fraction) is exactly x, not lot·m, which may round past x.
        double units = Lot * lots;
        return lots >= _lots ? X : units < X ? units : X;
    }
}
