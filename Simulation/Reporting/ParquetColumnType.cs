namespace ExportFlow.Simulation.Reporting;

/// <summary>The Parquet type of a column written by <see cref="ParquetRowWriter"/>.</summary>
internal enum ParquetColumnType
{
    /// <summary>INT64, required: a trial or particle number.</summary>
    Int64,

    /// <summary>INT64 with the UINT_64 annotation, required: a noise key.</summary>
    UInt64,

    /// <summary>BYTE_ARRAY with the UTF8 (string) annotation, required: a policy name.</summary>
    String,

    /// <summary>DOUBLE, required.</summary>
    Double,

    /// <summary>DOUBLE, optional: NaN is written as null (the empty field of the matching CSV).</summary>
    NullableDouble,
}
