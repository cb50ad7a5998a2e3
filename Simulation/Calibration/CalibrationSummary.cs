using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Calibration;

/// <summary>What a calibration found: inputs and observations prior against posterior, every outcome, and the sampler's steps.</summary>
internal sealed record CalibrationSummary(
    Scenario Scenario,
    string Policy,
    EvidenceFile Evidence,
    SmcOptions Options,
    SmcResult Result,
    TimeSpan Elapsed,
    IReadOnlyList<InputSummary> Inputs,
    IReadOnlyList<ObservationSummary> Observations,
    IReadOnlyList<(string Outcome, Spread Prior, Spread Posterior)> Outcomes)
{
    /// <summary>Summarises <paramref name="result"/> of <paramref name="model"/>.</summary>
    public static CalibrationSummary Of(EngineCalibrationModel model, EvidenceFile evidence, Scenario scenario, string policy, SmcOptions options, SmcResult result, TimeSpan elapsed)
    {
        int n = result.Particles, d = result.Dimension, m = result.OutcomeCount;
        var inputs = new List<InputSummary>();
        for (int j = 0; j < d; j++)
        {
            double[] prior = new double[n], posterior = new double[n];
            int below = 0, above = 0;
            for (int i = 0; i < n; i++)
            {
                prior[i] = model.ValueOf(result.PriorScores.AsSpan(i * d, d), j);
                posterior[i] = model.ValueOf(result.Scores.AsSpan(i * d, d), j);
                double z = model.NormalScore(result.Scores.AsSpan(i * d, d), j);
                below += z < -1.959963984540054 ? 1 : 0;
                above += z > 1.959963984540054 ? 1 : 0;
            }

            inputs.Add(new InputSummary(model.Inputs[j].Name, model.Inputs[j].Distribution.Text, Spread.Of(prior), Spread.Of(posterior), (double)below / n, (double)above / n));
        }

        var observations = new List<ObservationSummary>();
        for (int k = 0; k < model.Observations.Count; k++)
        {
            Observation o = model.Observations[k];
            double[] prior = Column(result.PriorOutcomes, m, k), posterior = Column(result.Outcomes, m, k);
            observations.Add(new ObservationSummary(o, o.Until ?? scenario.Periods, Spread.Of(prior), Spread.Of(posterior), PriorTail(o, prior)));
        }

        int first = model.Observations.Count;
        var outcomes = Enum.GetValues<Outcome>()
            .Select(x => (RunSummaryWriter.Key(x), Spread.Of(Column(result.PriorOutcomes, m, first + (int)x)), Spread.Of(Column(result.Outcomes, m, first + (int)x))))
            .ToList();
        return new CalibrationSummary(scenario, policy, evidence, options, result, elapsed, inputs, observations, outcomes);
    }

    private static double[] Column(double[] rows, int stride, int column)
    {
        var values = new double[rows.Length / stride];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rows[(i * stride) + column];
        }

        return values;
    }

    /// <summary>
    /// How surprising <paramref name="o"/> was under the prior, from the model's values in the prior draws. For a
    /// value (normal, lognormal) it is the two-sided tail of the prior predictive distribution of the reported figure
    /// (the model's value with the observation's error added): q = the mean over draws of P(report &lt; observed |
    /// value), tail = 2·min(q, 1 − q). A model value that is the same in every draw is judged by the error alone.
    /// For a bound, the prior share of draws that satisfy it.
    /// </summary>
    internal static double PriorTail(Observation o, IReadOnlyList<double> values)
    {
        int n = values.Count;
        double Share(Func<double, bool> holds) => (double)values.Count(holds) / n;
        switch (o.Error.Kind)
        {
            case ErrorKind.AtLeast:
                return Share(v => v >= o.Observed);
            case ErrorKind.AtMost:
                return Share(v => v <= o.Observed);
            case ErrorKind.Between:
                return Share(v => v >= o.Error.Low && v <= o.Error.High);
            default:
                double below = 0;
                foreach (double v in values)
                {
                    below += o.Error.ReportedBelow(o.Observed, v);
                }

                double q = below / n;
                return 2 * Math.Min(q, 1 - q);
        }
    }
}
