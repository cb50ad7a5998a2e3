namespace ExportFlow.Simulation.Engine;

/// <summary>What happened in one period of a traced trial.</summary>
/// <param name="Period">1-based period.</param>
/// <param name="Outcomes">Outcome totals of this period alone, indexed by <see cref="Outcome"/>.</param>
/// <param name="StockAtStart">Total stock before the period.</param>
/// <param name="StockAtEnd">Total stock after the period.</param>
/// <param name="SourceCapacity">d_s × nominal accepted inflow, per source.</param>
/// <param name="SourceDiverted">Units each source diverted in the final sweep.</param>
/// <param name="SourceHeld">Units each source held (stock + accepted inflow) in the final sweep.</param>
public sealed record PeriodTrace(int Period, double[] Outcomes, double StockAtStart, double StockAtEnd, double[] SourceCapacity, double[] SourceDiverted, double[] SourceHeld);
