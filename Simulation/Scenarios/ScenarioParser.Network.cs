using System.Text.RegularExpressions;
using ExportFlow.Simulation.Model;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

internal sealed partial class ScenarioParser
{
    private static readonly string[] s_nodeCommonKeys = ["id", "kind", "country", "tags", "description"];
    private static readonly string[] s_edgeCommonKeys = ["id", "from", "to", "channel", "description"];

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    private readonly HashSet<string> _declaredNodeIds = new(StringComparer.Ordinal);

    // Ids of every edge written in the file, also those with errors of their own: a policy that names
    // one is not told again that the edge is unknown.
    private readonly HashSet<string> _declaredEdgeIds = new(StringComparer.Ordinal);

    private static IEnumerable<string> AllAttributeNames => Enum.GetValues<AttributeId>().Select(AttributeInfo.NameOf);

    private List<Node> ParseNodes(YamlNode node)
    {
        List<Node> nodes = [];
        if (AsSequence(node, "nodes") is not { } seq)
        {
            return nodes;
        }

        if (seq.Children.Count == 0)
        {
            Error(seq, "nodes", "the network needs at least one node");
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"nodes[{i}]";
            if (AsMapping(seq.Children[i], path) is not { } map)
            {
                continue;
            }

            var keys = ReadKeys(map, path, [.. s_nodeCommonKeys, .. AllAttributeNames.Where(a => a is not ("weight" or "approval" or "detection" or "cost" or "amount"))], "a node");
            string? id = ReadId(map, keys, path);
            if (id is not null)
            {
                _declaredNodeIds.Add(id);
            }

            NodeKind? kind = keys.TryGetValue("kind", out var k) ? ParseEnum<NodeKind>(k.Value, Join(path, "kind")) : null;
            if (!keys.ContainsKey("kind"))
            {
                Error(map, Join(path, "kind"), "missing required key 'kind'; allowed: supplier, market, hub, reseller, restricted");
            }

            string? country = ReadCountry(map, keys, "country", path, required: true);
            List<string> tags = [];
            if (keys.TryGetValue("tags", out var t) && AsSequence(t.Value, Join(path, "tags")) is not null)
            {
                tags = StringList(t.Value, Join(path, "tags"));
            }

            var attributes = new Dictionary<AttributeId, Quantity>();
            if (kind is { } nk)
            {
                var allowed = AttributeInfo.ForKind(nk);
                foreach (var (key, entry) in keys)
                {
                    if (s_nodeCommonKeys.Contains(key) || !AttributeInfo.TryParse(key, out AttributeId attribute))
                    {
                        continue;
                    }

                    if (!allowed.Any(a => a.Attribute == attribute))
                    {
                        string kindName = k.Value is YamlScalarNode ks ? ks.Value! : nk.ToString();
                        Error(entry.Key, Join(path, key), $"'{key}' is not an attribute of a {kindName} node; {kindName} nodes take: {string.Join(", ", allowed.Select(a => AttributeInfo.NameOf(a.Attribute)))}");
                        continue;
                    }

                    if (ParseAttribute(entry.Value, Join(path, key), attribute) is { } q)
                    {
                        attributes[attribute] = q;
                    }
                }

                foreach (var (attribute, _, required) in allowed)
                {
                    string name = AttributeInfo.NameOf(attribute);
                    if (required && !keys.ContainsKey(name))
                    {
                        Error(map, Join(path, name), $"missing required key '{name}' for a {nk.ToString().ToLowerInvariant()} node ({AttributeInfo.DomainText(attribute)} per period)");
                    }
                }
            }

            if (id is not null && seen.TryGetValue(id, out SourceLocation first))
            {
                Error(keys["id"].Value, Join(path, "id"), $"duplicate node id '{id}' (first defined at line {first.Line}); node ids must be unique");
                continue;
            }

            if (id is not null)
            {
                seen[id] = Loc(map);
            }

            if (id is not null && kind is not null && country is not null)
            {
                nodes.Add(new Node(id, kind.Value, country, tags, attributes, nodes.Count, Loc(map)));
            }
        }

        return nodes;
    }

    private string? ReadId(YamlMappingNode map, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string path)
    {
        if (!keys.TryGetValue("id", out var entry))
        {
            Error(map, Join(path, "id"), "missing required key 'id'");
            return null;
        }

        string? id = AsString(entry.Value, Join(path, "id"));
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Error(entry.Value, Join(path, "id"), $"'{id}' is not a valid id; use letters, digits, '_', '-', '.' and ':'");
            return null;
        }

