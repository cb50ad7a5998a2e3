using System.Runtime.CompilerServices;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Per-thread scratch buffers and the tallies of the current trial. Allocated once per thread and
/// plan; a trial only overwrites it, so the hot loop allocates nothing.
/// </summary>
internal sealed class TrialState
{
    public static readonly int OutcomeCount = Enum.GetValues<Outcome>().Length;

    /// <param name="plan">The compiled scenario.</param>
    /// <param name="byPeriod">Whether to record every period's tallies (per-period statistics); off, no per-period buffer is allocated.</param>
    public TrialState(FlowPlan plan, bool byPeriod = false)
    {
        ByPeriod = byPeriod;
        int periods = byPeriod ? plan.Periods : 0;
        PeriodRows = new double[periods * OutcomeCount];
        PeriodLeakedBySourceCountry = new double[periods * plan.Countries.Length];
        PeriodLeakedByTransitCountry = new double[periods * plan.Countries.Length];
        PeriodBilledRows = new double[periods * plan.Countries.Length];
        PeriodReceivedRows = new double[periods * plan.Countries.Length];

        Values = (double[])plan.StaticValues.Clone();
        DrawValues = new double[plan.Draws.Length];
        Scores = new double[plan.ScoreGroupDraws.Length > 0 ? plan.Draws.Length : 0];
        Epsilon = new double[plan.ScoreGroupDraws.Length];
        GrowthRaw = new double[plan.GrowthDraws.Length];
        QuotaAmount = new double[plan.QuotaCount];
        Stock = new double[plan.NodeCount];
        Quota = new double[plan.QuotaCount];
        QuotaNominal = new double[plan.QuotaCount];
        Passed = new double[plan.LegitEdgeCount];
        Accepted = new double[plan.LegitEdgeCount];
        Share = new double[plan.LegitEdgeCount];
        NominalInflow = new double[plan.SourceCount];
        LicensedNominal = new double[plan.RestrictedCount];
        Capacity = new double[plan.SourceCount];
        Planned = new double[plan.SourceCount];
        Diverted = new double[plan.SourceCount];
        Held = new double[plan.SourceCount];
        SourceWeight = new double[plan.SourceCount];
        Active = new bool[plan.SourceCount];
        RouteWeight = new double[plan.RouteCount];
        RouteFlow = new double[plan.RouteCount];
        RouteCost = new double[plan.RouteCount];
        RouteLogSize = new double[plan.RouteCount];
        RouteSurvival = new double[plan.RouteCount];
        RouteLogCapacity = new double[plan.RouteCount];
        Perceived = new double[plan.AnyLearning ? plan.RouteCount : 0];
        RouteLastSeized = new double[plan.AnyLearning ? plan.RouteCount : 0];
        RouteDraws = new FluidDraw[plan.RouteCount];
        RouteEdgeCatch = new double[plan.RouteEdges.Length];
        EdgeUse = new int[plan.IllicitEdgeCount];
        ShareCacheValid = new bool[plan.RestrictedCount];
        RouteSlotKeys = new ulong[4 * plan.RouteCount];
        EdgeSlotKeys = new ulong[2 * plan.LegitEdgeCount];
        ShareCacheMask = new ulong[plan.RestrictedCount];
        SizeCacheValid = new bool[plan.RestrictedCount];
        SizeCacheMask = new ulong[plan.RestrictedCount];
        WillingShare = new double[plan.RestrictedCount];
        Outcomes = new double[OutcomeCount];
        LeakedByRoute = new double[plan.RouteCount];
        SeizedByRoute = new double[plan.RouteCount];
        SeizedPending = new double[plan.RouteCount];
        FlaggedByRoute = new double[plan.RouteCount];
        LeakedBySource = new double[plan.SourceCount];
        LeakedBySourceCountry = new double[plan.Countries.Length];
        LeakedByTransitCountry = new double[plan.Countries.Length];
        InterdictedByEdge = new double[plan.IllicitEdgeCount];
        Billed = new double[plan.Countries.Length];
        Received = new double[plan.Countries.Length];
        PeriodOutcomes = new double[OutcomeCount];
        PeriodBilled = new double[plan.Countries.Length];
        PeriodReceived = new double[plan.Countries.Length];
        StockAtStart = new double[plan.NodeCount];
        QuotaAtStart = new double[plan.QuotaCount];
    }

