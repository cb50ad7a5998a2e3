using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// Compiles attribute values into value programs and random draws. A draw is keyed by its slot
/// (<c>p:&lt;param&gt;</c> or <c>a:&lt;owner&gt;.&lt;attr&gt;</c>), never by position, so the same
/// event reads the same stream under every policy.
/// </summary>
internal sealed class ValueTableBuilder
{
    private readonly IReadOnlyDictionary<string, Parameter> _parameters;
    private readonly Dictionary<string, int> _drawIndex = new(StringComparer.Ordinal);
    private readonly List<Distribution> _draws = [];
    private readonly List<ulong> _drawKeys = [];
    private readonly List<bool> _drawPerPeriod = [];
    private readonly List<bool> _drawScore = [];
    private readonly List<double> _drawGrowth = [];
    private readonly IReadOnlySet<string> _scoreParameters;
    private readonly List<double> _static = [];
    private readonly List<int> _baseDraw = [];
    private readonly List<double> _baseConst = [];
    private readonly List<int> _opStart = [0];
    private readonly List<RuleOperation> _opKind = [];
    private readonly List<int> _opDraw = [];
    private readonly List<double> _opConst = [];
    private readonly List<int> _opFrom = [];
    private readonly List<int> _opUntil = [];
    private readonly int _periods;
    private readonly List<double> _low = [];
    private readonly List<double> _high = [];
    private readonly List<int> _trialPrograms = [];
    private readonly List<int> _periodPrograms = [];

