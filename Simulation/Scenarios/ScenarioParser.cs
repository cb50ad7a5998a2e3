using System.Globalization;
using ExportFlow.Simulation.Model;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>
/// Turns the YAML tree of a scenario into the model, reporting every problem with its location.
/// Parsing never stops at the first error: each section is read as far as it can be, so the user
/// sees all mistakes in one pass.
/// </summary>
internal sealed partial class ScenarioParser
{
    private static readonly string[] s_topKeys =
    [
        "name", "description", "quantityUnit", "costUnit", "horizon", "run", "routes", "routeChoice", "parameters", "correlations", "nodes", "edges",
        "caps", "policies",
    ];

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, Parameter> _parameters = new(StringComparer.Ordinal);

    public ScenarioParser(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses the root mapping. Returns null when errors prevent building a scenario.</summary>
    public Scenario? Parse(YamlMappingNode root, string sha256)
    {
        var keys = ReadKeys(root, "", s_topKeys, "the top level");
        string? name = RequiredString(root, keys, "name", "");
        string description = OptionalString(keys, "description", "") ?? "";
        string quantityUnit = OptionalString(keys, "quantityUnit", "") ?? "H100e";
        string costUnit = OptionalString(keys, "costUnit", "") ?? "USD per H100e";

        int periods = 0;
        string periodUnit = "month";
        if (!keys.TryGetValue("horizon", out var horizon))
        {
            Error(root, "horizon", "missing required key 'horizon'; add for example 'horizon: { periods: 12, unit: month }'");
        }
        else if (AsMapping(horizon.Value, "horizon") is { } hm)
        {
            var hk = ReadKeys(hm, "horizon", ["periods", "unit"], "horizon");
            periods = RequiredInt(hm, hk, "periods", "horizon", 1, 100_000) ?? 0;
            _periods = periods;
            periodUnit = OptionalString(hk, "unit", "horizon") ?? "month";
        }

        int trials = 10_000;
        ulong seed = 1;
        if (keys.TryGetValue("run", out var run) && AsMapping(run.Value, "run") is { } rm)
        {
            var rk = ReadKeys(rm, "run", ["trials", "seed"], "run");
            trials = OptionalInt(rk, "trials", "run", 1, int.MaxValue) ?? trials;
            seed = (ulong)(OptionalLong(rk, "seed", "run", 0, long.MaxValue) ?? 1);
        }

        int maxEdges = 6, maxRoutes = 10_000;
        if (keys.TryGetValue("routes", out var routes) && AsMapping(routes.Value, "routes") is { } rom)
        {
            var rk = ReadKeys(rom, "routes", ["maxEdges", "maxRoutes"], "routes");
            maxEdges = OptionalInt(rk, "maxEdges", "routes", 1, 64) ?? maxEdges;
            maxRoutes = OptionalInt(rk, "maxRoutes", "routes", 1, 10_000_000) ?? maxRoutes;
        }

        RouteChoice routeChoice = RouteChoice.Routes;
        if (keys.TryGetValue("routeChoice", out var choice))
        {
            routeChoice = ParseEnum<RouteChoice>(choice.Value, "routeChoice") ?? routeChoice;
        }

        if (keys.TryGetValue("parameters", out var parameters))
        {
            ParseParameters(parameters.Value);
        }

        List<Correlation> correlations = keys.TryGetValue("correlations", out var correlationsEntry) ? ParseCorrelations(correlationsEntry.Value) : [];

        List<Node> nodes = [];
        if (!keys.TryGetValue("nodes", out var nodesEntry))
        {
            Error(root, "nodes", "missing required key 'nodes'; list at least one node");
        }
        else
        {
            nodes = ParseNodes(nodesEntry.Value);
        }

        _nodes = nodes;

        var nodeIds = new HashSet<string>(nodes.Select(n => n.Id), StringComparer.Ordinal);
        List<Edge> edges = keys.TryGetValue("edges", out var edgesEntry) ? ParseEdges(edgesEntry.Value, nodeIds) : [];
        _edges = edges;
        List<Cap> caps = keys.TryGetValue("caps", out var capsEntry) ? ParseCaps(capsEntry.Value) : [];
        _caps = caps;
        List<Policy> policies = keys.TryGetValue("policies", out var polEntry) ? ParsePolicies(polEntry.Value) : [];

        if (name is null || _diagnostics.HasErrors)
        {
            return null;
        }

        return new Scenario
        {
            File = _file,
            Sha256 = sha256,
            Name = name,
            Description = description,
            QuantityUnit = quantityUnit,
            CostUnit = costUnit,
            Periods = periods,
            PeriodUnit = periodUnit,
            Trials = trials,
            Seed = seed,
            MaxRouteEdges = maxEdges,
            MaxRoutes = maxRoutes,
            RouteChoice = routeChoice,
            Parameters = [.. _parameters.Values],
            Correlations = correlations,
            Nodes = nodes,
            Edges = edges,
            Caps = caps,
            Policies = policies,
        };
    }

    private SourceLocation Loc(YamlNode node) => new(_file, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(YamlNode node, string path, string message) => _diagnostics.Error(Loc(node), path, message);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when string.IsNullOrEmpty(s.Value) && s.Style == YamlDotNet.Core.ScalarStyle.Plain => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private YamlMappingNode? AsMapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode m)
        {
            return m;
        }

        Error(node, path, $"expected a mapping of keys, found {Describe(node)}");
        return null;
    }

