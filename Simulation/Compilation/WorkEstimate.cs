using System.Globalization;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// The work and memory a scenario implies, estimated from its network and a count of its illicit
/// routes (<see cref="NetworkGraph.CountRoutes"/>) before any plan is compiled or trial run: routes,
/// route-edge incidences, route-periods per trial, bytes of the plan, of a thread's trial state and of
/// the accumulators, and the time a trial takes. Validation refuses a scenario above the hard limits
/// (<see cref="HardMemoryBytes"/>, <see cref="HardThousandTrials"/>) and warns above the soft ones;
/// <see cref="RunWarnings"/> judges a given run (trials, threads) before it starts.
/// </summary>
/// <remarks>
/// Implementation note: the byte and time figures are per-item costs measured on the reference machine
/// (2 cores, .NET 10; a 30-hub dense mesh with 75,780 routes and a 50,000-node synthetic network):
/// 4 KiB per node and edge of the scenario while it is read and checked, about 250 bytes per built
/// route, 100 bytes per route of a plan plus its key, 400 bytes per route of a thread's trial state,
/// and 3 KiB per breakdown series of an accumulator once it holds data (a quantile sketch each). A
/// run holds one plan, one trial state per thread and threads + 2 accumulators per plan (the total,
/// one block per thread and one waiting to merge). A trial costs about 20 ns per route-period and
/// 150 ns per node-period. Every figure is linear in routes: none grows with routes².
/// </remarks>
public sealed class WorkEstimate
{
    /// <summary>Estimated memory above which validation refuses a scenario (a one-thread run of every plan).</summary>
    public const long HardMemoryBytes = 4L << 30;

    /// <summary>Estimated memory above which validation warns.</summary>
    public const long SoftMemoryBytes = 1L << 30;

    /// <summary>Bytes per route of the route list built while validating and compiling (plus its key).</summary>
    public const long RouteListBytesPerRoute = 160;

    /// <summary>Bytes per route of a compiled plan (plus its key and its edges).</summary>
    public const long PlanBytesPerRoute = 100;

    /// <summary>Bytes per route of one thread's trial state (plus 8 per route edge).</summary>
    public const long StateBytesPerRoute = 400;

    /// <summary>Bytes of one breakdown series of an accumulator holding data (a quantile sketch, moments, exceedances).</summary>
    public const long SeriesBytes = 3072;

    /// <summary>Bytes per node and per edge of the scenario itself while it is read, checked and compiled (the YAML, the model, the graphs).</summary>
    public const long ScenarioBytesPerItem = 4096;

    /// <summary>Nanoseconds of a trial per route-period.</summary>
    public const double RoutePeriodNs = 20;

    /// <summary>Nanoseconds of a trial per node-period.</summary>
    public const double NodePeriodNs = 150;

    /// <summary>Estimated time of 1,000 trials on one thread above which validation refuses a scenario.</summary>
    public static readonly TimeSpan HardThousandTrials = TimeSpan.FromHours(1);

    /// <summary>Estimated time of 1,000 trials on one thread above which validation warns.</summary>
    public static readonly TimeSpan SoftThousandTrials = TimeSpan.FromMinutes(10);

    /// <summary>Estimated time of a run above which <see cref="RunWarnings"/> warns.</summary>
    public static readonly TimeSpan SlowRun = TimeSpan.FromMinutes(2);

    private WorkEstimate(Scenario scenario, RouteCensus census)
    {
        Census = census;
        Periods = scenario.Periods;
        Plans = 1 + scenario.Policies.Count;
        Nodes = scenario.Nodes.Count;
        int sources = scenario.Nodes.Count(n => n.Kind is NodeKind.Hub or NodeKind.Reseller);
        int countries = scenario.Nodes.Select(n => n.Country).Concat(scenario.Edges.Where(e => e.BilledTo is not null).Select(e => e.BilledTo!)).Distinct(StringComparer.Ordinal).Count();
        int illicit = scenario.Edges.Count(e => e.Channel == Channel.Illicit);
        int legit = scenario.Edges.Count - illicit;
        long routes = census.Routes, incidences = census.RouteEdges, keyBytes = 2 * census.KeyChars;
        Series = TrialState.OutcomeCount + routes + sources + (4L * countries) + illicit + 1;
        ScenarioBytes = ScenarioBytesPerItem * (Nodes + scenario.Edges.Count);
        RouteListBytes = (routes * RouteListBytesPerRoute) + keyBytes + (8 * incidences);
        PlanBytes = (routes * PlanBytesPerRoute) + keyBytes + (8 * incidences) + (64L * (Nodes + scenario.Edges.Count));
        TrialStateBytes = (routes * StateBytesPerRoute) + (8 * incidences) + (128L * (Nodes + scenario.Edges.Count));
        AccumulatorBytes = Series * SeriesBytes;
        NodePeriods = (long)Periods * (Nodes + legit);
        TrialTime = TimeSpan.FromMilliseconds(((RoutePeriods * RoutePeriodNs) + (NodePeriods * NodePeriodNs)) / 1e6);
    }

    /// <summary>The route count this estimate rests on.</summary>
    public RouteCensus Census { get; }

    /// <summary>Illicit routes (at most routes.maxRoutes + 1: the count stops there).</summary>
    public int Routes => Census.Routes;

    /// <summary>Route-edge incidences: the edges of every route, added up.</summary>
    public long RouteEdges => Census.RouteEdges;

