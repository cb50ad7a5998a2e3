using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ExportFlow.Simulation.Random;

/// <summary>
/// One Binomial(n, p) draw with its set-up done: the method chosen from (n, p) and the constants that
/// method needs. <see cref="BinomialSampler.SampleUnchecked"/> builds one per call; the engine keeps one
/// per route and draws from it again while (n, p) stays the same, which skips the set-up (a log and an
/// exp for inversion, a square root and divisions for BTRD) without changing any draw. A kept draw
/// also tabulates the first <see cref="CdfTable.Size"/> values of the inversion's cdf, so that most
/// draws are a count of table entries below u instead of a walk with a division per step.
/// </summary>
internal struct BinomialDraw
{
    /// <summary>Sets up a draw of Binomial(<paramref name="n"/>, <paramref name="p"/>); arguments as in <see cref="BinomialSampler.SampleUnchecked"/>.</summary>
    /// <param name="n">Number of trials.</param>
    /// <param name="p">Success probability.</param>
    /// <param name="tabulate">Tabulate the inversion's cdf (worth it when the draw is reused).</param>
    public BinomialDraw(long n, double p, bool tabulate = false)
    {
        Set(n, p, tabulate);
    }

    /// <summary>Sets this draw up again, in place, for Binomial(<paramref name="n"/>, <paramref name="p"/>).</summary>
    /// <param name="n">Number of trials.</param>
    /// <param name="p">Success probability.</param>
    /// <param name="tabulate">Tabulate the inversion's cdf.</param>
    public void Set(long n, double p, bool tabulate)
    {
        this = default;
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
            if (tabulate)
            {
                Tabulate();
            }

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

    public long N;

    /// <summary>Inversion, tabulated: F(0), F(1), … of the lower tail (then +∞), <see cref="TableLength"/> of them.</summary>
    public CdfTable Cdf;

    /// <summary>Entries of <see cref="Cdf"/> in use; 0 when the draw is not tabulated.</summary>
    public int TableLength;

    /// <summary>For u beyond the table: return <see cref="TailK"/> (the walk would stop there), or
    /// continue the walk from k = <see cref="TailK"/> with pmf <see cref="TailPmf"/> and cdf <see cref="TailCdf"/>.</summary>
    public bool TailReturns;

    public long TailK;

    public double TailPmf;

    public double TailCdf;

    public BinomialMethod Method;

    /// <summary>p &gt; ½: the draw is n minus a draw with 1 − p.</summary>
    public bool Upper;

    /// <summary>r = p'/(1 − p') with p' = min(p, 1 − p).</summary>
    public double Odds;

    /// <summary>Inversion: (1 − p')^n.</summary>
    public double Start;

    // BTRD (Hörmann's names): m, (n + 1)·r, n·p'·q', b, a, c, α, v_r and u_r·v_r.
    public double Mode;

    public double OddsN;

    public double Npq;

    public double B;

    public double A;

    public double C;

    public double Alpha;

    public double Vr;

    public double Urvr;

    /// <summary>
    /// Runs the inversion's walk (<see cref="BinomialSampler.InvertLower"/>) ahead of time, keeping each cdf
    /// value it would compare u with, and where the walk would stop or go on beyond the table.
    /// </summary>
    private void Tabulate()
    {
        ref double cdf = ref Unsafe.As<CdfTable, double>(ref Cdf);
        double pmf = Start, sum = pmf;
        long k = 0;
        int length = 0;
        Unsafe.Add(ref cdf, length++) = sum;
        TailReturns = true;
        while (true)
        {
            if (length == CdfTable.Size)
            {
                TailReturns = false;
                TailPmf = pmf;
                TailCdf = sum;
                break;
            }

            if (k >= N)
            {
                k = N;
                break;
            }

            k++;
            pmf *= (N - k + 1) * Odds / k;
            double next = sum + pmf;
            if (next == sum)
            {
                break;
            }

            sum = next;
            Unsafe.Add(ref cdf, length++) = sum;
        }

        TailK = k;
        TableLength = length;
        for (int i = length; i < CdfTable.Size; i++)
        {
            Unsafe.Add(ref cdf, i) = double.PositiveInfinity;
        }
    }

    /// <summary><see cref="Sample"/> for a tabulated inversion (<see cref="TableLength"/> &gt; 0), given the
    /// stream's first uniform <paramref name="u"/> (inversion reads no other); inlined into the transit loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long SampleTabulated(double u)
    {
        long found = Lookup(Upper ? 1.0 - u : u);
        return Upper ? N - found : found;
    }

    /// <summary>The inversion draw for uniform <paramref name="u"/> (Method is Inversion): as <see cref="BinomialSampler.InvertUnchecked"/>.</summary>
    internal readonly long Invert(double u)
    {
        if (TableLength > 0)
        {
            long found = Lookup(Upper ? 1.0 - u : u);
            return Upper ? N - found : found;
        }

        return Upper
            ? N - BinomialSampler.InvertLower(N, Odds, Start, 1.0 - u)
            : BinomialSampler.InvertLower(N, Odds, Start, u);
    }

    /// <summary>The walk's result for u (lower tail), from the table: the number of entries below u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly long Lookup(double u)
    {
        // Two 4-wide compares and a population count (the table is padded with +∞). The table is read
        // through a ref to its first element: a span over an inline array is not free in this loop.
        ref double first = ref Unsafe.As<CdfTable, double>(ref Unsafe.AsRef(in Cdf));
        Vector256<double> uu = Vector256.Create(u);
        uint mask = Vector256.GreaterThan(uu, Vector256.LoadUnsafe(ref first)).ExtractMostSignificantBits()
            | (Vector256.GreaterThan(uu, Vector256.LoadUnsafe(ref first, 4)).ExtractMostSignificantBits() << 4);
        int below = BitOperations.PopCount(mask);

        if (below < TableLength)
        {
            return below;
        }

        return TailReturns ? TailK : BinomialSampler.InvertLowerFrom(N, Odds, TailK, TailPmf, TailCdf, u);
    }

    /// <summary>Draws from <paramref name="stream"/>; the same values as <see cref="BinomialSampler.SampleUnchecked"/>.</summary>
    public readonly long Sample(ref EventStream stream)
    {
        switch (Method)
        {
            case BinomialMethod.None:
                return 0;
            case BinomialMethod.All:
                return N;
            case BinomialMethod.Inversion:
                return Invert(stream.NextUniform());
            default:
                long k = BinomialSampler.Btrd(in this, ref stream);
                return Upper ? N - k : k;
        }
    }
}

/// <summary>The first cdf values of a tabulated inversion.</summary>
[InlineArray(Size)]
internal struct CdfTable
{
    /// <summary>Entries (two 4-wide vectors in the lookup): with n·p near 1, as in the bundled scenarios, P(X ≥ 8) is about 1e-5.</summary>
    public const int Size = 8;

    private double _element;
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
