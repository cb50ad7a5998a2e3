namespace ExportFlow.Simulation.Reporting;

/// <summary>One column of a Parquet file written by <see cref="ParquetRowWriter"/>.</summary>
/// <param name="Name">The column's name, as in the matching CSV header.</param>
/// <param name="Type">Its type.</param>
internal readonly record struct ParquetColumn(string Name, ParquetColumnType Type);
