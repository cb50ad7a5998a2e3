using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// posterior.parquet of <c>exportflow calibrate --out</c>: the columns and rows of posterior.csv
/// (<see cref="CalibrationOutput.PosteriorCsv"/>), with <c>particle</c> as INT64, <c>noiseKey</c> as unsigned
/// INT64 and every other column as DOUBLE; the same values bit for bit.
/// </summary>
internal static class ParquetPosterior
{
    /// <summary>The column names, in the order of posterior.csv's header.</summary>
    public static IReadOnlyList<string> Columns(EngineCalibrationModel model) =>
    [
        "particle",
        .. model.Inputs.Select(i => $"z:{i.Name}"),
        .. model.Inputs.Select(i => i.Name),
        .. model.Observations.Select(o => $"obs:{o.Id}"),
        .. Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key),
        "noiseKey",
    ];

    /// <summary>Writes posterior.parquet at <paramref name="path"/> atomically, one row per particle.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="summary">The calibration.</param>
    /// <param name="model">The model the calibration ran (its inputs turn scores into values).</param>
    /// <param name="rowGroupSize">Particles per row group. Range: ≥ 1.</param>
    public static void Write(string path, CalibrationSummary summary, EngineCalibrationModel model, int rowGroupSize = ParquetRowWriter.DefaultRowGroupSize)
    {
        SmcResult r = summary.Result;
        int d = r.Dimension, m = r.OutcomeCount;
        IReadOnlyList<string> names = Columns(model);
        int last = names.Count - 1;
        ParquetColumn[] columns = [.. names.Select((n, c) => new ParquetColumn(n, c == 0 ? ParquetColumnType.Int64 : c == last ? ParquetColumnType.UInt64 : ParquetColumnType.Double))];
        using ParquetRowWriter writer = ParquetRowWriter.Create(path, columns, rowGroupSize);
        for (int i = 0; i < r.Particles; i++)
        {
            ReadOnlySpan<double> z = r.Scores.AsSpan(i * d, d);
            int c = 0;
            writer.SetInt64(c++, i);
            for (int j = 0; j < d; j++)
            {
                writer.SetDouble(c++, z[j]);
            }

            for (int j = 0; j < d; j++)
            {
                writer.SetDouble(c++, model.ValueOf(z, j));
            }

            for (int k = 0; k < m; k++)
            {
                writer.SetDouble(c++, r.Outcomes[(i * m) + k]);
            }

            writer.SetUInt64(c, r.NoiseKeys[i]);
            writer.EndRow();
        }

        writer.Commit();
    }
}
