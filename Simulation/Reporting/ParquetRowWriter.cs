using Parquet;
using Parquet.Schema;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// Writes a Parquet file row by row with bounded memory: values go into one fixed buffer per column, and every
/// <see cref="RowGroupSize"/> rows the buffers are written as one row group (Snappy-compressed) and reused, so
/// adding a row allocates nothing. The file is written under a temporary name in the staging folder and only
/// appears under its name, complete, on <see cref="Commit"/> (<see cref="AtomicFile"/>); disposing without
/// committing deletes the temporary.
/// </summary>
/// <remarks>
/// Usage per row: one <c>Set…</c> call per column (columns not set keep the previous row's value), then
/// <see cref="EndRow"/>. Not thread-safe.
/// </remarks>
internal sealed class ParquetRowWriter : IDisposable
{
    /// <summary>Rows per row group by default: 65,536 rows of 40 columns buffer about 21 MB (8 bytes a value).</summary>
    public const int DefaultRowGroupSize = 65_536;

    private readonly string _path;
    private readonly string _temp;
    private readonly ParquetColumn[] _columns;
    private readonly DataField[] _fields;
    private readonly long[]?[] _longs;
    private readonly ulong[]?[] _ulongs;
    private readonly string[]?[] _strings;
    private readonly double[]?[] _doubles;
    private readonly double?[]? _nullable;
    private FileStream? _stream;
    private ParquetWriter? _writer;
    private int _count;

    private ParquetRowWriter(string path, IReadOnlyList<ParquetColumn> columns, int rowGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        _path = path;
        RowGroupSize = rowGroupSize;
        _columns = [.. columns];
        _fields = [.. _columns.Select(FieldOf)];
        int n = _columns.Length;
        _longs = new long[n][];
        _ulongs = new ulong[n][];
        _strings = new string[n][];
        _doubles = new double[n][];
        for (int c = 0; c < n; c++)
        {
            switch (_columns[c].Type)
            {
                case ParquetColumnType.Int64:
                    _longs[c] = new long[rowGroupSize];
                    break;
                case ParquetColumnType.UInt64:
                    _ulongs[c] = new ulong[rowGroupSize];
                    break;
                case ParquetColumnType.String:
                    _strings[c] = new string[rowGroupSize];
                    Array.Fill(_strings[c]!, "");
                    break;
                default:
                    // A nullable column keeps NaN for null here, and is turned into nullable values when written.
                    _doubles[c] = new double[rowGroupSize];
                    break;
            }
        }

        _nullable = _columns.Any(c => c.Type == ParquetColumnType.NullableDouble) ? new double?[rowGroupSize] : null;

        _temp = AtomicFile.TempPathFor(path);
    }

    /// <summary>Rows per row group (the last group holds the rest).</summary>
    public int RowGroupSize { get; }

    /// <summary>Rows added so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Row groups written so far (the rows of an unfinished group are not counted until it is written).</summary>
    public int RowGroups { get; private set; }

    /// <summary>Starts the file <paramref name="path"/> (in a temporary file) with these columns, in this order.</summary>
    /// <param name="path">The final path of the file.</param>
    /// <param name="columns">Names (unique) and types of the columns.</param>
    /// <param name="rowGroupSize">Rows per row group. Range: ≥ 1.</param>
    public static ParquetRowWriter Create(string path, IReadOnlyList<ParquetColumn> columns, int rowGroupSize = DefaultRowGroupSize)
    {
        var writer = new ParquetRowWriter(path, columns, rowGroupSize);
        try
        {
            writer._stream = new FileStream(writer._temp, FileMode.CreateNew, FileAccess.ReadWrite);
            writer._writer = ParquetWriter.CreateAsync(new ParquetSchema(writer._fields), writer._stream).GetAwaiter().GetResult();
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Sets column <paramref name="column"/> (an <see cref="ParquetColumnType.Int64"/> column) of the current row.</summary>
    public void SetInt64(int column, long value) => _longs[column]![_count] = value;

    /// <summary>Sets column <paramref name="column"/> (a <see cref="ParquetColumnType.UInt64"/> column) of the current row.</summary>
    public void SetUInt64(int column, ulong value) => _ulongs[column]![_count] = value;

    /// <summary>Sets column <paramref name="column"/> (a <see cref="ParquetColumnType.String"/> column) of the current row.</summary>
    public void SetString(int column, string value) => _strings[column]![_count] = value;

    /// <summary>
    /// Sets column <paramref name="column"/> (a <see cref="ParquetColumnType.Double"/> or
    /// <see cref="ParquetColumnType.NullableDouble"/> column) of the current row; in a nullable column NaN is null.
    /// </summary>
    public void SetDouble(int column, double value) => _doubles[column]![_count] = value;

    /// <summary>Ends the current row; writes the row group when it is full.</summary>
    public void EndRow()
    {
        _count++;
        Rows++;
        if (_count == RowGroupSize)
        {
            WriteGroup();
        }
    }

    /// <summary>Writes the last row group and the footer, flushes the file to disk and renames it into place.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_writer is null, this);
        if (_count > 0)
        {
            WriteGroup();
        }

        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writer = null;
        _stream!.Flush(flushToDisk: true);
        _stream.Dispose();
        _stream = null;
        AtomicFile.Commit(_temp, _path);
    }

    /// <summary>Closes the file; a file not committed is deleted.</summary>
    public void Dispose()
    {
        if (_writer is not null)
        {
            try
            {
                _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The file is being abandoned; a broken footer does not matter.
            }

            _writer = null;
        }

        if (_stream is not null)
        {
            _stream.Dispose();
            _stream = null;
            File.Delete(_temp);
        }
    }

    private static DataField FieldOf(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.Int64 => new DataField<long>(column.Name, false),
        ParquetColumnType.UInt64 => new DataField<ulong>(column.Name, false),
        ParquetColumnType.String => new DataField<string>(column.Name, false),
        ParquetColumnType.Double => new DataField<double>(column.Name, false),
        _ => new DataField<double>(column.Name, true),
    };

    private void WriteGroup()
    {
        int n = _count;
        using (ParquetRowGroupWriter group = _writer!.CreateRowGroup())
        {
            for (int c = 0; c < _fields.Length; c++)
            {
                DataField field = _fields[c];
                Task write = _columns[c].Type switch
                {
                    ParquetColumnType.Int64 => group.WriteAsync<long>(field, _longs[c].AsMemory(0, n)),
                    ParquetColumnType.UInt64 => group.WriteAsync<ulong>(field, _ulongs[c].AsMemory(0, n)),
                    ParquetColumnType.String => group.WriteAsync(field, new ArraySegment<string>(_strings[c]!, 0, n)),
                    ParquetColumnType.Double => group.WriteAsync<double>(field, _doubles[c].AsMemory(0, n)),
                    _ => group.WriteAsync<double>(field, Nullable(_doubles[c]!, n)),
                };
                write.GetAwaiter().GetResult();
            }

            group.CompleteValidate();
        }

        _count = 0;
        RowGroups++;
    }

    /// <summary>The first <paramref name="n"/> values, NaN as null, in the shared buffer (valid until the next call).</summary>
    private ReadOnlyMemory<double?> Nullable(double[] values, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            _nullable![i] = double.IsNaN(v) ? null : v;
        }

        return _nullable.AsMemory(0, n);
    }
}
