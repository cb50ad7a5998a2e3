using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// Reads an evidence file with the same guards as a scenario (size, encoding, nesting, aliases), parses it strictly
/// and checks it against the scenario it is for: every problem becomes a located diagnostic; nothing here throws
/// for bad input.
/// </summary>
internal static class EvidenceLoader
{
    private static readonly string[] s_topKeys = ["scenario", "description", "evidence"];
    private static readonly string[] s_observationKeys = ["id", "outcome", "periods", "denominatorPeriods", "observed", "error", "source", "note"];

    /// <summary>How an evidence file is named in messages.</summary>
    internal static YamlDocumentKind Document { get; } = new(
        "evidence file",
        "an evidence file needs a list 'evidence:' of observations (see docs/calibration.md)",
        "an evidence file is a mapping with the key 'evidence' (a list of observations)");

    /// <summary>Loads the evidence file at <paramref name="path"/> and checks it against <paramref name="scenario"/>.</summary>
    public static EvidenceLoadResult Load(string path, Scenario scenario)
    {
        var bag = new DiagnosticBag();
        byte[]? bytes = ScenarioLoader.ReadFile(path, bag, Document);
        return bytes is null ? new EvidenceLoadResult(null, bag.Items) : LoadBytes(path, bytes, scenario, bag);
    }

    /// <summary>Loads evidence text (for tests); <paramref name="path"/> names it in diagnostics.</summary>
    public static EvidenceLoadResult LoadFromString(string path, string yaml, Scenario scenario) =>
        LoadBytes(path, Encoding.UTF8.GetBytes(yaml), scenario, new DiagnosticBag());

    private static EvidenceLoadResult LoadBytes(string path, byte[] bytes, Scenario scenario, DiagnosticBag bag)
    {
        YamlMappingNode? root = ScenarioLoader.ReadMapping(path, bytes, bag, Document, out string sha, out string text);
        EvidenceFile? evidence = root is null ? null : new Reader(path, bag, scenario).Read(root, sha);
        return new EvidenceLoadResult(bag.HasErrors ? null : evidence, ScenarioLoader.WithinFile(bag.Sorted(), text));
    }

    private sealed class Reader(string file, DiagnosticBag bag, Scenario scenario)
    {
        private readonly string[] _countries = [.. scenario.Nodes.Select(n => n.Country).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        public EvidenceFile? Read(YamlMappingNode root, string sha)
        {
            var keys = Keys(root, "", s_topKeys, "the top level of an evidence file");
            string? scenarioName = keys.TryGetValue("scenario", out var s) ? Text(s.Value, "scenario") : null;
            if (scenarioName is not null && scenarioName != scenario.Name)
            {
                Error(s.Value, "scenario", $"this evidence is for scenario '{scenarioName}', but the scenario given is '{scenario.Name}'; give the matching scenario, or correct 'scenario:'");
            }

            if (keys.TryGetValue("description", out var d))
            {
                Text(d.Value, "description");
            }

            var observations = new List<Observation>();
            if (!keys.TryGetValue("evidence", out var list))
            {
                Error(root, "evidence", "missing required key 'evidence' (a list of observations, each with id, outcome, observed, error and source)");
            }
            else if (list.Value is not YamlSequenceNode seq || seq.Children.Count == 0)
            {
                Error(list.Value, "evidence", "'evidence' must be a non-empty list of observations, each with id, outcome, observed, error and source");
            }
            else
            {
                var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                for (int i = 0; i < seq.Children.Count; i++)
                {
                    if (ReadObservation(seq.Children[i], $"evidence[{i}]", ids) is { } o)
                    {
                        observations.Add(o);
                    }
                }
            }

            return bag.HasErrors ? null : new EvidenceFile(file, sha, scenarioName, observations);
        }

        private Observation? ReadObservation(YamlNode node, string path, Dictionary<string, SourceLocation> ids)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "an observation must be a mapping with id, outcome, observed, error and source");
                return null;
            }

