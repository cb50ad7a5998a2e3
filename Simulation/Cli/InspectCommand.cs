using System.ComponentModel;
using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary><c>exportflow inspect FILE</c>: the network, its illicit routes and the max-flow bound.</summary>
internal sealed class InspectCommand(IAnsiConsole console, ErrorOutput errors) : Command<InspectCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Scenario file (YAML).")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Scenario scenario = ScenarioInput.Load(errors, settings.File).Scenario;
        var parameters = scenario.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        double Central(Quantity? q) => q switch
        {
            null => 0,
            ParameterQuantity p => parameters[p.Name].Value.Central,
            _ => q.Central,
        };

        console.Write(new Rule($"[bold]{Markup.Escape(scenario.Name)}[/]").LeftJustified());
        if (scenario.Description.Length > 0)
        {
            console.WriteLine(scenario.Description);
        }

        console.MarkupLine($"Horizon: {scenario.Periods} {Markup.Escape(scenario.PeriodUnit)}(s); quantities in {Markup.Escape(scenario.QuantityUnit)}; costs in {Markup.Escape(scenario.CostUnit)}");
        console.MarkupLine(scenario.RouteChoice == RouteChoice.Capacity
            ? "Route choice: [bold]capacity[/] (shares weighted by each source's capacity, v2)"
            : "Route choice: routes (v1: shares by route cost and path size)");
        WriteParameters(scenario);

        var nodes = new Table().Title("Nodes by kind and country").AddColumns("kind", "country", "count", "nodes");
        foreach (var group in scenario.Nodes.GroupBy(n => (n.Kind, n.Country)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Country, StringComparer.Ordinal))
        {
            nodes.AddRow(group.Key.Kind.ToString().ToLowerInvariant(), group.Key.Country, group.Count().ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", group.Select(n => n.Id))));
        }

        console.Write(nodes);
        var edges = new Table().Title("Edges by channel").AddColumns("channel", "count", "edges");
        foreach (var group in scenario.Edges.GroupBy(e => e.Channel).OrderBy(g => g.Key))
        {
            edges.AddRow(group.Key.ToString().ToLowerInvariant(), group.Count().ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", group.Select(e => $"{e.Id} ({e.From}→{e.To})"))));
        }

        console.Write(edges);
        var graph = new NetworkGraph(scenario);
        var routes = graph.EnumerateRoutes(scenario.MaxRouteEdges, scenario.MaxRoutes);
        foreach (Node r in scenario.Nodes.Where(n => n.Kind == NodeKind.Restricted))
        {
            string learning = r.Get(AttributeId.Learning) is { } eta ? $"; buyers learn detection from seizures, η = {Markup.Escape(eta.ToString() ?? "")}" : "";
            var table = new Table().Title($"Illicit routes to {Markup.Escape(r.Id)} ({r.Country}), baseline central values{learning}")
                .AddColumns("route", "source", "edges", "combined detection", $"cost ({Markup.Escape(scenario.CostUnit)})");
            foreach (IllicitRoute route in routes.Where(x => x.Restricted == r.Index))
            {
                double survival = 1, cost = 0;
                foreach (int e in route.Edges)
                {
                    survival *= 1 - Central(scenario.Edges[e].Get(AttributeId.Detection));
                    cost += Central(scenario.Edges[e].Get(AttributeId.Cost));
                }

                Node source = scenario.Nodes[route.Source];
                cost += Central(source.Get(AttributeId.Penalty)) * (1 - survival);
                cost += Central(source.Get(AttributeId.FlagPenalty)) * survival * Central(source.Get(AttributeId.Verification));
                table.AddRow(Markup.Escape(route.Key), Markup.Escape(source.Id), route.Edges.Count.ToString(CultureInfo.InvariantCulture),
                    (1 - survival).ToString("0.####", CultureInfo.InvariantCulture), cost.ToString("#,0.##", CultureInfo.InvariantCulture));
            }

            if (table.Rows.Count == 0)
            {
                console.MarkupLine($"[yellow]No illicit route reaches {Markup.Escape(r.Id)}.[/]");
            }
            else
            {
                console.Write(table);
            }
        }

        WritePolicies(scenario);
        double bound = graph.MaxLeakageBound((n, a) => Central(n.Get(a)));
        console.MarkupLine($"Upper bound on leakage per {Markup.Escape(scenario.PeriodUnit)} (maximum flow, central values): [bold]{bound.ToString("#,0.##", CultureInfo.InvariantCulture)}[/] {Markup.Escape(scenario.QuantityUnit)}");
        console.MarkupLine("[grey]No smuggler can move more than the network carries: supply through legit edges, at most diversion × inflow at each source, at most the illicit demand at each restricted node.[/]");
        return ExitCodes.Ok;
    }

    private void WriteParameters(Scenario scenario)
    {
        if (scenario.Parameters.Count == 0)
        {
            return;
        }

        var table = new Table().Title("Parameters").AddColumns("name", "value", "drawn", "growth per period", "autocorrelation", "correlated with (rank)");
        foreach (Parameter p in scenario.Parameters)
        {
            string partners = string.Join(", ", scenario.Correlations
                .Where(c => c.First == p.Name || c.Second == p.Name)
                .Select(c => $"{(c.First == p.Name ? c.Second : c.First)} ({c.Rank.ToString("0.##", CultureInfo.InvariantCulture)})"));
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Value.ToString() ?? ""), p.PerPeriod ? "per period" : "per trial",
                p.Growth == 0 ? "" : p.Growth.ToString("+0.###%;-0.###%", CultureInfo.InvariantCulture),
                p.Autocorrelation is { } rho ? rho.ToString("0.###", CultureInfo.InvariantCulture) : "",
                Markup.Escape(partners));
        }

        console.Write(table);
    }

    private void WritePolicies(Scenario scenario)
    {
        if (scenario.Policies.Count == 0)
        {
            return;
        }

        string Window(int from, int until) => from <= 1 && until >= scenario.Periods ? "every period" : $"periods {from}–{Math.Min(until, scenario.Periods)}";
        var table = new Table().Title("Policies").AddColumns("policy", "in force", "rule", "selects", "acts", "rule in force");
        foreach (Policy policy in scenario.Policies)
        {
            for (int i = 0; i < policy.Rules.Count; i++)
            {
                PolicyRule rule = policy.Rules[i];
                string selects = rule.Caps is { } caps ? $"caps {string.Join(", ", caps)}" : rule.Nodes is not null ? "nodes" : "edges";
                string acts = string.Join("; ", rule.Actions.Select(a => a switch
                {
                    AttributeAction x => $"{x.Operation.ToString().ToLowerInvariant()} {AttributeInfo.NameOf(x.Attribute)}",
                    LicenceAction => "licence",
                    InspectionAction => "inspection",
                    CapAction c => $"cap {c.Cap.Id}",
                    _ => a.GetType().Name,
                }));
                table.AddRow(i == 0 ? Markup.Escape(policy.Name) : "", i == 0 ? Window(policy.From, policy.Until) : "", (i + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(selects), Markup.Escape(acts), Window(rule.From, rule.Until));
            }
        }

        console.Write(table);
    }
}
