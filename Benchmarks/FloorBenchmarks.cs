using BenchmarkDotNet.Attributes;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Benchmarks;

/// <summary>
/// The random-number floor of a scenario (issue #15, target 2): per trial, the keyed uniforms and the exact
/// binomial draws the engine cannot avoid, and nothing else, against the engine's own trial on the same trials.
/// <see cref="Floor"/> is the baseline, so the Ratio column of <see cref="Trial"/> is the engine's cost in floors.
/// </summary>
/// <remarks>
/// <para>
/// What the floor draws for trial i, with the engine's keys (<see cref="StreamKeys"/>, SplitMix64): the trial key and
/// its prefix; one keyed uniform per input draw (the trial's draws once, the per-period draws in every period);
/// and, for every route that carries flow with a survival below 1, in every period, the route's transit stream and
/// one exact binomial draw B(⌊x / lot⌋, survival) (<see cref="BinomialSampler"/>), plus the uniform of the
/// fractional lot when x / lot is not whole: the engine's rule F (FluidBinomial) draws exactly these.
/// </para>
/// <para>
/// The (x, survival, lot) of each route come from the engine's own run of the same trial (its flows at the end
/// of the horizon). In baseline-2024 every period repeats the first (no per-period draws), so these are the
/// flows of every period. What the floor leaves out is the model itself: the inverse transforms of the inputs
/// (PERT, lognormal), the sweeps, the allocation, the tallies and the statistics.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class FloorBenchmarks
{
    private const int Trials = 4096;

    private FlowPlan _plan = null!;
    private TrialState _state = null!;

    // Per recorded trial, per route: whole lots (−1: no draw), survival, and whether a fractional lot is drawn.
    private long[] _lots = null!;
    private double[] _survival = null!;
    private bool[] _fraction = null!;
    private long _trial;

    /// <summary>The bundled baseline (when present) and the small model.</summary>
    public static IEnumerable<string> Scenarios() =>
        BenchmarkInputs.ScenarioNames().Contains("baseline-2024.yaml") ? ["baseline-2024.yaml", BenchmarkInputs.Small] : [BenchmarkInputs.Small];

    /// <summary>The scenario of this case.</summary>
    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchmarkInputs.Baseline(BenchmarkInputs.Load(Scenario));
        _state = new TrialState(_plan);
        int routes = _plan.RouteCount;
        _lots = new long[Trials * routes];
        _survival = new double[Trials * routes];
        _fraction = new bool[Trials * routes];
        for (int i = 0; i < Trials; i++)
        {
            TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, i));
            for (int k = 0; k < routes; k++)
            {
                double x = _state.RouteFlow[k], survival = _state.RouteSurvival[k];
                double lot = _state.Values[_plan.SourceLotV[_plan.RouteSource[k]]];
                bool draws = x > 0 && survival < 1;
                double m = draws ? x / lot : 0;
                _lots[(i * routes) + k] = draws ? (long)Math.Floor(m) : -1;
                _survival[(i * routes) + k] = survival;
                _fraction[(i * routes) + k] = draws && m != Math.Floor(m);
            }
        }
    }

    /// <summary>The keyed uniforms and binomials of the next recorded trial, and nothing else.</summary>
    [Benchmark(Baseline = true)]
    public double Floor()
    {
        long trial = _trial++ % Trials;
        FlowPlan plan = _plan;
        ulong prefix = SplitMix64.MixPrefix(StreamKeys.TrialKey(BenchmarkInputs.Seed, trial));
        double sum = 0;
        foreach (int d in plan.TrialDraws)
        {
            sum += EventStream.FirstUniform(StreamKeys.PeriodKey(StreamKeys.SlotKeyFromPrefix(prefix, plan.DrawKeys[d]), 0));
        }

        for (int t = 1; t <= plan.Periods; t++)
        {
            foreach (int d in plan.PeriodDraws)
            {
                sum += EventStream.FirstUniform(StreamKeys.PeriodKey(StreamKeys.SlotKeyFromPrefix(prefix, plan.DrawKeys[d]), t));
            }
        }

        int routes = plan.RouteCount;
        int at = (int)trial * routes;
        for (int k = 0; k < routes; k++)
        {
            long lots = _lots[at + k];
            if (lots < 0)
            {
                continue;
            }

            double survival = _survival[at + k];
            bool fraction = _fraction[at + k];
            ulong transitKey = StreamKeys.SlotKeyFromPrefix(prefix, plan.RouteTransitKey[k]);
            ulong fractionKey = fraction ? StreamKeys.SlotKeyFromPrefix(prefix, plan.RouteTransitFracKey[k]) : 0;
            for (int t = 1; t <= plan.Periods; t++)
            {
                var stream = new EventStream(StreamKeys.PeriodKey(transitKey, t));
                sum += BinomialSampler.SampleUnchecked(lots, survival, ref stream);
                if (fraction)
                {
                    sum += EventStream.FirstUniform(StreamKeys.PeriodKey(fractionKey, t));
                }
            }
        }

        return sum;
    }

    /// <summary>The engine's trial on the same trial indices.</summary>
    [Benchmark]
    public double Trial()
    {
        TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, _trial++ % Trials));
        return _state.Outcomes[(int)Outcome.Leaked];
    }
}
