using Parquet;
using Parquet.Schema;

namespace ExportFlow.Simulation.Tests.Reporting;

/// <summary>A Parquet file read back whole with Parquet.Net's reader: its fields, row groups and columns.</summary>
internal sealed class ParquetReadBack
{
    private ParquetReadBack(DataField[] fields, string[] types, long[] groupRows, object?[][] columns)
    {
        Fields = fields;
        Types = types;
        GroupRows = groupRows;
        Columns = columns;
    }

    /// <summary>The schema's fields, in order.</summary>
    public DataField[] Fields { get; }

    /// <summary>Per column, its physical type, converted type (if any) and repetition, as in <c>INT64 UINT_64 REQUIRED</c>.</summary>
    public string[] Types { get; }

    /// <summary>Rows in each row group.</summary>
    public long[] GroupRows { get; }

    /// <summary>Per column, every row's value (boxed; null for a null), row groups concatenated.</summary>
    public object?[][] Columns { get; }

    public long Rows => GroupRows.Sum();

    public string[] Names => [.. Fields.Select(f => f.Name)];

    public object?[] Column(string name) => Columns[Array.IndexOf(Names, name)];

    public static ParquetReadBack Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    private static async Task<ParquetReadBack> ReadAsync(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        DataField[] fields = reader.Schema.GetDataFields();
        string[] types = [.. reader.Metadata!.Schema.Skip(1).Select(e => string.Join(' ', new object?[] { e.Type, e.ConvertedType, e.RepetitionType }.Where(x => x is not null)))];
        var columns = fields.Select(_ => new List<object?>()).ToArray();
        var groupRows = new long[reader.RowGroupCount];
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            groupRows[g] = n;
            for (int c = 0; c < fields.Length; c++)
            {
                DataField f = fields[c];
                if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var values = new string?[n];
                    await group.ReadAsync(f, values.AsMemory());
                    columns[c].AddRange(values);
                }
                else if (f.IsNullable)
                {
                    columns[c].AddRange(await ReadNullable(group, f, n));
                }
                else if (f.ClrType == typeof(long))
                {
                    var values = new long[n];
                    await group.ReadAsync<long>(f, values.AsMemory());
                    columns[c].AddRange(values.Cast<object?>());
                }
                else if (f.ClrType == typeof(ulong))
                {
                    var values = new ulong[n];
                    await group.ReadAsync<ulong>(f, values.AsMemory());
                    columns[c].AddRange(values.Cast<object?>());
                }
                else
                {
                    var values = new double[n];
                    await group.ReadAsync<double>(f, values.AsMemory());
                    columns[c].AddRange(values.Cast<object?>());
                }
            }
        }

        return new ParquetReadBack(fields, types, groupRows, [.. columns.Select(c => c.ToArray())]);
    }

    private static async Task<IEnumerable<object?>> ReadNullable(ParquetRowGroupReader group, DataField f, int n)
    {
        var values = new double?[n];
        await group.ReadAsync<double>(f, values.AsMemory());
        return values.Select(v => v is { } x ? (object?)x : null);
    }
}
