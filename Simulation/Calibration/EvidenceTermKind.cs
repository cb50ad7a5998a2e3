namespace ExportFlow.Simulation.Calibration;

/// <summary>What an evidence term reads from a trial.</summary>
internal enum EvidenceTermKind
{
    /// <summary>A total outcome (<c>leaked</c>, <c>supply</c>, …).</summary>
    Total,

    /// <summary>Leaked units by source country (<c>leaked.source[MY]</c>).</summary>
    LeakedBySource,

    /// <summary>Leaked units by transit country (<c>leaked.transit[SG]</c>).</summary>
    LeakedByTransit,

    /// <summary>Units billed to a country (<c>billed[SG]</c>).</summary>
    Billed,

    /// <summary>Units physically received in a country (<c>received[MY]</c>).</summary>
    Received,
}
