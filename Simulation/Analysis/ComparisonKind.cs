namespace ExportFlow.Simulation.Analysis;

/// <summary>What a comparison sets against its reference run.</summary>
public enum ComparisonKind
{
    /// <summary>Policies of one scenario against its baseline (no policy).</summary>
    Policies,

    /// <summary>The baselines of several scenario files (for example two calibrations) against the first file's.</summary>
    Files,
}
