namespace ExportFlow.Simulation.Statistics;

/// <summary>A statistic's estimate with its 95 % interval, as the precision rule judges it.</summary>
/// <param name="Estimate">The point estimate (mean, percentile or probability), in the statistic's unit.</param>
/// <param name="Low">Lower end of the 95 % interval; −∞ when there are too few trials to bound it.</param>
/// <param name="High">Upper end of the 95 % interval; +∞ when there are too few trials to bound it.</param>
internal readonly record struct ConfidenceInterval(double Estimate, double Low, double High)
{
    /// <summary>Half the interval's width, (High − Low)/2; +∞ when an end is unbounded. Range: ≥ 0.</summary>
    public double HalfWidth => double.IsFinite(Low) && double.IsFinite(High) ? Math.Max(0.0, (High - Low) / 2.0) : double.PositiveInfinity;

    /// <summary>
    /// <see cref="HalfWidth"/> over |<see cref="Estimate"/>|: +∞ when the estimate is 0 (or the half-width
    /// is unbounded), 0 when both are 0 is not special-cased (it is +∞ too, a relative target cannot judge it).
    /// </summary>
    public double RelativeHalfWidth => Estimate == 0 || !double.IsFinite(Estimate) ? double.PositiveInfinity : HalfWidth / Math.Abs(Estimate);
}