        return id;
    }

    private string? ReadCountry(YamlNode owner, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path, bool required)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            if (required)
            {
                Error(owner, Join(path, key), $"missing required key '{key}' (an ISO 3166 alpha-2 code such as SG)");
            }

            return null;
        }

        string? country = AsString(entry.Value, Join(path, key));
        if (country is not null && !CountryPattern().IsMatch(country))
        {
            Error(entry.Value, Join(path, key), $"'{country}' is not an ISO 3166 alpha-2 country code; write two capital letters such as SG, MY or CN");
            return null;
        }

        return country;
    }

    private List<Edge> ParseEdges(YamlNode node, HashSet<string> nodeIds)
    {
        List<Edge> edges = [];
        if (AsSequence(node, "edges") is not { } seq)
        {
            return edges;
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"edges[{i}]";
            if (AsMapping(seq.Children[i], path) is not { } map)
            {
                continue;
            }

            var keys = ReadKeys(map, path, [.. s_edgeCommonKeys, "billedTo", "weight", "approval", "lot", "detection", "cost"], "an edge");
            string? from = ReadEndpoint(map, keys, "from", path, nodeIds);
            string? to = ReadEndpoint(map, keys, "to", path, nodeIds);
            Channel? channel = null;
            if (!keys.TryGetValue("channel", out var c))
            {
                Error(map, Join(path, "channel"), "missing required key 'channel'; allowed: legit, illicit");
            }
            else
            {
                channel = ParseEnum<Channel>(c.Value, Join(path, "channel"));
            }

            string? id = null;
            if (keys.ContainsKey("id"))
            {
                // The id pattern has no '>', which joins edge ids into route keys.
                id = ReadId(map, keys, path);
            }
            else if (from is not null && to is not null)
            {
                id = $"{from}-{to}";
            }

            if (id is not null)
            {
                _declaredEdgeIds.Add(id);
            }

            var attributes = new Dictionary<AttributeId, Quantity>();
            string? billedTo = null;
            if (channel is { } ch)
            {
                var allowed = AttributeInfo.ForChannel(ch);
                foreach (var (key, entry) in keys)
                {
                    if (key == "billedTo")
                    {
                        if (ch == Channel.Illicit)
                        {
                            Error(entry.Key, Join(path, key), "'billedTo' applies to legit edges only");
                        }
                        else
                        {
                            billedTo = ReadCountry(map, keys, "billedTo", path, required: false);
                        }

                        continue;
                    }

                    if (s_edgeCommonKeys.Contains(key) || !AttributeInfo.TryParse(key, out AttributeId attribute))
                    {
                        continue;
                    }

                    if (!allowed.Any(a => a.Attribute == attribute))
                    {
                        string chName = ch.ToString().ToLowerInvariant();
                        Error(entry.Key, Join(path, key), $"'{key}' is not an attribute of a {chName} edge; {chName} edges take: {string.Join(", ", allowed.Select(a => AttributeInfo.NameOf(a.Attribute)))}{(ch == Channel.Legit ? ", billedTo" : "")}");
                        continue;
                    }

                    if (ParseAttribute(entry.Value, Join(path, key), attribute) is { } q)
                    {
                        attributes[attribute] = q;
                    }
                }
            }

            if (id is not null && seen.TryGetValue(id, out SourceLocation first))
            {
                YamlNode at = keys.TryGetValue("id", out var idEntry) ? idEntry.Value : map;
                string fix = keys.ContainsKey("id") ? "edge ids must be unique" : "give one of the edges an explicit 'id'";
                Error(at, Join(path, "id"), $"duplicate edge id '{id}' (first defined at line {first.Line}); {fix}");
                continue;
            }

            if (id is not null)
            {
                seen[id] = Loc(map);
            }

            if (id is not null && from is not null && to is not null && channel is not null)
            {
                edges.Add(new Edge(id, from, to, channel.Value, billedTo, attributes, edges.Count, Loc(map)));
            }
        }

        return edges;
    }

    private string? ReadEndpoint(YamlMappingNode map, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string path, HashSet<string> nodeIds)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            Error(map, Join(path, key), $"missing required key '{key}' (a node id)");
            return null;
        }

        string? id = AsString(entry.Value, Join(path, key));
        if (id is not null && !nodeIds.Contains(id))
        {
            ReportUnknownNode(entry.Value, Join(path, key), id, nodeIds);
            return null;
        }


        return id;
    }

    private void ReportUnknownNode(YamlNode node, string path, string id, IEnumerable<string> nodeIds)
    {
        if (_declaredNodeIds.Contains(id))
        {
            // The node exists but has errors of its own, reported where it is declared.
            return;
        }

        string? near = KeySuggester.Nearest(id, _declaredNodeIds.Count > 0 ? _declaredNodeIds : nodeIds);
        string hint = near is null ? "" : $" (did you mean '{near}'?)";
        Error(node, path, $"unknown node '{id}'{hint}; it must be the id of a node under 'nodes'");
    }
}