    /// <summary>
    /// Sensitivity hook, off (null) in ordinary runs: per draw of the plan, the trial prefix its slot's streams
    /// are keyed by instead of the trial's own (see <c>StreamKeys.SlotKeyFromPrefix</c>). Transit, licence and
    /// flag draws always keep the trial's key.
    /// </summary>
    public ulong[]? DrawPrefixes { get; set; }

    /// <summary>Sensitivity hook, off (null) in ordinary runs: per draw, a value taken in every period instead of a draw (NaN: drawn as usual).</summary>
    public double[]? DrawFixed { get; set; }

    /// <summary>Sensitivity hook, off (null) in ordinary runs: per draw, the sum of its values over the trial's draws (clear it before a trial).</summary>
    public double[]? DrawSums { get; set; }

    /// <summary>
    /// Quasi-random input points (<c>--sampling sobol|lhs</c>), null for random sampling: the input draws then read
    /// u = <see cref="InputPoints.Uniform"/>(<see cref="Trial"/>, dimension) through the exact inverse CDF.
    /// </summary>
    public InputPoints? Points { get; set; }

    /// <summary>The index of the trial being run (read only with <see cref="Points"/>).</summary>
    public long Trial { get; set; }

    // Scratch.
    public double[] Values { get; }
    public double[] DrawValues { get; }

    /// <summary>Normal score z of each score draw (model v2), kept between periods for the AR(1); empty without scores.</summary>
    public double[] Scores { get; }

    /// <summary>Scratch for one score group's ε = Φ⁻¹(u).</summary>
    public double[] Epsilon { get; }

    /// <summary>Each growth draw's value before growth.</summary>
    public double[] GrowthRaw { get; }

    /// <summary>The amount each quota was last filled or adjusted to (for timed changes to a per-horizon cap).</summary>
    public double[] QuotaAmount { get; }
    public double[] Stock { get; }

    /// <summary>ln(C_s / Σ C) of each route's source in its choice set (routeChoice: capacity).</summary>
    public double[] RouteLogCapacity { get; }

    /// <summary>Perceived detection p̃ of each route (learning); empty without learning.</summary>
    public double[] Perceived { get; }

    /// <summary>Units of each route seized in the period just drawn (learning); empty without learning.</summary>
    public double[] RouteLastSeized { get; }
    public double[] Quota { get; }
    public double[] QuotaNominal { get; }
    public double[] Passed { get; }
    public double[] Accepted { get; }
    public double[] Share { get; }
    public double[] NominalInflow { get; }
    public double[] LicensedNominal { get; }
    public double[] Capacity { get; }
    public double[] Planned { get; }
    public double[] Diverted { get; }
    public double[] Held { get; }
    public double[] SourceWeight { get; }
    public bool[] Active { get; }
    public double[] RouteWeight { get; }
    public double[] RouteFlow { get; }
    public double[] RouteCost { get; }
    public double[] RouteLogSize { get; }
    public double[] RouteSurvival { get; }

    // The set-up of each route's last transit draw, reused while its flow, survival and lot stay the same.
    public FluidDraw[] RouteDraws { get; }

    // Per route edge: the share of the route's seizures made on that edge (set with RouteSurvival).
    public double[] RouteEdgeCatch { get; }
    public int[] EdgeUse { get; }
    public bool[] ShareCacheValid { get; }

    /// <summary>Per route, the slot keys of this trial: transit, transit #f, flag, flag #f.</summary>
    public ulong[] RouteSlotKeys { get; }

    /// <summary>Per legit edge, the slot keys of this trial: licence, licence #f.</summary>
    public ulong[] EdgeSlotKeys { get; }
    public ulong[] ShareCacheMask { get; }

    // Path sizes (RouteLogSize) of each restricted node's choice set, kept across trials while the set stays.
    public bool[] SizeCacheValid { get; }
    public ulong[] SizeCacheMask { get; }
    public double[] WillingShare { get; }

