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
/// and, for every route that carries flow x with a survival below 1, the exact binomial of its transit in every
/// period: rule F (FluidBinomial), B(⌊x / lot⌋, survival) whole lots plus the fractional lot, set up once per route
/// and trial (with the inversion table, as the engine does) and drawn from the route's transit and fraction streams
/// of each period. These are the engine's own draws, value for value.
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

    // Per recorded trial, per route: the flow (0: no draw), the survival and the lot.
    private double[] _flow = null!;
    private double[] _survival = null!;
    private double[] _lot = null!;
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
        _flow = new double[Trials * routes];
        _survival = new double[Trials * routes];
        _lot = new double[Trials * routes];
        for (int i = 0; i < Trials; i++)
        {
            TrialRunner.Run(_plan, _state, StreamKeys.TrialKey(BenchmarkInputs.Seed, i));
            for (int k = 0; k < routes; k++)
            {
                double x = _state.RouteFlow[k], survival = _state.RouteSurvival[k];
                double lot = _state.Values[_plan.SourceLotV[_plan.RouteSource[k]]];
                _flow[(i * routes) + k] = x > 0 && survival < 1 ? x : 0;
                _survival[(i * routes) + k] = survival;
                _lot[(i * routes) + k] = lot;
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
            double x = _flow[at + k];
            if (x <= 0)
            {
                continue;
            }

            var draw = new FluidDraw(x, _survival[at + k], _lot[at + k], tabulate: true);
            ulong transitKey = StreamKeys.SlotKeyFromPrefix(prefix, plan.RouteTransitKey[k]);
            ulong fractionKey = StreamKeys.SlotKeyFromPrefix(prefix, plan.RouteTransitFracKey[k]);
            for (int t = 1; t <= plan.Periods; t++)
            {
                if (draw.IsTabulated)
                {
                    double fu = draw.HasFraction ? EventStream.FirstUniform(StreamKeys.PeriodKey(fractionKey, t)) : 1.0;
                    sum += draw.SampleTabulated(EventStream.FirstUniform(StreamKeys.PeriodKey(transitKey, t)), fu);
                }
                else
                {
                    var stream = new EventStream(StreamKeys.PeriodKey(transitKey, t));
                    var fraction = new EventStream(StreamKeys.PeriodKey(fractionKey, t));
                    sum += draw.Sample(ref stream, ref fraction);
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
