using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// A scenario with one policy applied: every attribute of every node and edge as a baseline quantity
/// plus the policy's operations, and the caps in force. Policies change attribute values and add
/// caps only; nodes, edges and routes are those of the scenario.
/// </summary>
public sealed class ResolvedScenario
{
    private readonly Dictionary<AttributeId, AttributeValue>[] _nodeAttributes;
    private readonly Dictionary<AttributeId, AttributeValue>[] _edgeAttributes;

    private ResolvedScenario(Scenario scenario, Policy? policy)
    {
        Scenario = scenario;
        Policy = policy;
        Parameters = scenario.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _nodeAttributes = [.. scenario.Nodes.Select(n => AttributeInfo.ForKind(n.Kind)
            .ToDictionary(a => a.Attribute, a => new AttributeValue(n.Id, a.Attribute, n.Get(a.Attribute), [])))];
        _edgeAttributes = [.. scenario.Edges.Select(e => AttributeInfo.ForChannel(e.Channel)
            .ToDictionary(a => a.Attribute, a => new AttributeValue(e.Id, a.Attribute, e.Get(a.Attribute), [])))];
        Caps = [.. scenario.Caps];
        _capAmounts = scenario.Caps.ToDictionary(c => c.Id, c => new AttributeValue(c.Id, AttributeId.Amount, c.Amount, []), StringComparer.Ordinal);
    }

    private readonly Dictionary<string, AttributeValue> _capAmounts;

    /// <summary>The amount of a cap in force: a baseline cap's with the policy's operations on it, or a policy cap's own.</summary>
    public AttributeValue CapAmount(Cap cap) =>
        _capAmounts.TryGetValue(cap.Id, out AttributeValue? value) && Scenario.Caps.Contains(cap)
            ? value
            : new AttributeValue(cap.Id, AttributeId.Amount, cap.Amount, []);

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The policy applied, or null for the baseline.</summary>
    public Policy? Policy { get; }

    /// <summary>Name shown in reports: the policy's name or "baseline".</summary>
    public string PolicyName => Policy?.Name ?? "baseline";

    /// <summary>Parameters by name.</summary>
    public IReadOnlyDictionary<string, Parameter> Parameters { get; }

    /// <summary>Caps in force: the baseline's, then the policy's in rule order.</summary>
    public IReadOnlyList<Cap> Caps { get; private set; }

    /// <summary>Actions of the policy that found nothing to act on (validation reports them).</summary>
    public IReadOnlyList<PolicyAction> UnusedActions { get; private set; } = [];

    /// <summary>The attribute of node <paramref name="node"/> (file index), or null if its kind has none.</summary>
    public AttributeValue? Node(int node, AttributeId attribute) => _nodeAttributes[node].GetValueOrDefault(attribute);

    /// <summary>The attribute of edge <paramref name="edge"/> (file index), or null if its channel has none.</summary>
    public AttributeValue? Edge(int edge, AttributeId attribute) => _edgeAttributes[edge].GetValueOrDefault(attribute);

    /// <summary>
    /// Applies <paramref name="policy"/> (null: the baseline) to <paramref name="scenario"/>, once per scenario and
    /// policy (validation, its warnings and the compiler all need it; <see cref="PerScenarioCache{T}"/>).
    /// </summary>
    public static ResolvedScenario Resolve(Scenario scenario, Policy? policy) =>
        PerScenarioCache<ResolvedScenario>.GetOrAdd(scenario, policy, () => Build(scenario, policy));

    private static ResolvedScenario Build(Scenario scenario, Policy? policy)
    {
        var resolved = new ResolvedScenario(scenario, policy);
        if (policy is not null)
        {
            resolved.Apply(policy);
        }

        return resolved;
    }

    private void Apply(Policy policy)
    {
        var caps = Caps.ToList();
        var unused = new List<PolicyAction>();
        var countryOf = Scenario.Nodes.ToDictionary(n => n.Id, n => n.Country, StringComparer.Ordinal);
        foreach (PolicyRule rule in policy.Rules)
        {
            Node[] nodes = rule.Nodes is null ? [] : [.. Scenario.Nodes.Where(rule.Nodes.Matches)];
            Edge[] edges = rule.Edges is null ? [] : [.. Scenario.Edges.Where(rule.Edges.Matches)];
            var selectedIds = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            foreach (PolicyAction action in rule.Actions)
            {
                bool used = false;
                int from = rule.From, until = rule.Until;
                switch (action)
                {
                    case AttributeAction a when rule.Caps is not null:
                        foreach (string id in rule.Caps)
                        {
                            if (a.Attribute == AttributeId.Amount && _capAmounts.TryGetValue(id, out AttributeValue? amount))
                            {
                                _capAmounts[id] = amount with { Operations = [.. amount.Operations, new PolicyOperation(a.Operation, a.Operand, from, until)] };
                                used = true;
                            }
                        }

                        break;
                    case AttributeAction a:
                        foreach (Node n in nodes)
                        {
                            used |= Append(_nodeAttributes[n.Index], a.Attribute, new PolicyOperation(a.Operation, a.Operand, from, until));
                        }

                        foreach (Edge e in edges)
                        {
                            used |= Append(_edgeAttributes[e.Index], a.Attribute, new PolicyOperation(a.Operation, a.Operand, from, until));
                        }

                        break;
                    case LicenceAction l:
                        foreach (Edge e in Scenario.Edges.Where(e => e.Channel == Channel.Legit && selectedIds.Contains(e.To) && countryOf[e.From] != countryOf[e.To]))
                        {
                            Append(_edgeAttributes[e.Index], AttributeId.Approval, new PolicyOperation(RuleOperation.Set, l.Approval, from, until));
                            Append(_edgeAttributes[e.Index], AttributeId.Lot, new PolicyOperation(RuleOperation.Set, l.Lot, from, until));
                            used = true;
                        }

                        break;
                    case InspectionAction i:
                        foreach (Edge e in Scenario.Edges.Where(e => e.Channel == Channel.Illicit && Touches(e, i.Side, selectedIds)))
                        {
                            used |= Append(_edgeAttributes[e.Index], AttributeId.Detection, new PolicyOperation(i.Operation, i.Operand, from, until));
                        }

                        break;
                    case CapAction c:
                        caps.Add(c.Cap with { From = from, Until = until });
                        used = true;
                        break;
                }

                if (!used)
                {
                    unused.Add(action);
                }
            }
        }

        Caps = caps;
        UnusedActions = unused;
    }

    private static bool Touches(Edge e, InspectionSide side, HashSet<string> ids) => side switch
    {
        InspectionSide.Exit => ids.Contains(e.From),
        InspectionSide.Entry => ids.Contains(e.To),
        _ => ids.Contains(e.From) || ids.Contains(e.To),
    };

    private static bool Append(Dictionary<AttributeId, AttributeValue> attributes, AttributeId attribute, PolicyOperation operation)
    {
        if (!attributes.TryGetValue(attribute, out AttributeValue? value))
        {
            return false;
        }

        if (!value.IsPresent && (operation.Operation != RuleOperation.Set || operation.From > 1 || operation.Until != int.MaxValue))
        {
            // Scaling or adding to an attribute the node does not have (a premium on a restricted node
            // without one) acts on nothing; only a set in every period can introduce it.
            return false;
        }

        attributes[attribute] = value with { Operations = [.. value.Operations, operation] };
        return true;
    }
}