    // Tallies of the current trial.
    public double[] Outcomes { get; }
    public double[] LeakedByRoute { get; }

    // Per route: seized and flagged units of the trial so far, and seizures not yet attributed to edges.
    public double[] SeizedByRoute { get; }
    public double[] SeizedPending { get; }
    public double[] FlaggedByRoute { get; }
    public double[] LeakedBySource { get; }
    public double[] LeakedBySourceCountry { get; }
    public double[] LeakedByTransitCountry { get; }
    public double[] InterdictedByEdge { get; }
    public double[] Billed { get; }
    public double[] Received { get; }
    public double SaturatedCount { get; set; }
    public double EligibleCount { get; set; }

    /// <summary>Share of source-periods with positive capacity and demand in which the source was saturated.</summary>
    // The deterministic part of the last fully computed period (steps 2-4): its tallies, and the stock
    // and quotas it started from. A period that starts from the same state repeats it exactly.
    public double[] PeriodOutcomes { get; }
    public double[] PeriodBilled { get; }
    public double[] PeriodReceived { get; }
    public double PeriodSaturated { get; set; }
    public double PeriodEligible { get; set; }
    public double[] StockAtStart { get; }
    public double[] QuotaAtStart { get; }
    public bool PeriodMemoValid { get; set; }

    /// <summary>Whether every period's tallies are recorded (per-period statistics were asked for).</summary>
    public bool ByPeriod { get; }

    /// <summary>
    /// With <see cref="ByPeriod"/>: the outcomes of each period alone, row t − 1 of <see cref="OutcomeCount"/>
    /// values indexed by <see cref="Outcome"/>; the stock outcomes are levels (initialStock at the start of
    /// the period, finalStock at its end). Empty without <see cref="ByPeriod"/>.
    /// </summary>
    public double[] PeriodRows { get; }

    /// <summary>With <see cref="ByPeriod"/>: leaked by source country in each period, row t − 1 of one value per country.</summary>
    public double[] PeriodLeakedBySourceCountry { get; }

    /// <summary>With <see cref="ByPeriod"/>: leaked by transit country in each period, row t − 1 of one value per country.</summary>
    public double[] PeriodLeakedByTransitCountry { get; }

    /// <summary>With <see cref="ByPeriod"/>: units billed to each country in each period, row t − 1 of one value per country.</summary>
    public double[] PeriodBilledRows { get; }

    /// <summary>With <see cref="ByPeriod"/>: units received in each country in each period, row t − 1 of one value per country.</summary>
    public double[] PeriodReceivedRows { get; }

    // Periods of the current trial whose steps 2-4 repeated the last computed period (for tests and bench).
    public int RepeatedPeriods { get; set; }

    public double SaturatedShare => EligibleCount > 0 ? SaturatedCount / EligibleCount : 0.0;

    /// <summary>Clears the tallies before a trial.</summary>
    public void ResetTallies()
    {
        Zero(Outcomes);
        Zero(LeakedByRoute);
        Zero(SeizedByRoute);
        Zero(SeizedPending);
        Zero(FlaggedByRoute);
        Zero(LeakedBySource);
        Zero(LeakedBySourceCountry);
        Zero(LeakedByTransitCountry);
        Zero(InterdictedByEdge);
        Zero(Billed);
        Zero(Received);
        SaturatedCount = 0;
        EligibleCount = 0;
        RepeatedPeriods = 0;
        if (ByPeriod)
        {
            Zero(PeriodRows);
            Zero(PeriodLeakedBySourceCountry);
            Zero(PeriodLeakedByTransitCountry);
        }
    }

    /// <summary>
    /// Sets every element to 0. A short array (a small model's tallies: a handful of routes and countries) is
    /// cleared by an inlined loop: <see cref="Array.Clear(Array)"/>'s call and dispatch cost more than the
    /// stores, and a small model's trial clears about fifteen arrays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Zero<T>(T[] array)
        where T : unmanaged
    {
        if (array.Length <= ShortArray)
        {
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = default;
            }
        }
        else
        {
            Array.Clear(array);
        }
    }

    private const int ShortArray = 16;
}