    private YamlSequenceNode? AsSequence(YamlNode node, string path)
    {
        if (node is YamlSequenceNode s)
        {
            return s;
        }

        Error(node, path, $"expected a list (a YAML sequence, items starting with '- '), found {Describe(node)}");
        return null;
    }

    private string? AsString(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } v })
        {
            return v;
        }

        Error(node, path, $"expected a text value, found {Describe(node)}");
        return null;
    }

    /// <summary>Reads a mapping's keys, reporting unknown ones with the nearest known key.</summary>
    private Dictionary<string, KeyValuePair<YamlNode, YamlNode>> ReadKeys(YamlMappingNode map, string path, IReadOnlyCollection<string> known, string context)
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
                Error(entry.Key, Join(path, key), $"unknown key '{key}' in {context}{hint} Allowed keys: {string.Join(", ", known)}");
                continue;
            }

            result[key] = new KeyValuePair<YamlNode, YamlNode>(entry.Key, entry.Value);
        }

        return result;
    }

    private string? RequiredString(YamlNode owner, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            Error(owner, Join(path, key), $"missing required key '{key}'");
            return null;
        }

        return AsString(entry.Value, Join(path, key));
    }

    private string? OptionalString(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path) =>
        keys.TryGetValue(key, out var entry) ? AsString(entry.Value, Join(path, key)) : null;

    private int? RequiredInt(YamlNode owner, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path, int min, int max)
    {
        if (!keys.ContainsKey(key))
        {
            Error(owner, Join(path, key), $"missing required key '{key}' (an integer from {min} to {max})");
            return null;
        }

        return OptionalInt(keys, key, path, min, max);
    }

    private int? OptionalInt(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path, int min, int max)
    {
        long? value = OptionalLong(keys, key, path, min, max);
        return value is null ? null : (int)value.Value;
    }

    private long? OptionalLong(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path, long min, long max)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            return null;
        }

        string p = Join(path, key);
        if (entry.Value is YamlScalarNode { Value: { } text }
            && long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            if (value < min || value > max)
            {
                Error(entry.Value, p, $"{value} is out of range; allowed: an integer from {min} to {max}");
                return null;
            }

            return value;
        }

        Error(entry.Value, p, $"expected an integer from {min} to {max}, found {Describe(entry.Value)}");
        return null;
    }

    private List<string> StringList(YamlNode node, string path)
    {
        List<string> result = [];
        if (node is YamlScalarNode)
        {
            if (AsString(node, path) is { } single)
            {
                result.Add(single);
            }

            return result;
        }

        if (AsSequence(node, path) is { } seq)
        {
            for (int i = 0; i < seq.Children.Count; i++)
            {
                if (AsString(seq.Children[i], $"{path}[{i}]") is { } s)
                {
                    result.Add(s);
                }
            }
        }

        return result;
    }

    private T? ParseEnum<T>(YamlNode node, string path)
        where T : struct, Enum
    {
        string[] allowed = [.. Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])];
        if (AsString(node, path) is not { } text)
        {
            return null;
        }

        int index = Array.IndexOf(allowed, text);
        if (index >= 0)
        {
            return Enum.GetValues<T>()[index];
        }

        string? near = KeySuggester.Nearest(text, allowed);
        string hint = near is null ? "" : $" (did you mean '{near}'?)";
        Error(node, path, $"'{text}' is not allowed{hint}; allowed: {string.Join(", ", allowed)}");
        return null;
    }
}
