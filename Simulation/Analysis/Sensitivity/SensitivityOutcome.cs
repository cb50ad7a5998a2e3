using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// The outcome a sensitivity analysis explains: a total (<c>leaked</c>, <c>delivered</c>, … as keyed in
/// summary.json) or leakage by source country (<c>leaked.source[MY]</c>); with a <c>delta:</c> prefix, the paired
/// difference policy − baseline of the same trial.
/// </summary>
internal sealed class SensitivityOutcome
{
    private readonly Outcome _total;
    private readonly int _country;

    private SensitivityOutcome(string text, Outcome total, int country, bool delta)
    {
        Text = text;
        _total = total;
        _country = country;
        IsDelta = delta;
    }

    /// <summary>The outcome as written.</summary>
    public string Text { get; }

    /// <summary>Whether it is the paired difference policy − baseline.</summary>
    public bool IsDelta { get; }

    /// <summary>The names allowed for <paramref name="plan"/>.</summary>
    public static IEnumerable<string> Allowed(FlowPlan plan) =>
        Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key).Concat(plan.Countries.Select(c => $"leaked.source[{c}]"));

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="problem"/> set when it is not an outcome of <paramref name="plan"/>.</summary>
    public static SensitivityOutcome? TryParse(string text, FlowPlan plan, out string problem)
    {
        problem = "";
        bool delta = text.StartsWith("delta:", StringComparison.Ordinal);
        string name = delta ? text["delta:".Length..] : text;
        foreach (Outcome o in Enum.GetValues<Outcome>())
        {
            if (RunSummaryWriter.Key(o) == name)
            {
                return new SensitivityOutcome(text, o, -1, delta);
            }
        }

        const string prefix = "leaked.source[";
        if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(']'))
        {
            string code = name[prefix.Length..^1];
            int c = Array.IndexOf(plan.Countries, code);
            if (c >= 0)
            {
                return new SensitivityOutcome(text, Outcome.Leaked, c, delta);
            }

            problem = $"--outcome '{text}': '{code}' is not a country of the scenario; allowed: {string.Join(", ", plan.Countries)}";
            return null;
        }

        problem = $"--outcome '{text}' is not an outcome; allowed: {string.Join(", ", Allowed(plan))}, each optionally prefixed with 'delta:' (with --policy)";
        return null;
    }

    /// <summary>The outcome of one finished trial.</summary>
    public double Of(TrialState state) => _country >= 0 ? state.LeakedBySourceCountry[_country] : state.Outcomes[(int)_total];
}
