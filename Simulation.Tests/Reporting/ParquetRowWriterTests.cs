using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Reporting;

public class ParquetRowWriterTests
{
    private static readonly ParquetColumn[] s_columns =
    [
        new("trial", ParquetColumnType.Int64),
        new("policy", ParquetColumnType.String),
        new("leaked", ParquetColumnType.Double),
        new("divSg", ParquetColumnType.NullableDouble),
        new("noiseKey", ParquetColumnType.UInt64),
        new("demand", ParquetColumnType.NullableDouble),
    ];

    private static readonly long[] s_groups = [3, 3, 3, 1];
    private static readonly string[] s_types = ["INT64 INT_64 REQUIRED", "BYTE_ARRAY UTF8 REQUIRED", "DOUBLE REQUIRED", "DOUBLE OPTIONAL", "INT64 UINT_64 REQUIRED", "DOUBLE OPTIONAL"];
    private string _dir = "";

    [SetUp]
    public void NewFolder()
    {
        _dir = CliTestHelper.TempDirectory();
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static void WriteRows(ParquetRowWriter writer, int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            writer.SetInt64(0, i);
            writer.SetString(1, i % 2 == 0 ? "baseline" : "sg–permits");
            writer.SetDouble(2, i == 4 ? double.NaN : (i * 0.1) + 1e-17);
            writer.SetDouble(3, i % 3 == 0 ? double.NaN : -i / 7.0);
            writer.SetUInt64(4, ulong.MaxValue - (ulong)i);
            writer.SetDouble(5, i == 9 ? double.NaN : 1e6 + i);
            writer.EndRow();
        }
    }

    [Test]
    public void Commit_TenRowsInGroupsOfThree_ReadsBackFourGroupsInOrderWithEveryValue()
    {
        string path = Path.Combine(_dir, "t.parquet");
        using (ParquetRowWriter writer = ParquetRowWriter.Create(path, s_columns, rowGroupSize: 3))
        {
            WriteRows(writer, 10);
            writer.Commit();
            Assert.That(writer.RowGroups, Is.EqualTo(4));
        }

        ParquetReadBack back = ParquetReadBack.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(back.GroupRows, Is.EqualTo(s_groups));
            Assert.That(back.Names, Is.EqualTo(s_columns.Select(c => c.Name)));
            Assert.That(back.Types, Is.EqualTo(s_types));
            for (int i = 0; i < 10; i++)
            {
                Assert.That(back.Columns[0][i], Is.EqualTo((long)i), $"trial of row {i}");
                Assert.That(back.Columns[1][i], Is.EqualTo(i % 2 == 0 ? "baseline" : "sg–permits"), $"policy of row {i}");
                double leaked = (double)back.Columns[2][i]!;
                double expected = i == 4 ? double.NaN : (i * 0.1) + 1e-17;
                Assert.That(BitConverter.DoubleToInt64Bits(leaked), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"leaked of row {i}: NaN stays NaN in a required column");
                Assert.That(back.Columns[3][i], i % 3 == 0 ? Is.Null : Is.EqualTo(-i / 7.0), $"divSg of row {i}: NaN is null in a nullable column");
                Assert.That(back.Columns[4][i], Is.EqualTo(ulong.MaxValue - (ulong)i), $"noiseKey of row {i}");
                Assert.That(back.Columns[5][i], i == 9 ? Is.Null : Is.EqualTo(1e6 + i), $"demand of row {i}: a second nullable column keeps its own values");
            }
        });
    }

    [Test]
    public void Commit_NoRows_WritesAFileWithTheColumnsAndNoRows()
    {
        string path = Path.Combine(_dir, "empty.parquet");
        using (ParquetRowWriter writer = ParquetRowWriter.Create(path, s_columns))
        {
            writer.Commit();
        }

        AtomicFile.RemoveStagingIfEmpty(_dir);
        ParquetReadBack back = ParquetReadBack.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(back.Names, Is.EqualTo(s_columns.Select(c => c.Name)));
            Assert.That(back.Rows, Is.Zero);
            Assert.That(Directory.Exists(Path.Combine(_dir, AtomicFile.StagingFolder)), Is.False, "no temporary left in the staging folder");
        });
    }

    [Test]
    public void Dispose_WithoutCommit_LeavesNeitherTheFileNorATemporary()
    {
        string path = Path.Combine(_dir, "abandoned.parquet");
        using (ParquetRowWriter writer = ParquetRowWriter.Create(path, s_columns, rowGroupSize: 2))
        {
            WriteRows(writer, 5);
            Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, AtomicFile.StagingFolder)).Count(), Is.EqualTo(1), "written in the staging folder");
            Assert.That(File.Exists(path), Is.False, "nothing under the name before Commit");
        }

        AtomicFile.RemoveStagingIfEmpty(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(path), Is.False);
            Assert.That(Directory.Exists(Path.Combine(_dir, AtomicFile.StagingFolder)), Is.False, "the temporary is deleted");
        });
    }
}
