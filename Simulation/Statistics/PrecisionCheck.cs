namespace ExportFlow.Simulation.Statistics;

/// <summary>One evaluation of the precision rule: the binding (least precise) statistic after some trials.</summary>
/// <param name="Trials">Trials merged when the rule was evaluated.</param>
/// <param name="Label">Which run (or which comparison) the binding statistic belongs to.</param>
/// <param name="Interval">Its estimate and 95 % interval.</param>
/// <param name="Achieved">Its half-width as the target measures it (absolute, or relative to |estimate|).</param>
internal sealed record PrecisionCheck(long Trials, string Label, ConfidenceInterval Interval, double Achieved);
