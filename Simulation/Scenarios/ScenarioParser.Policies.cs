using ExportFlow.Simulation.Model;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

internal sealed partial class ScenarioParser
{
    private static readonly string[] s_capKeys = ["id", "amount", "per", "pool", "counts", "nodes", "description"];
    private static readonly string[] s_operationKeys = ["set", "scale", "add"];
    private static readonly string[] s_ruleKeys = ["nodes", "edges", "caps", "set", "scale", "add", "licence", "inspection", "cap", "from", "until", "description"];

    private List<Node> _nodes = [];
    private List<Edge> _edges = [];
    private List<Cap> _caps = [];

    // Ids of every cap written under 'caps', also those with errors of their own: a 'caps:' rule that names
    // one is not told again that the cap is unknown.
    private readonly HashSet<string> _declaredCapIds = new(StringComparer.Ordinal);
    private int _periods;

    private List<Cap> ParseCaps(YamlNode node)
    {
        List<Cap> caps = [];
        if (AsSequence(node, "caps") is not { } seq)
        {
            return caps;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"caps[{i}]";
            if (AsMapping(seq.Children[i], path) is not { } map)
            {
                continue;
            }

            var keys = ReadKeys(map, path, s_capKeys, "a cap");
            string? id = ReadId(map, keys, path);
            if (id is not null)
            {
                _declaredCapIds.Add(id);
            }

            NodeSelector? selector = null;
            if (!keys.TryGetValue("nodes", out var sel))
            {
                Error(map, Join(path, "nodes"), "missing required key 'nodes' (a node selector such as { country: [SG, MY] })");
            }
            else
            {
                selector = ParseNodeSelector(sel.Value, Join(path, "nodes"));
            }

            Cap? cap = ParseCapBody(map, keys, path, id ?? "", selector);
            if (id is not null && !seen.Add(id))
            {
                Error(keys["id"].Value, Join(path, "id"), $"duplicate cap id '{id}'; cap ids must be unique");
                continue;
            }

            if (cap is not null && id is not null)
            {
                caps.Add(cap);
            }
        }

        return caps;
    }

    private Cap? ParseCapBody(YamlMappingNode map, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string path, string id, NodeSelector? selector)
    {
        Quantity? amount = null;
        if (!keys.TryGetValue("amount", out var a))
        {
            Error(map, Join(path, "amount"), "missing required key 'amount' (units per period or per horizon)");
        }
        else
        {
            amount = ParseAttribute(a.Value, Join(path, "amount"), AttributeId.Amount);
        }

        CapPeriod? per = keys.TryGetValue("per", out var p) ? ParseEnum<CapPeriod>(p.Value, Join(path, "per")) : CapPeriod.Period;
        CapPool? pool = keys.TryGetValue("pool", out var pl) ? ParseEnum<CapPool>(pl.Value, Join(path, "pool")) : CapPool.Node;
        bool? importsOnly = true;
        if (keys.TryGetValue("counts", out var c))
        {
            importsOnly = c.Value is YamlScalarNode { Value: "imports" } ? true : c.Value is YamlScalarNode { Value: "all" } ? false : null;
            if (importsOnly is null)
            {
                Error(c.Value, Join(path, "counts"), $"expected 'imports' or 'all', found {Describe(c.Value)}");
            }
        }

        if (amount is null || per is null || pool is null || importsOnly is null || selector is null)
        {
            return null;
        }

        return new Cap(id, amount, per.Value, pool.Value, importsOnly.Value, selector, Loc(map));
    }

