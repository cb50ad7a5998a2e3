namespace ExportFlow.Simulation.Random;

/// <summary>
/// Exact Binomial(n, p) variates read from an <see cref="EventStream"/>.
/// </summary>
/// <remarks>
/// Implementation note: the method is chosen from (n, p) alone, so a policy's draw and the baseline's
/// draw of the same event use the same method whenever n·min(p, 1 − p) stays on one side of 10.
/// <list type="bullet">
/// <item>n = 0 or p ∈ {0, 1}: the outcome is certain and no value is read.</item>
/// <item>n·min(p, 1 − p) &lt; 10: inversion of ONE uniform u by sequential search from 0. For p &gt; ½ the
/// draw is n − Inv(n, 1 − p; 1 − u), so in both halves the draw rises with u, p and n: a small change of
/// n or p moves the draw by little, which keeps paired policy differences precise.</item>
/// <item>otherwise BTRD, transformed rejection with decomposition (W. Hörmann, "The generation of binomial
/// random variates", J. Statist. Comput. Simul. 46, 1993, 101–110), O(1) expected time; it reads two or
/// more uniforms, and for p &gt; ½ returns n − BTRD(n, 1 − p).</item>
/// </list>
/// </remarks>
public static class BinomialSampler
{
    // Stirling-series remainders fc(k) = ln k! − (k + ½) ln(k + 1) + (k + 1) − ½ ln 2π for k = 0..9.
    // A static array, not a ReadOnlySpan<double> property: the collection expression allocated on each read.
    private static readonly double[] StirlingTail =
    [
        0.08106146679532726,
        0.04134069595540929,
        0.02767792568499834,
        0.02079067210376509,
        0.01664469118982119,
        0.01387612882307075,
        0.01189670994589177,
        0.01041126526197209,
        0.009255462182712733,
        0.008330563433362871,
    ];

    /// <summary>Draws one Binomial(n, p) variate after checking the arguments.</summary>
    /// <param name="n">Number of trials. Range: n ≥ 0 (the BTRD branch is exact for n &lt; 2^53).</param>
    /// <param name="p">Success probability. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="stream">The event's stream; advanced by the uniforms read (none when certain).</param>
    /// <returns>The number of successes. Range: 0 ≤ k ≤ n.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 0, or
    /// <paramref name="p"/> outside [0, 1] or NaN.</exception>
    public static long Sample(long n, double p, ref EventStream stream)
    {
        Require.NonNegative(n);
        Require.Probability(p);
        return SampleUnchecked(n, p, ref stream);
    }

    /// <summary>
    /// <see cref="Sample"/> without the argument checks, for callers that validated once up front.
    /// Arguments outside the ranges of <see cref="Sample"/> give unspecified results.
    /// </summary>
    /// <param name="n">Number of trials. Range: n ≥ 0.</param>
    /// <param name="p">Success probability. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="stream">The event's stream.</param>
    /// <returns>The number of successes. Range: 0 ≤ k ≤ n.</returns>
    public static long SampleUnchecked(long n, double p, ref EventStream stream)
    {
        var draw = new BinomialDraw(n, p);
        return draw.Sample(ref stream);
    }

    /// <summary>
    /// The inversion branch as a function of its uniform: the smallest k with u ≤ F(k; n, p), computed
    /// for p &gt; ½ as n − Inv(n, 1 − p; 1 − u). Non-decreasing in u, n and p.
    /// </summary>
    /// <param name="n">Number of trials. Range: n ≥ 0, n·min(p, 1 − p) small (the search is O(n·p)).</param>
    /// <param name="p">Success probability. Range: 0 &lt; p &lt; 1.</param>
    /// <param name="u">The uniform. Range: 0 &lt; u &lt; 1.</param>
    internal static long InvertUnchecked(long n, double p, double u)
    {
        if (p > 0.5)
        {
            double q = 1.0 - p;
            return n - InvertLower(n, q / (1.0 - q), InversionStart(n, q), 1.0 - u);
        }

        return InvertLower(n, p / (1.0 - p), InversionStart(n, p), u);
    }

    /// <summary>P(X = 0) = (1 − p)^n, where the inversion search starts; p ≤ ½.</summary>
    internal static double InversionStart(long n, double p) => Math.Exp(n * Accurate.LogOnePlus(-p));

    /// <summary>Sequential search from 0 for p ≤ ½: smallest k with u ≤ F(k), given p/(1 − p) and (1 − p)^n.</summary>
    internal static long InvertLower(long n, double ratio, double start, double u)
    {
        return InvertLowerFrom(n, ratio, 0, start, start, u);
    }

