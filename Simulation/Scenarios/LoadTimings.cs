namespace ExportFlow.Simulation.Scenarios;

/// <summary>Where the time of one scenario load went (reported by <c>exportflow bench</c>).</summary>
internal sealed class LoadTimings
{
    /// <summary>Reading the file (zero for text given in memory).</summary>
    public TimeSpan Read { get; set; }

    /// <summary>Decoding the text, building the YAML tree and parsing it into a scenario.</summary>
    public TimeSpan Parse { get; set; }

    /// <summary>Checking the whole network under the baseline and every policy, warnings included.</summary>
    public TimeSpan Validate { get; set; }
}
