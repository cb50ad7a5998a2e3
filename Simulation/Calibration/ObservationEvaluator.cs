using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// The model's value of each observation in one finished trial: its term summed over its window of periods (the
/// trial's totals when the window is the whole horizon), or the ratio of two such sums (each over its own window when
/// the observation gives the denominator one, as a growth rate does). Stock outcomes are levels,
/// not flows: over a window, <c>initialStock</c> is the level at the window's start and <c>finalStock</c> at its end.
/// </summary>
internal sealed class ObservationEvaluator
{
    private readonly FlowPlan _plan;
    private readonly Observation[] _observations;
    private readonly int[] _numeratorCountry;
    private readonly int[] _denominatorCountry;

    /// <summary>Binds <paramref name="observations"/> (checked against the scenario) to <paramref name="plan"/>.</summary>
    public ObservationEvaluator(FlowPlan plan, IReadOnlyList<Observation> observations)
    {
        _plan = plan;
        _observations = [.. observations];
        _numeratorCountry = [.. _observations.Select(o => CountryIndex(o.Target.Numerator))];
        _denominatorCountry = [.. _observations.Select(o => o.Target.Denominator is { } d ? CountryIndex(d) : -1)];
        NeedsPeriods = _observations.Any(o => !WholeHorizon(o.From, o.Until ?? plan.Periods)
            || (o.DenominatorWindow is { } w && !WholeHorizon(w.From, w.Until)));
    }

    /// <summary>Whether some observation's window is not the whole horizon, so that trials must record their periods.</summary>
    public bool NeedsPeriods { get; }

    /// <summary>The observations, in order.</summary>
    public IReadOnlyList<Observation> Observations => _observations;

    /// <summary>
    /// Writes each observation's value in the trial of <paramref name="s"/> to <paramref name="values"/>; returns the index
    /// of the first ratio whose denominator is 0 (its value is then NaN), or −1.
    /// </summary>
    public int Evaluate(TrialState s, Span<double> values)
    {
        int zeroDenominator = -1;
        for (int i = 0; i < _observations.Length; i++)
        {
            Observation o = _observations[i];
            int until = o.Until ?? _plan.Periods;
            double numerator = Sum(s, o.From, until, o.Target.Numerator, _numeratorCountry[i]);
            if (o.Target.Denominator is { } den)
            {
                (int from, int until) w = o.DenominatorWindow ?? (o.From, until);
                double denominator = Sum(s, w.from, w.until, den, _denominatorCountry[i]);
                if (denominator == 0)
                {
                    values[i] = double.NaN;
                    zeroDenominator = zeroDenominator < 0 ? i : zeroDenominator;
                    continue;
                }

                values[i] = numerator / denominator;
            }
            else
            {
                values[i] = numerator;
            }
        }

        return zeroDenominator;
    }

    /// <summary>log p(evidence | <paramref name="values"/>): the sum of each observation's error model at its value.</summary>
    public double LogLikelihood(ReadOnlySpan<double> values)
    {
        double sum = 0;
        for (int i = 0; i < _observations.Length; i++)
        {
            sum += _observations[i].Error.LogLikelihood(_observations[i].Observed, values[i]);
        }

        return sum;
    }

    private bool WholeHorizon(int from, int until) => from == 1 && until == _plan.Periods;

    private int CountryIndex(EvidenceTerm term) => term.Kind == EvidenceTermKind.Total ? -1 : Array.IndexOf(_plan.Countries, term.Country);

    private double Sum(TrialState s, int from, int until, EvidenceTerm term, int country)
    {
        int countries = _plan.Countries.Length;
        if (WholeHorizon(from, until))
        {
            return term.Kind switch
            {
                EvidenceTermKind.Total => s.Outcomes[(int)term.Total],
                _ when country < 0 => 0,
                EvidenceTermKind.LeakedBySource => s.LeakedBySourceCountry[country],
                EvidenceTermKind.LeakedByTransit => s.LeakedByTransitCountry[country],
                EvidenceTermKind.Billed => s.Billed[country],
                _ => s.Received[country],
            };
        }

        if (term.Kind == EvidenceTermKind.Total && term.Total is Outcome.InitialStock or Outcome.FinalStock)
        {
            int t = term.Total == Outcome.InitialStock ? from : until;
            return s.PeriodRows[((t - 1) * TrialState.OutcomeCount) + (int)term.Total];
        }

        if (term.Kind != EvidenceTermKind.Total && country < 0)
        {
            // A country of the scenario with no node in the plan's breakdowns: nothing flows through it.
            return 0;
        }

        (double[] rows, int stride, int offset) = term.Kind switch
        {
            EvidenceTermKind.Total => (s.PeriodRows, TrialState.OutcomeCount, (int)term.Total),
            EvidenceTermKind.LeakedBySource => (s.PeriodLeakedBySourceCountry, countries, country),
            EvidenceTermKind.LeakedByTransit => (s.PeriodLeakedByTransitCountry, countries, country),
            EvidenceTermKind.Billed => (s.PeriodBilledRows, countries, country),
            _ => (s.PeriodReceivedRows, countries, country),
        };
        double sum = 0;
        for (int t = from; t <= until; t++)
        {
            sum += rows[((t - 1) * stride) + offset];
        }

        return sum;
    }
}