    /// <summary>The search of <see cref="InvertLower"/> resumed at k with P(X = k) = <paramref name="pmf"/> and F(k) = <paramref name="cdf"/>.</summary>
    internal static long InvertLowerFrom(long n, double ratio, long k, double pmf, double cdf, double u)
    {
        while (u > cdf)
        {
            if (k >= n)
            {
                return n;
            }

            k++;
            pmf *= (n - k + 1) * ratio / k;
            double next = cdf + pmf;
            if (next == cdf)
            {
                // The remaining mass no longer moves the sum: u sits in the rounding residue of the cdf
                // (probability ~1e-16). Stop here rather than walk a tail of zeros.
                return k;
            }

            cdf = next;
        }

        return k;
    }

    /// <summary>Hörmann's BTRD for p ≤ ½ and n·p ≥ 10, with the set-up of <paramref name="d"/>.</summary>
    internal static long Btrd(in BinomialDraw d, ref EventStream stream)
    {
        double nd = d.N;
        double m = d.Mode, r = d.Odds, nr = d.OddsN, npq = d.Npq, b = d.B, a = d.A, c = d.C;
        double alpha = d.Alpha, vr = d.Vr, urvr = d.Urvr;
        double h = double.NaN;

        while (true)
        {
            // Step 1: the box region, accepted at once; the uniform is recycled as u.
            double v = stream.NextUniform();
            double u;
            double us;
            double kd;
            if (v <= urvr)
            {
                u = (v / vr) - 0.43;
                us = 0.5 - Math.Abs(u);
                kd = Math.Floor((((2.0 * a / us) + b) * u) + c);
                if (kd >= 0.0 && kd <= nd)
                {
                    return (long)kd;
                }

                continue;
            }

            // Step 2: a point of the remaining region, (u, v) uniform under the hat.
            if (v >= vr)
            {
                u = stream.NextUniform() - 0.5;
            }
            else
            {
                u = (v / vr) - 0.93;
                u = Math.CopySign(0.5, u) - u;
                v = vr * stream.NextUniform();
            }

            // Step 3.0: transform; NaN or out-of-range k is rejected.
            us = 0.5 - Math.Abs(u);
            kd = Math.Floor((((2.0 * a / us) + b) * u) + c);
            if (!(kd >= 0.0 && kd <= nd))
            {
                continue;
            }

            v *= alpha / ((a / (us * us)) + b);
            double km = Math.Abs(kd - m);
            if (km <= 15.0)
            {
                // Step 3.1: f(k)/f(m) by the recursion f(i)/f(i − 1) = nr/i − r.
                double f = 1.0;
                if (m < kd)
                {
                    for (double i = m + 1.0; i <= kd; i++)
                    {
                        f *= (nr / i) - r;
                    }
                }
                else if (m > kd)
                {
                    for (double i = kd + 1.0; i <= m; i++)
                    {
                        v *= (nr / i) - r;
                    }
                }

                if (v <= f)
                {
                    return (long)kd;
                }

                continue;
            }

            // Step 3.2: squeeze around the normal approximation of ln(f(k)/f(m)).
            v = Math.Log(v);
            double rho = (km / npq) * (((((km / 3.0) + 0.625) * km) + (1.0 / 6.0)) / npq + 0.5);
            double t = -km * km / (2.0 * npq);
            if (v < t - rho)
            {
                return (long)kd;
            }

            if (v > t + rho)
            {
                continue;
            }

            // Step 3.3: the k-independent part of the exact log ratio, computed once per call.
            double nm = nd - m + 1.0;
            if (double.IsNaN(h))
            {
                h = ((m + 0.5) * Math.Log((m + 1.0) / (r * nm))) + StirlingCorrection(m) + StirlingCorrection(nd - m);
            }

            // Step 3.4: final acceptance with the exact log ratio via Stirling's series.
            double nk = nd - kd + 1.0;
            double bound = h
                + ((nd + 1.0) * Math.Log(nm / nk))
                + ((kd + 0.5) * Math.Log(nk * r / (kd + 1.0)))
                - StirlingCorrection(kd)
                - StirlingCorrection(nd - kd);
            if (v <= bound)
            {
                return (long)kd;
            }
        }
    }

    /// <summary>fc(k) = ln k! − (k + ½) ln(k + 1) + (k + 1) − ½ ln 2π for an integer-valued k ≥ 0.</summary>
    private static double StirlingCorrection(double k)
    {
        if (k <= 9.0)
        {
            return StirlingTail[(int)k];
        }

        double inv = 1.0 / (k + 1.0);
        double inv2 = inv * inv;
        return ((1.0 / 12.0) - (((1.0 / 360.0) - ((1.0 / 1260.0) * inv2)) * inv2)) * inv;
    }
}