    private NodeSelector? ParseNodeSelector(YamlNode node, string path)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return null;
        }

        var keys = ReadKeys(map, path, ["id", "kind", "country", "tag"], "a node selector");
        if (keys.Count == 0)
        {
            Error(map, path, "a node selector needs at least one of: id, kind, country, tag");
            return null;
        }

        int errors = _diagnostics.Items.Count;
        List<string> ids = keys.TryGetValue("id", out var idEntry) ? StringList(idEntry.Value, Join(path, "id")) : [];
        foreach (string id in ids.Where(id => !_nodes.Exists(n => n.Id == id)))
        {
            ReportUnknownNode(ItemNode(idEntry.Value, id), Join(path, "id"), id, _nodes.Select(n => n.Id));
        }

        List<NodeKind> kinds = [];
        if (keys.TryGetValue("kind", out var kindEntry))
        {
            IEnumerable<YamlNode> items = kindEntry.Value is YamlSequenceNode ks ? ks.Children : [kindEntry.Value];
            foreach (YamlNode item in items)
            {
                if (ParseEnum<NodeKind>(item, Join(path, "kind")) is { } k)
                {
                    kinds.Add(k);
                }
            }
        }

        List<string> countries = keys.TryGetValue("country", out var cEntry) ? StringList(cEntry.Value, Join(path, "country")) : [];
        List<string> tags = keys.TryGetValue("tag", out var tEntry) ? StringList(tEntry.Value, Join(path, "tag")) : [];
        if (_diagnostics.Items.Count > errors)
        {
            return null;
        }

        var selector = new NodeSelector(ids, kinds, countries, tags, Loc(map));
        if (_nodes.Count > 0 && !_nodes.Exists(selector.Matches))
        {
            Error(map, path, "this selector matches no node; check the ids, kinds, countries and tags it names");
            return null;
        }

        return selector;
    }

    private EdgeSelector? ParseEdgeSelector(YamlNode node, string path)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return null;
        }

        var keys = ReadKeys(map, path, ["id", "from", "to", "channel"], "an edge selector");
        if (keys.Count == 0)
        {
            Error(map, path, "an edge selector needs at least one of: id, from, to, channel");
            return null;
        }

        int errors = _diagnostics.Items.Count;
        List<string> ids = keys.TryGetValue("id", out var idEntry) ? StringList(idEntry.Value, Join(path, "id")) : [];
        foreach (string id in ids.Where(id => !_edges.Exists(e => e.Id == id) && !_declaredEdgeIds.Contains(id)))
        {
            string? near = KeySuggester.Nearest(id, _edges.Select(e => e.Id));
            Error(ItemNode(idEntry.Value, id), Join(path, "id"), $"unknown edge '{id}'{(near is null ? "" : $"; did you mean '{near}'?")} It must be the id of an edge under 'edges'");
        }

        List<string> from = keys.TryGetValue("from", out var fEntry) ? StringList(fEntry.Value, Join(path, "from")) : [];
        List<string> to = keys.TryGetValue("to", out var tEntry) ? StringList(tEntry.Value, Join(path, "to")) : [];
        foreach (var (list, entry, key) in new[] { (from, fEntry, "from"), (to, tEntry, "to") })
        {
            foreach (string id in list.Where(id => !_nodes.Exists(n => n.Id == id)))
            {
                ReportUnknownNode(ItemNode(entry.Value, id), Join(path, key), id, _nodes.Select(n => n.Id));
            }
        }

        Channel? channel = keys.TryGetValue("channel", out var cEntry) ? ParseEnum<Channel>(cEntry.Value, Join(path, "channel")) : null;
        if (_diagnostics.Items.Count > errors || ids.Exists(id => !_edges.Exists(e => e.Id == id)))
        {
            return null;
        }

        var selector = new EdgeSelector(ids, from, to, channel, Loc(map));
        if (!_edges.Exists(selector.Matches))
        {
            Error(map, path, "this selector matches no edge; check the ids, endpoints and channel it names");
            return null;
        }

        return selector;
    }

    /// <summary>The list item holding <paramref name="value"/>, for precise locations; the node itself for scalars.</summary>
    private static YamlNode ItemNode(YamlNode node, string value) =>
        node is YamlSequenceNode seq ? seq.Children.FirstOrDefault(c => c is YamlScalarNode { Value: var v } && v == value) ?? node : node;

    private List<Policy> ParsePolicies(YamlNode node)
    {
        List<Policy> policies = [];
        if (AsSequence(node, "policies") is not { } seq)
        {
            return policies;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"policies[{i}]";
            if (AsMapping(seq.Children[i], path) is not { } map)
            {
                continue;
            }

            var keys = ReadKeys(map, path, ["name", "description", "rules", "from", "until"], "a policy");
            string? name = RequiredString(map, keys, "name", path);
            var (policyFrom, policyUntil) = ReadWindow(keys, path, 1, int.MaxValue);
            if (name is "baseline")
            {
                Error(keys["name"].Value, Join(path, "name"), "'baseline' is reserved for the scenario without any policy; choose another name");
                name = null;
            }
            else if (name is not null && !seen.Add(name))
            {
                Error(keys["name"].Value, Join(path, "name"), $"duplicate policy name '{name}'; policy names must be unique");
                name = null;
            }

            string description = OptionalString(keys, "description", path) ?? "";
            List<PolicyRule> rules = [];
            if (!keys.TryGetValue("rules", out var r))
            {
                Error(map, Join(path, "rules"), "missing required key 'rules' (a list of rules)");
            }
            else if (AsSequence(r.Value, Join(path, "rules")) is { } rs)
            {
                if (rs.Children.Count == 0)
                {
                    Error(rs, Join(path, "rules"), "a policy needs at least one rule; an empty policy would only repeat the baseline");
                }

                for (int j = 0; j < rs.Children.Count; j++)
                {
                    if (ParseRule(rs.Children[j], $"{path}.rules[{j}]", name ?? "policy", j, policyFrom, policyUntil) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }

            if (name is not null)
            {
                policies.Add(new Policy(name, description, rules, Loc(map)) { From = policyFrom, Until = policyUntil });
            }
        }

        return policies;
    }

    private PolicyRule? ParseRule(YamlNode node, string path, string policyName, int ruleIndex, int policyFrom, int policyUntil)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return null;
        }

        var keys = ReadKeys(map, path, s_ruleKeys, "a policy rule");
        var (from, until) = ReadWindow(keys, path, policyFrom, policyUntil);
        bool hasNodes = keys.TryGetValue("nodes", out var n), hasEdges = keys.TryGetValue("edges", out var e), hasCaps = keys.TryGetValue("caps", out var c);
        if ((hasNodes ? 1 : 0) + (hasEdges ? 1 : 0) + (hasCaps ? 1 : 0) != 1)
        {
            Error(map, path, "a rule needs exactly one selector: 'nodes', 'edges' or 'caps'");
            return null;
        }

        if (hasCaps)
        {
            return ParseCapRule(map, c, path, from, until);
        }

        NodeSelector? nodes = hasNodes ? ParseNodeSelector(n.Value, Join(path, "nodes")) : null;
        EdgeSelector? edges = hasEdges ? ParseEdgeSelector(e.Value, Join(path, "edges")) : null;
        List<PolicyAction> actions = [];
        foreach (var entry in map.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            string p = Join(path, key);
            switch (key)
            {
                case "set" or "scale" or "add":
                    ParseAttributeActions(entry.Value, p, key, hasNodes, actions);
                    break;
                case "licence" or "inspection" or "cap" when !hasNodes:
                    Error(entry.Key, p, $"'{key}' acts on nodes; select them with 'nodes:' instead of 'edges:'");
                    break;
                case "licence":
                    ParseLicence(entry.Value, p, actions);
                    break;
                case "inspection":
                    ParseInspection(entry.Value, p, actions);
                    break;
                case "cap":
                    if (AsMapping(entry.Value, p) is { } cm && nodes is not null)
                    {
                        var ck = ReadKeys(cm, p, s_capKeys.Where(k => k != "nodes").ToArray(), "a cap action");
                        string id = ck.ContainsKey("id") ? ReadId(cm, ck, p) ?? "" : $"{policyName}.cap{ruleIndex}";
                        if (ParseCapBody(cm, ck, p, id, nodes) is { } cap)
                        {
                            actions.Add(new CapAction(cap, Loc(entry.Key)));
                        }
                    }

                    break;
            }
        }

        if (actions.Count == 0 && !_diagnostics.HasErrors)
        {
            Error(map, path, "a rule needs at least one action: set, scale, add, licence, inspection or cap");
        }

        return nodes is null && edges is null ? null : new PolicyRule(nodes, edges, actions, Loc(map)) { From = from, Until = until };
    }

    /// <summary>
    /// <c>from</c> and <c>until</c> of a policy or rule (1-based periods, inclusive), inside the enclosing window
    /// <paramref name="outerFrom"/>..<paramref name="outerUntil"/>; an <c>until</c> at or past the horizon's end is
    /// stored as <see cref="int.MaxValue"/> (to the end).
    /// </summary>
    private (int From, int Until) ReadWindow(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string path, int outerFrom, int outerUntil)
    {
        int periods = Math.Max(1, _periods);
        long? from = OptionalLong(keys, "from", path, 1, periods);
        long? until = OptionalLong(keys, "until", path, 1, periods);
        int f = (int)(from ?? outerFrom);
        int u = until is { } written ? (written >= periods ? int.MaxValue : (int)written) : outerUntil;
        if (from is not null && until is not null && from > until)
        {
            Error(keys["from"].Value, Join(path, "from"), $"from ({from}) is after until ({until}); a window runs from its first period to its last, inclusive");
        }
        else if (from is not null && (from < outerFrom || from > outerUntil))
        {
            Error(keys["from"].Value, Join(path, "from"), $"from ({from}) lies outside the policy's window ({outerFrom}..{(outerUntil == int.MaxValue ? periods : outerUntil)}); a rule's window must lie inside its policy's");
        }
        else if (until is not null && (until < outerFrom || (outerUntil != int.MaxValue && until > outerUntil)))
        {
            Error(keys["until"].Value, Join(path, "until"), $"until ({until}) lies outside the policy's window ({outerFrom}..{(outerUntil == int.MaxValue ? periods : outerUntil)}); a rule's window must lie inside its policy's");
        }

        return (f, u);
    }

    /// <summary>A rule with a <c>caps:</c> selector: set, scale or add on the amount of baseline caps.</summary>
    private PolicyRule? ParseCapRule(YamlMappingNode map, KeyValuePair<YamlNode, YamlNode> selector, string path, int from, int until)
    {
        string selectorPath = Join(path, "caps");
        List<string> ids = [];
        if (AsMapping(selector.Value, selectorPath) is { } sm)
        {
            var sk = ReadKeys(sm, selectorPath, ["id"], "a cap selector");
            if (!sk.TryGetValue("id", out var idEntry))
            {
                Error(sm, Join(selectorPath, "id"), "a cap selector needs 'id': the id of a cap under 'caps', or a list of them");
            }
            else
            {
                ids = StringList(idEntry.Value, Join(selectorPath, "id"));
                foreach (string id in ids.Where(id => !_caps.Exists(cap => cap.Id == id) && !_declaredCapIds.Contains(id)))
                {
                    string? near = KeySuggester.Nearest(id, _caps.Select(cap => cap.Id));
                    string known = _caps.Count == 0 ? "the scenario has no caps" : $"caps: {string.Join(", ", _caps.Select(cap => cap.Id))}";
                    Error(ItemNode(idEntry.Value, id), Join(selectorPath, "id"), $"unknown cap '{id}'{(near is null ? "" : $"; did you mean '{near}'?")} ({known}). A 'caps:' rule changes the amount of a cap declared under 'caps'");
                }
            }
        }

        List<PolicyAction> actions = [];
        foreach (var entry in map.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key } || key is not ("set" or "scale" or "add" or "licence" or "inspection" or "cap"))
            {
                continue;
            }

            string p = Join(path, key);
            if (key is "licence" or "inspection" or "cap")
            {
                Error(entry.Key, p, $"'{key}' acts on nodes; a 'caps:' rule takes set, scale or add on 'amount'");
                continue;
            }

            if (AsMapping(entry.Value, p) is not { } am)
            {
                continue;
            }

            RuleOperation operation = key switch { "set" => RuleOperation.Set, "scale" => RuleOperation.Scale, _ => RuleOperation.Add };
            foreach (var (name, value) in ReadKeys(am, p, ["amount"], $"'{key}' on caps"))
            {
                Quantity? q = operation == RuleOperation.Set
                    ? ParseAttribute(value.Value, Join(p, name), AttributeId.Amount)
                    : ParseQuantity(value.Value, Join(p, name), allowParameters: true);
                if (q is DistributionQuantity && operation != RuleOperation.Set)
                {
                    Error(value.Value, Join(p, name), $"'{key}' takes a number or a parameter name; to draw a new amount, use 'set' with a distribution");
                }
                else if (q is LiteralQuantity { Value: < 0 } neg && operation == RuleOperation.Scale)
                {
                    Error(value.Value, Join(p, name), $"scale factor {neg} is negative; allowed: a number ≥ 0");
                }
                else if (q is not null)
                {
                    actions.Add(new AttributeAction(operation, AttributeId.Amount, q, Loc(value.Key)));
                }
            }
        }

        if (actions.Count == 0 && !_diagnostics.HasErrors)
        {
            Error(map, path, "a 'caps:' rule needs at least one action: set, scale or add on 'amount'");
        }

        return ids.Count == 0 || ids.Exists(id => !_caps.Exists(cap => cap.Id == id))
            ? null
            : new PolicyRule(null, null, actions, Loc(map)) { Caps = ids, From = from, Until = until };
    }

    private void ParseAttributeActions(YamlNode node, string path, string op, bool onNodes, List<PolicyAction> actions)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return;
        }

        RuleOperation operation = op switch { "set" => RuleOperation.Set, "scale" => RuleOperation.Scale, _ => RuleOperation.Add };
        string[] allowed = onNodes
            ? ["supply", "demand", "diversion", "penalty", "lot", "verification", "illicitDemand", "beta", "premium", "substitution", "initialStock", "flagPenalty", "learning"]
            : ["weight", "approval", "lot", "detection", "cost"];
        var keys = ReadKeys(map, path, allowed, $"'{op}' on {(onNodes ? "nodes" : "edges")}");
        foreach (var (key, entry) in keys)
        {
            if (!AttributeInfo.TryParse(key, out AttributeId attribute))
            {
                continue;
            }

            string p = Join(path, key);
            Quantity? q = operation == RuleOperation.Set
                ? ParseAttribute(entry.Value, p, attribute)
                : ParseQuantity(entry.Value, p, allowParameters: true);
            if (q is DistributionQuantity && operation != RuleOperation.Set)
            {
                Error(entry.Value, p, $"'{op}' takes a number or a parameter name; to draw a new value, use 'set' with a distribution or declare a parameter");
                continue;
            }

            if (q is LiteralQuantity { Value: var v } && !double.IsFinite(v) && operation != RuleOperation.Set)
            {
                Error(entry.Value, p, $"'{op}' takes a finite number, found {Describe(entry.Value)}; allowed: a finite number or a parameter name");
                continue;
            }

            if (q is LiteralQuantity { Value: < 0 } neg && operation == RuleOperation.Scale)
            {
                Error(entry.Value, p, $"scale factor {neg} is negative; allowed: a number ≥ 0");
                continue;
            }

            if (q is ParameterQuantity sp && operation == RuleOperation.Scale && _parameters[sp.Name].Value is var pv
                && (pv is LiteralQuantity { Value: < 0 } || (pv is DistributionQuantity pd && pd.Distribution.SupportLow < 0)))
            {
                Error(entry.Value, p, $"scale factor '{sp.Name}' can be negative ({pv}); allowed: a parameter whose values are ≥ 0");
                continue;
            }

            if (q is not null)
            {
                actions.Add(new AttributeAction(operation, attribute, q, Loc(entry.Key)));
            }
        }
    }

    private void ParseLicence(YamlNode node, string path, List<PolicyAction> actions)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return;
        }

        var keys = ReadKeys(map, path, ["approval", "lot"], "a licence action");
        if (!keys.TryGetValue("approval", out var a))
        {
            Error(map, Join(path, "approval"), "missing required key 'approval' (the probability a licence is approved)");
            return;
        }

        Quantity? approval = ParseAttribute(a.Value, Join(path, "approval"), AttributeId.Approval);
        Quantity? lot = keys.TryGetValue("lot", out var l) ? ParseAttribute(l.Value, Join(path, "lot"), AttributeId.Lot) : new LiteralQuantity(1, Loc(map));
        if (approval is not null && lot is not null)
        {
            actions.Add(new LicenceAction(approval, lot, Loc(map)));
        }
    }

    private void ParseInspection(YamlNode node, string path, List<PolicyAction> actions)
    {
        if (AsMapping(node, path) is not { } map)
        {
            return;
        }

        var keys = ReadKeys(map, path, ["at", "set", "scale", "add"], "an inspection action");
        InspectionSide side = InspectionSide.Exit;
        if (keys.TryGetValue("at", out var at) && ParseEnum<InspectionSide>(at.Value, Join(path, "at")) is { } s)
        {
            side = s;
        }

        string[] ops = [.. s_operationKeys.Where(keys.ContainsKey)];
        if (ops.Length != 1)
        {
            Error(map, path, "an inspection needs exactly one of 'set', 'scale' or 'add' for the detection probability");
            return;
        }

        var entry = keys[ops[0]];
        RuleOperation operation = ops[0] switch { "set" => RuleOperation.Set, "scale" => RuleOperation.Scale, _ => RuleOperation.Add };
        Quantity? q = operation == RuleOperation.Set
            ? ParseAttribute(entry.Value, Join(path, ops[0]), AttributeId.Detection)
            : ParseQuantity(entry.Value, Join(path, ops[0]), allowParameters: true);
        if (q is LiteralQuantity { Value: var v } && !double.IsFinite(v) && operation != RuleOperation.Set)
        {
            Error(entry.Value, Join(path, ops[0]), $"'{ops[0]}' takes a finite number, found {Describe(entry.Value)}; allowed: a finite number or a parameter name");
            return;
        }

        if (q is not null)
        {
            actions.Add(new InspectionAction(side, operation, q, Loc(map)));
        }
    }
}
