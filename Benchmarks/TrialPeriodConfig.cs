using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ExportFlow.Benchmarks;

/// <summary>Adds a column with the mean time divided by the case's <c>Periods</c> parameter.</summary>
internal sealed class TrialPeriodConfig : ManualConfig
{
    public TrialPeriodConfig() => AddColumn(new PerPeriodColumn());

    private sealed class PerPeriodColumn : IColumn
    {
        public string Id => nameof(PerPeriodColumn);

        public string ColumnName => "ns/trial-period";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Mean time per trial divided by the periods simulated (nanoseconds)";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            object? periods = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Periods")?.Value;
            return mean is { } ns && periods is int t && t > 0
                ? (ns / t).ToString("N1", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
        }
    }
}