    /// <summary>Periods of the horizon.</summary>
    public int Periods { get; }

    /// <summary>Plans a comparison of every policy compiles: the baseline and one per policy.</summary>
    public int Plans { get; }

    /// <summary>Nodes of the network.</summary>
    public int Nodes { get; }

    /// <summary>Route-periods of one trial of one plan: routes × periods.</summary>
    public long RoutePeriods => (long)Routes * Periods;

    /// <summary>Node- and legit-edge-periods of one trial of one plan.</summary>
    public long NodePeriods { get; }

    /// <summary>Breakdown series of one accumulator (outcomes, routes, sources, countries, illicit edges); shared series make it fewer.</summary>
    public long Series { get; }

    /// <summary>Bytes of the scenario itself while it is read, checked and compiled.</summary>
    public long ScenarioBytes { get; }

    /// <summary>Bytes of the routes built while validating and compiling.</summary>
    public long RouteListBytes { get; }

    /// <summary>Bytes of one compiled plan.</summary>
    public long PlanBytes { get; }

    /// <summary>Bytes of one thread's trial state for one plan.</summary>
    public long TrialStateBytes { get; }

    /// <summary>Bytes of one run accumulator holding data: linear in routes.</summary>
    public long AccumulatorBytes { get; }

    /// <summary>Estimated time of one trial of one plan on one thread.</summary>
    public TimeSpan TrialTime { get; }

    /// <summary>The estimate for <paramref name="scenario"/>, counting its routes (a search within <see cref="NetworkGraph.DefaultSearchSteps"/> steps).</summary>
    public static WorkEstimate For(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return From(scenario, new NetworkGraph(scenario).CountRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes));
    }

    /// <summary>The estimate for <paramref name="scenario"/> from a route count already taken.</summary>
    public static WorkEstimate From(Scenario scenario, RouteCensus census)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(census);
        return new WorkEstimate(scenario, census);
    }

    /// <summary>Estimated peak memory of a run of <paramref name="plans"/> plans on <paramref name="threads"/> threads.</summary>
    public long RunBytes(int threads, int plans)
    {
        long t = Math.Max(1, threads), p = Math.Max(1, plans);
        return ScenarioBytes + RouteListBytes + (p * (PlanBytes + (t * TrialStateBytes) + ((t + 2) * AccumulatorBytes)));
    }

    /// <summary>Estimated time of <paramref name="trials"/> trials of <paramref name="plans"/> plans on <paramref name="threads"/> threads.</summary>
    public TimeSpan RunTime(long trials, int threads, int plans)
    {
        double ms = TrialTime.TotalMilliseconds * Math.Max(0, trials) * Math.Max(1, plans) / Math.Max(1, Math.Min(threads, Environment.ProcessorCount));
        return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
    }

    /// <summary>
    /// Warnings for a run about to start: its estimated time when above <see cref="SlowRun"/>, its
    /// estimated memory when above <see cref="SoftMemoryBytes"/> or above the memory the machine's
    /// runtime may use. Empty when the run is quick and small.
    /// </summary>
    /// <param name="trials">Trials the run will do (≥ 1).</param>
    /// <param name="threads">Worker threads it will use (≥ 1).</param>
    /// <param name="plans">Plans it runs side by side: 1 for a run, baseline plus policies for a comparison.</param>
    /// <returns>One sentence per warning, saying the numbers and what to change.</returns>
    public IReadOnlyList<string> RunWarnings(long trials, int threads, int plans = 1)
    {
        var warnings = new List<string>();
        TimeSpan time = RunTime(trials, threads, plans);
        if (time > SlowRun)
        {
            warnings.Add(Invariant($"this run implies about {RoutePeriods:N0} route-periods and {NodePeriods:N0} node-periods per trial × {trials:N0} trials × {Math.Max(1, plans)} plan(s) ≈ {Duration(time)} on {Math.Max(1, Math.Min(threads, Environment.ProcessorCount))} thread(s); try fewer trials first (--trials), or fewer routes (lower routes.maxEdges)"));
        }

        long bytes = RunBytes(threads, plans);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > SoftMemoryBytes || (available > 0 && bytes > available / 2))
        {
            warnings.Add(Invariant($"this run needs about {Bytes(bytes)} of memory ({Routes:N0} routes: plan {Bytes(PlanBytes)}, trial state {Bytes(TrialStateBytes)} per thread, accumulators {Bytes(AccumulatorBytes)} × {Math.Max(1, threads) + 2} per plan){(available > 0 ? $", of {Bytes(available)} available" : "")}; use fewer threads (--threads) or fewer routes (lower routes.maxEdges)"));
        }

        return warnings;
    }

    /// <summary>"1.2 GiB", "340 MiB", "12 KiB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => Invariant($"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => Invariant($"{bytes / (double)(1L << 20):0} MiB"),
        _ => Invariant($"{Math.Ceiling(bytes / 1024.0):0} KiB"),
    };

    /// <summary>"3 h 20 min", "1 h", "12 min", "40 s".</summary>
    public static string Duration(TimeSpan time) => time.TotalHours >= 1
        ? Invariant($"{Math.Floor(time.TotalHours):0} h{(time.Minutes > 0 ? $" {time.Minutes} min" : "")}")
        : time.TotalMinutes >= 1 ? Invariant($"{Math.Round(time.TotalMinutes):0} min") : Invariant($"{Math.Ceiling(time.TotalSeconds):0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