    /// <param name="parameters">The scenario's parameters by name.</param>
    /// <param name="periods">The horizon.</param>
    /// <param name="scoreParameters">Parameters drawn through normal scores (correlated or autocorrelated, model v2).</param>
    public ValueTableBuilder(IReadOnlyDictionary<string, Parameter> parameters, int periods, IReadOnlySet<string>? scoreParameters = null)
    {
        _parameters = parameters;
        _periods = periods;
        _scoreParameters = scoreParameters ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The draw of parameter <paramref name="name"/> (a distribution), added if no value uses it yet.</summary>
    public int ParameterDraw(string name) => ParameterSource(_parameters[name]).Draw;

    /// <summary>
    /// A parameter's draw, or its constant. A fixed number with growth becomes a draw of uniform(v, v), so that
    /// its value can grow period by period like a drawn one.
    /// </summary>
    private (int Draw, double Const) ParameterSource(Parameter p) => p.Value switch
    {
        LiteralQuantity l when p.Growth == 0 => (-1, l.Value),
        LiteralQuantity l => (Draw($"p:{p.Name}", new Distribution(DistributionKind.Uniform, l.Value, l.Value, 0, 0, l.ToString()), false, growth: p.Growth), 0.0),
        DistributionQuantity d => (Draw($"p:{p.Name}", d.Distribution, p.PerPeriod, _scoreParameters.Contains(p.Name), p.Growth), 0.0),
        _ => (-1, 0.0),
    };

    /// <summary>True when some program has an operation that applies in only some periods.</summary>
    public bool HasWindows { get; private set; }

    /// <summary>Adds a program for <paramref name="value"/> and returns its value index.</summary>
    public int Add(AttributeValue value)
    {
        int k = _static.Count;
        bool dynamic = false, perPeriod = false;
        (int Draw, double Const) Source(Quantity? q)
        {
            (int draw, double constant) = q switch
            {
                null => (-1, 0.0),
                LiteralQuantity l => (-1, l.Value),
                ParameterQuantity p => ParameterSource(_parameters[p.Name]),
                DistributionQuantity d => (Draw(value.Slot, d.Distribution, false), 0.0),
                _ => (-1, 0.0),
            };
            if (draw >= 0)
            {
                dynamic = true;
                perPeriod |= _drawPerPeriod[draw] || _drawGrowth[draw] != 0;
            }

            return (draw, constant);
        }

        var (baseDraw, baseConst) = Source(value.Base);
        _baseDraw.Add(baseDraw);
        _baseConst.Add(baseConst);
        foreach (PolicyOperation o in value.Operations)
        {
            var (d, c) = Source(o.Operand);
            _opKind.Add(o.Operation);
            _opDraw.Add(d);
            _opConst.Add(c);
            bool always = o.Always(_periods);
            _opFrom.Add(always ? 1 : o.From);
            _opUntil.Add(always ? int.MaxValue : o.Until);
            if (!always)
            {
                // Evaluated per period, so the operation applies only inside its window.
                perPeriod = true;
                HasWindows = true;
            }
        }

        _opStart.Add(_opKind.Count);
        AttributeId attribute = value.Attribute;
        _low.Add(attribute == AttributeId.Lot ? 1e-9 : AttributeInfo.Lower(attribute));
        _high.Add(AttributeInfo.Upper(attribute));
        _static.Add(0);
        _static[k] = Evaluate(k, [], 1);
        if (perPeriod)
        {
            _periodPrograms.Add(k);
        }
        else if (dynamic)
        {
            _trialPrograms.Add(k);
        }

        return k;
    }

    private double Evaluate(int k, double[] draws, int t)
    {
        double v = _baseDraw[k] >= 0 && draws.Length > 0 ? draws[_baseDraw[k]] : _baseConst[k];
        for (int i = _opStart[k]; i < _opStart[k + 1]; i++)
        {
            if (t < _opFrom[i] || t > _opUntil[i])
            {
                continue;
            }

            double operand = _opDraw[i] >= 0 && draws.Length > 0 ? draws[_opDraw[i]] : _opConst[i];
            v = _opKind[i] switch
            {
                RuleOperation.Set => operand,
                RuleOperation.Scale => v * operand,
                _ => v + operand,
            };
        }

        return Math.Clamp(v, _low[k], _high[k]);
    }

    private int Draw(string slot, Distribution distribution, bool perPeriod, bool score = false, double growth = 0)
    {
        string key = $"{slot}|{distribution.Text}";
        if (_drawIndex.TryGetValue(key, out int index))
        {
            return index;
        }

        index = _draws.Count;
        _drawIndex[key] = index;
        _draws.Add(distribution);
        _drawKeys.Add(SplitMix64.HashString(slot));
        _drawPerPeriod.Add(perPeriod);
        _drawScore.Add(score);
        _drawGrowth.Add(growth);
        return index;
    }

    /// <summary>The finished tables.</summary>
    public ValueTables Build() => new(
        [.. _draws], [.. _drawKeys], [.. _drawPerPeriod],
        [.. Enumerable.Range(0, _draws.Count).Where(i => !_drawPerPeriod[i] && !_drawScore[i])],
        [.. Enumerable.Range(0, _draws.Count).Where(i => _drawPerPeriod[i] && !_drawScore[i])],
        [.. Enumerable.Range(0, _draws.Count).Where(i => _drawGrowth[i] != 0)],
        [.. Enumerable.Range(0, _draws.Count).Where(i => _drawGrowth[i] != 0)
            .SelectMany(i => Enumerable.Range(0, _periods + 1).Select(t => t == 0 ? 1.0 : Math.Pow(1 + _drawGrowth[i], t - 1)))],
        [.. _static], [.. _trialPrograms], [.. _periodPrograms], [.. _baseDraw], [.. _baseConst], [.. _opStart],
        [.. _opKind], [.. _opDraw], [.. _opConst], [.. _opFrom], [.. _opUntil], [.. _low], [.. _high]);

    /// <summary>The finished value tables.</summary>
    internal sealed record ValueTables(
        Distribution[] Draws, ulong[] DrawKeys, bool[] DrawPerPeriod, int[] TrialDraws, int[] PeriodDraws, int[] GrowthDraws, double[] GrowthFactor,
        double[] Static, int[] TrialPrograms, int[] PeriodPrograms, int[] BaseDraw, double[] BaseConst, int[] OpStart,
        RuleOperation[] OpKind, int[] OpDraw, double[] OpConst, int[] OpFrom, int[] OpUntil, double[] Low, double[] High);
}
