namespace ExportFlow.Simulation.Random;

/// <summary>
/// One Binomial(n, p) draw with its set-up done: the method chosen from (n, p) and the constants that
/// method needs. <see cref="BinomialSampler.SampleUnchecked"/> builds one per call; the engine keeps one
/// per route and draws from it again while (n, p) stays the same, which skips the set-up (a log and an
/// exp for inversion, a square root and divisions for BTRD) without changing any draw.
/// </summary>
internal readonly struct BinomialDraw
{
    /// <summary>Sets up a draw of Binomial(<paramref name="n"/>, <paramref name="p"/>); arguments as in <see cref="BinomialSampler.SampleUnchecked"/>.</summary>
    public BinomialDraw(long n, double p)
    {
        N = n;
        if (n <= 0 || p <= 0.0)
        {
            Method = BinomialMethod.None;
            return;
        }

        if (p >= 1.0)
        {
            Method = BinomialMethod.All;
            return;
        }

        Upper = p > 0.5;
        double small = Upper ? 1.0 - p : p;
        if (n * small < 10.0)
        {
            // Inversion reads 1 − u for p > ½; the ratio and start are those of 1 − p.
            Method = BinomialMethod.Inversion;
            Odds = small / (1.0 - small);
            Start = BinomialSampler.InversionStart(n, small);
            return;
        }

        Method = BinomialMethod.Btrd;
        double nd = n;
        double q = 1.0 - small;
        Mode = Math.Floor((nd + 1.0) * small);
        Odds = small / q;
        OddsN = (nd + 1.0) * Odds;
        Npq = nd * small * q;
        double spq = Math.Sqrt(Npq);
        B = 1.15 + (2.53 * spq);
        A = -0.0873 + (0.0248 * B) + (0.01 * small);
        C = (nd * small) + 0.5;
        Alpha = (2.83 + (5.1 / B)) * spq;
        Vr = 0.92 - (4.2 / B);
        Urvr = 0.86 * Vr;
    }

    public readonly long N;

    public readonly BinomialMethod Method;

    /// <summary>p &gt; ½: the draw is n minus a draw with 1 − p.</summary>
    public readonly bool Upper;

    /// <summary>r = p'/(1 − p') with p' = min(p, 1 − p).</summary>
    public readonly double Odds;

    /// <summary>Inversion: (1 − p')^n.</summary>
    public readonly double Start;

    // BTRD (Hörmann's names): m, (n + 1)·r, n·p'·q', b, a, c, α, v_r and u_r·v_r.
    public readonly double Mode;

    public readonly double OddsN;

    public readonly double Npq;

    public readonly double B;

    public readonly double A;

    public readonly double C;

    public readonly double Alpha;

    public readonly double Vr;

    public readonly double Urvr;

    /// <summary>Draws from <paramref name="stream"/>; the same values as <see cref="BinomialSampler.SampleUnchecked"/>.</summary>
    public long Sample(ref EventStream stream)
    {
        switch (Method)
        {
            case BinomialMethod.None:
                return 0;
            case BinomialMethod.All:
                return N;
            case BinomialMethod.Inversion:
                double u = stream.NextUniform();
                return Upper
                    ? N - BinomialSampler.InvertLower(N, Odds, Start, 1.0 - u)
                    : BinomialSampler.InvertLower(N, Odds, Start, u);
            default:
                long k = BinomialSampler.Btrd(in this, ref stream);
                return Upper ? N - k : k;
        }
    }
}

/// <summary>How a <see cref="BinomialDraw"/> draws.</summary>
internal enum BinomialMethod : byte
{
    /// <summary>n = 0 or p = 0: always 0, no uniform read.</summary>
    None,

    /// <summary>p = 1: always n, no uniform read.</summary>
    All,

    /// <summary>n·min(p, 1 − p) &lt; 10: one uniform, sequential search.</summary>
    Inversion,

    /// <summary>Otherwise: BTRD.</summary>
    Btrd,
}
