using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// The engine as a calibration model: a particle's scores fix the plan's per-trial inputs (through the engine's
/// fixed-value hook), its noise key is the trial key of everything else (per-period draws, transit, licence and
/// flag events), and the evidence's error models give the likelihood of the trial's observed quantities.
/// </summary>
/// <remarks>
/// Per-period draws are not calibrated: they are the world's period-to-period variation, part of the trial's noise
/// like the transit draws, and a fresh noise key redraws them (docs/calibration.md).
/// </remarks>
internal sealed class EngineCalibrationModel : ICalibrationModel
{
    private readonly FlowPlan _plan;
    private readonly ObservationEvaluator _evaluator;
    private readonly int[][] _drawsOf;
    private readonly (int[] Inputs, double[] Lower)[] _groups;
    private readonly int[] _groupOf;

    /// <summary>Outcomes recorded per particle: the observations' values, then every total outcome.</summary>
    public int OutcomeCount => _evaluator.Observations.Count + TrialState.OutcomeCount;

    /// <inheritdoc/>
    public int Dimension => Inputs.Count;

    /// <summary>The inputs, in score order.</summary>
    public IReadOnlyList<CalibrationInput> Inputs { get; }

    /// <summary>The observations, in order.</summary>
    public IReadOnlyList<Observation> Observations => _evaluator.Observations;

    /// <summary>Binds <paramref name="observations"/> and the plan's per-trial inputs.</summary>
    /// <exception cref="CalibrationException">The plan has no per-trial uncertain input.</exception>
    public EngineCalibrationModel(Scenario scenario, FlowPlan plan, IReadOnlyList<Observation> observations)
    {
        _plan = plan;
        _evaluator = new ObservationEvaluator(plan, observations);
        Inputs = [.. SensitivityInputs.Of(scenario, [plan]).Where(i => !i.PerPeriod).Select(i => new CalibrationInput(i.Name, i.Key, i.Distribution))];
        if (Inputs.Count == 0)
        {
            throw new CalibrationException($"scenario '{scenario.Name}' has no uncertain per-trial input to calibrate (every parameter is a single value or drawn per period)");
        }

        _drawsOf = [.. Inputs.Select(input => Enumerable.Range(0, plan.Draws.Length).Where(d => plan.Draws[d] is not null && !plan.DrawPerPeriod[d] && plan.DrawKeys[d] == input.Key).ToArray())];
        _groupOf = [.. Enumerable.Repeat(-1, Inputs.Count)];
        var groups = new List<(int[], double[])>();
        foreach (int g in plan.TrialScoreGroups)
        {
            int m0 = plan.ScoreGroupStart[g], n = plan.ScoreGroupStart[g + 1] - m0;
            int[] members = [.. Enumerable.Range(m0, n).Select(m => IndexOfKey(plan.DrawKeys[plan.ScoreGroupDraws[m]]))];
            if (members.Any(i => i < 0))
            {
                continue;
            }

            int l0 = plan.ScoreGroupLowerStart[g];
            groups.Add((members, plan.ScoreGroupLower[l0..(l0 + (n * (n + 1) / 2))]));
            foreach (int i in members)
            {
                _groupOf[i] = groups.Count - 1;
            }
        }

        _groups = [.. groups];
    }

    /// <summary>Input <paramref name="i"/>'s value for the independent scores ε of a particle.</summary>
    public double ValueOf(ReadOnlySpan<double> scores, int i) => InverseCdf.OfNormalScore(Inputs[i].Distribution, NormalScore(scores, i));

    /// <summary>Input <paramref name="i"/>'s normal score z (its group's L·ε, or ε itself when it is independent).</summary>
    public double NormalScore(ReadOnlySpan<double> scores, int i)
    {
        int g = _groupOf[i];
        if (g < 0)
        {
            return scores[i];
        }

        var (members, lower) = _groups[g];
        int row = Array.IndexOf(members, i);
        double z = 0;
        int l = row * (row + 1) / 2;
        for (int k = 0; k <= row; k++)
        {
            z += lower[l + k] * scores[members[k]];
        }

        return z;
    }

    /// <inheritdoc/>
    public ICalibrationWorker CreateWorker() => new Worker(this);

    private int IndexOfKey(ulong key)
    {
        for (int i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Worker : ICalibrationWorker
    {
        private readonly EngineCalibrationModel _model;
        private readonly TrialState _state;
        private readonly double[] _fixed;
        private readonly double[] _values;

        public Worker(EngineCalibrationModel model)
        {
            _model = model;
            _state = new TrialState(model._plan, model._evaluator.NeedsPeriods);
            _fixed = new double[model._plan.Draws.Length];
            Array.Fill(_fixed, double.NaN);
            _state.DrawFixed = _fixed;
            _values = new double[model._evaluator.Observations.Count];
        }

        public double Evaluate(ReadOnlySpan<double> scores, ulong noiseKey, Span<double> outcomes)
        {
            for (int i = 0; i < _model.Inputs.Count; i++)
            {
                double value = _model.ValueOf(scores, i);
                foreach (int d in _model._drawsOf[i])
                {
                    _fixed[d] = value;
                }
            }

            TrialRunner.Run(_model._plan, _state, noiseKey);
            int zero = _model._evaluator.Evaluate(_state, _values);
            if (zero >= 0)
            {
                throw new ZeroDenominatorException(zero);
            }

            _values.CopyTo(outcomes);
            _state.Outcomes.CopyTo(outcomes[_values.Length..]);
            return _model._evaluator.LogLikelihood(_values);
        }
    }
}
