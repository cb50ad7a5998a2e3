using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Calibration;

/// <summary>
/// A calibration model from a function of the scores (and a standard normal noise draw keyed by the noise key)
/// to its outcomes, with each outcome observed under its own error model.
/// </summary>
internal sealed class ToyModel(int dimension, Func<double[], double, double[]> outcomes, (double Observed, ErrorModel Error)[] evidence) : ICalibrationModel
{
    private readonly Func<double[], double, double[]> _outcomes = outcomes;
    private readonly (double Observed, ErrorModel Error)[] _evidence = evidence;

    public int Dimension { get; } = dimension;

    public int OutcomeCount => _evidence.Length;

    /// <summary>Model runs so far (all workers).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    private long _runs;

    public ICalibrationWorker CreateWorker() => new Worker(this);

    private sealed class Worker(ToyModel model) : ICalibrationWorker
    {
        private readonly double[] _z = new double[model.Dimension];

        public double Evaluate(ReadOnlySpan<double> scores, ulong noiseKey, Span<double> result)
        {
            Interlocked.Increment(ref model._runs);
            scores.CopyTo(_z);
            double noise = StandardNormal.InverseCdf(EventStream.FirstUniform(noiseKey));
            double[] y = model._outcomes(_z, noise);
            double logL = 0;
            for (int o = 0; o < model._evidence.Length; o++)
            {
                result[o] = y[o];
                logL += model._evidence[o].Error.LogLikelihood(model._evidence[o].Observed, y[o]);
            }

            return logL;
        }
    }
}
