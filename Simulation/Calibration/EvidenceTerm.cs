using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Calibration;

/// <summary>One quantity of a trial that an observation reads: a total outcome or one country's entry of a breakdown.</summary>
/// <param name="Kind">Which quantity.</param>
/// <param name="Total">The outcome, for <see cref="EvidenceTermKind.Total"/>.</param>
/// <param name="Country">The country code, for the breakdowns; empty for a total.</param>
internal sealed record EvidenceTerm(EvidenceTermKind Kind, Outcome Total, string Country)
{
    private static readonly (string Prefix, EvidenceTermKind Kind)[] s_breakdowns =
    [
        ("leaked.source[", EvidenceTermKind.LeakedBySource),
        ("leaked.transit[", EvidenceTermKind.LeakedByTransit),
        ("billed[", EvidenceTermKind.Billed),
        ("received[", EvidenceTermKind.Received),
    ];

    /// <summary>Every name a term may have, with CC for a country code (for messages).</summary>
    public static IEnumerable<string> Forms =>
        Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key).Concat(s_breakdowns.Select(b => b.Prefix + "CC]"));

    /// <summary>The term as written.</summary>
    public override string ToString() => Kind switch
    {
        EvidenceTermKind.Total => RunSummaryWriter.Key(Total),
        _ => s_breakdowns.First(b => b.Kind == Kind).Prefix + Country + "]",
    };

    /// <summary>Parses one term; null with <paramref name="problem"/> set when it names nothing the engine reports.</summary>
    public static EvidenceTerm? TryParse(string text, out string problem)
    {
        problem = "";
        string t = text.Trim();
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            if (RunSummaryWriter.Key(o) == t)
            {
                return new EvidenceTerm(EvidenceTermKind.Total, o, "");
            }
        }

        foreach (var (prefix, kind) in s_breakdowns)
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (!t.EndsWith(']') || t.Length == prefix.Length + 1)
                {
                    problem = $"'{t}' needs a country code between the brackets, e.g. '{prefix}MY]'";
                    return null;
                }

                return new EvidenceTerm(kind, Outcome.Leaked, t[prefix.Length..^1].Trim());
            }
        }

        string name = t.Contains('[', StringComparison.Ordinal) ? t[..t.IndexOf('[', StringComparison.Ordinal)] + "[" : t;
        string? near = Scenarios.KeySuggester.Nearest(name, Forms.Select(f => f.EndsWith("CC]", StringComparison.Ordinal) ? f[..^3] : f));
        string hint = near is null ? "" : $"; did you mean '{near}'?";
        problem = $"'{t}' is not an outcome the engine reports{hint} Allowed: {string.Join(", ", Forms)}";
        return null;
    }
}