            int errors = ErrorCount();
            var keys = Keys(map, path, s_observationKeys, "an observation");
            string? id = Required(map, keys, "id", path) is { } idNode ? Text(idNode, $"{path}.id") : null;
            if (id is not null)
            {
                if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    Error(keys["id"].Value, $"{path}.id", $"'{id}' is not a valid id; use letters, digits, '-', '_' and '.'");
                }
                else if (ids.TryGetValue(id, out SourceLocation first))
                {
                    Error(keys["id"].Value, $"{path}.id", $"duplicate id '{id}' (first at line {first.Line}); each observation needs its own id");
                }
                else
                {
                    ids[id] = Loc(keys["id"].Value);
                }
            }

            ObservationTarget? target = null;
            SourceLocation targetAt = Loc(map);
            if (Required(map, keys, "outcome", path) is { } outcomeNode && Text(outcomeNode, $"{path}.outcome") is { } outcomeText)
            {
                targetAt = Loc(outcomeNode);
                target = ObservationTarget.TryParse(outcomeText, out string problem);
                if (target is null)
                {
                    Error(outcomeNode, $"{path}.outcome", problem);
                }
                else
                {
                    CheckCountry(target.Numerator, outcomeNode, path);
                    if (target.Denominator is { } den)
                    {
                        CheckCountry(den, outcomeNode, path);
                        if (den == target.Numerator && !keys.ContainsKey("denominatorPeriods"))
                        {
                            Error(outcomeNode, $"{path}.outcome", $"'{outcomeText}' divides an outcome by itself over the same periods (always 1); observe a ratio of two different outcomes, or give the denominator its own window with 'denominatorPeriods' (a growth rate)");
                        }
                    }
                }
            }

            (int from, int? until) = (1, null);
            SourceLocation periodsAt = Loc(map);
            bool windowsRead = true;
            if (keys.TryGetValue("periods", out var periods))
            {
                periodsAt = Loc(periods.Value);
                int before = ErrorCount();
                (from, until) = ReadPeriods(periods.Value, $"{path}.periods");
                windowsRead = ErrorCount() == before;
            }

            (int From, int Until)? denominatorWindow = null;
            if (keys.TryGetValue("denominatorPeriods", out var denPeriods))
            {
                if (target is not null && target.Denominator is null)
                {
                    Error(denPeriods.Key, $"{path}.denominatorPeriods", $"'denominatorPeriods' is the window of a ratio's denominator, but '{target}' is not a ratio; write the outcome as 'a / b', or remove 'denominatorPeriods'");
                }
                else
                {
                    int before = ErrorCount();
                    (int dFrom, int? dUntil) = ReadPeriods(denPeriods.Value, $"{path}.denominatorPeriods");
                    (int From, int Until) numerator = (from, until ?? scenario.Periods), denominator = (dFrom, dUntil ?? scenario.Periods);
                    if (windowsRead && ErrorCount() == before && target is not null)
                    {
                        if (target.Denominator == target.Numerator && ReadsTheSame(target.Numerator, numerator, denominator))
                        {
                            string what = IsStock(target.Numerator) ? $"reads '{target.Numerator}' at the same period over both windows" : $"has the numerator's window [{denominator.From}, {denominator.Until}]";
                            Error(denPeriods.Value, $"{path}.denominatorPeriods", $"the denominator {what}, so '{target}' is always 1; give the earlier window the growth is measured from");
                        }

                        // A denominator window equal to the numerator's is the plain ratio: stored as one window.
                        denominatorWindow = denominator == numerator ? null : denominator;
                    }
                }
            }

            string? errorText = Required(map, keys, "error", path) is { } errorNode ? Text(errorNode, $"{path}.error") : null;
            ErrorModel? error = null;
            if (errorText is not null)
            {
                error = ErrorModel.TryParse(errorText, out string problem);
                if (error is null)
                {
                    Error(keys["error"].Value, $"{path}.error", problem);
                }
            }

            double observed = double.NaN;
            if (keys.TryGetValue("observed", out var obs))
            {
                observed = Real(obs.Value, $"{path}.observed") ?? double.NaN;
                if (error?.Kind == ErrorKind.LogNormal && !(observed > 0) && !double.IsNaN(observed))
                {
                    Error(obs.Value, $"{path}.observed", $"a lognormal error needs an observed value greater than 0, got {observed.ToString(CultureInfo.InvariantCulture)}; use normal(sd) for values that can be 0");
                }

                if (observed < 0 && target?.Denominator is null)
                {
                    Error(obs.Value, $"{path}.observed", $"an observed quantity of units cannot be negative, got {observed.ToString(CultureInfo.InvariantCulture)}");
                }
            }
            else if (error is not null && error.Kind != ErrorKind.Between)
            {
                Error(map, $"{path}.observed", $"missing required key 'observed' (the reported value; only between(lo, hi, width) goes without one)");
            }

            if (Required(map, keys, "source", path) is { } sourceNode && Text(sourceNode, $"{path}.source") is { } source && source.Trim().Length == 0)
            {
                Error(sourceNode, $"{path}.source", "the source is empty; say where the figure comes from (a seeds/facts.csv row, a filing, a statistic)");
            }

            if (keys.TryGetValue("note", out var note))
            {
                Text(note.Value, $"{path}.note");
            }

            bool ok = ErrorCount() == errors;
            return ok && id is not null && target is not null && error is not null
                ? new Observation(id, target, from, until, observed, error, Text(keys["source"].Value, "")!, Loc(map), targetAt, periodsAt, denominatorWindow)
                : null;
        }

        private int ErrorCount() => bag.Items.Count(x => x.Severity == DiagnosticSeverity.Error);

        private static bool IsStock(EvidenceTerm term) => term.Kind == EvidenceTermKind.Total && term.Total is Outcome.InitialStock or Outcome.FinalStock;

        // Whether a term summed (or, for a stock, read) over two windows gives the same number in every trial.
        private static bool ReadsTheSame(EvidenceTerm term, (int From, int Until) a, (int From, int Until) b) =>
            !IsStock(term) ? a == b : term.Total == Outcome.InitialStock ? a.From == b.From : a.Until == b.Until;

        private void CheckCountry(EvidenceTerm term, YamlNode at, string path)
        {
            if (term.Kind != EvidenceTermKind.Total && Array.IndexOf(_countries, term.Country) < 0)
            {
                string? near = KeySuggester.Nearest(term.Country, _countries);
                string hint = near is null ? "" : $"; did you mean '{near}'?";
                Error(at, $"{path}.outcome", $"'{term}': '{term.Country}' is not a country of scenario '{scenario.Name}'{hint} Countries: {string.Join(", ", _countries)}");
            }
        }

        private (int From, int? Until) ReadPeriods(YamlNode node, string path)
        {
            int horizon = scenario.Periods;
            string key = path[(path.LastIndexOf('.') + 1)..];
            string allowed = $"write one period '{key}: 3' or a window '{key}: [1, 12]' within the horizon 1–{horizon}";
            int?[] bounds;
            if (node is YamlScalarNode)
            {
                int? p = Integer(node, path, allowed);
                bounds = [p, p];
            }
            else if (node is YamlSequenceNode { Children.Count: 2 } pair)
            {
                bounds = [Integer(pair.Children[0], path, allowed), Integer(pair.Children[1], path, allowed)];
            }
            else
            {
                Error(node, path, $"'{key}' must be a period or a window [from, to]; {allowed}");
                return (1, null);
            }

            if (bounds[0] is not { } from || bounds[1] is not { } until)
            {
                return (1, null);
            }

            if (from < 1 || until > horizon)
            {
                Error(node, path, $"the window [{from}, {until}] is outside the scenario's horizon of {horizon} {scenario.PeriodUnit}(s); {allowed}");
            }
            else if (from > until)
            {
                Error(node, path, $"the window [{from}, {until}] is empty (it ends before it starts); {allowed}");
            }

            return (from, until);
        }

        private int? Integer(YamlNode node, string path, string allowed)
        {
            if (node is YamlScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p))
            {
                return p;
            }

            Error(node, path, $"'{(node as YamlScalarNode)?.Value}' is not a whole period number; {allowed}");
            return null;
        }

        private double? Real(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } v } && double.TryParse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x))
            {
                return x;
            }

            Error(node, path, $"expected a finite number (e.g. 180000 or 1.8e5), got {Describe(node)}");
            return null;
        }

        private string? Text(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } v })
            {
                return v;
            }

            Error(node, path, $"expected text, got {Describe(node)}");
            return null;
        }

        private YamlNode? Required(YamlMappingNode owner, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path)
        {
            if (keys.TryGetValue(key, out var entry))
            {
                return entry.Value;
            }

            Error(owner, $"{path}.{key}", $"missing required key '{key}'");
            return null;
        }

        private Dictionary<string, KeyValuePair<YamlNode, YamlNode>> Keys(YamlMappingNode map, string path, string[] known, string context)
        {
            var result = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                if (entry.Key is not YamlScalarNode { Value: { } key })
                {
                    Error(entry.Key, path, "keys must be plain text");
                    continue;
                }

                if (!known.Contains(key))
                {
                    string? near = KeySuggester.Nearest(key, known);
                    string hint = near is null ? "" : $"; did you mean '{near}'?";
                    Error(entry.Key, path.Length == 0 ? key : $"{path}.{key}", $"unknown key '{key}' in {context}{hint} Allowed keys: {string.Join(", ", known)}");
                    continue;
                }

                result[key] = entry;
            }

            return result;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode { Value: null or "" } => "nothing",
            YamlScalarNode sc => $"'{sc.Value}'",
            _ => "something else",
        };

        private SourceLocation Loc(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

        private void Error(YamlNode node, string path, string message) => bag.Error(Loc(node), path, message);
    }
}
