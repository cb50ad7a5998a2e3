namespace ExportFlow.Simulation.Model;

/// <summary>A parsed and validated scenario file.</summary>
public sealed record Scenario
{
    /// <summary>Path of the file it came from.</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Short name shown in reports.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Unit of every chip quantity.</summary>
    public string QuantityUnit { get; init; } = "H100e";

    /// <summary>Unit of cost, penalty and premium.</summary>
    public string CostUnit { get; init; } = "USD per H100e";

    /// <summary>Number of periods T. Range: ≥ 1.</summary>
    public required int Periods { get; init; }

    /// <summary>Name of one period.</summary>
    public string PeriodUnit { get; init; } = "month";

    /// <summary>Default number of trials.</summary>
    public int Trials { get; init; } = 10_000;

    /// <summary>Default seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Longest illicit route, in edges.</summary>
    public int MaxRouteEdges { get; init; } = 6;

    /// <summary>Most illicit routes allowed.</summary>
    public int MaxRoutes { get; init; } = 10_000;

    /// <summary>How buyers weigh routes: by route (v1, the default) or by the capacity of their sources (v2).</summary>
    public RouteChoice RouteChoice { get; init; } = RouteChoice.Routes;

    /// <summary>Rank correlations between parameters (model v2), in file order.</summary>
    public IReadOnlyList<Correlation> Correlations { get; init; } = [];

    /// <summary>Named parameters in file order.</summary>
    public required IReadOnlyList<Parameter> Parameters { get; init; }

    /// <summary>Nodes in file order.</summary>
    public required IReadOnlyList<Node> Nodes { get; init; }

    /// <summary>Edges in file order.</summary>
    public required IReadOnlyList<Edge> Edges { get; init; }

    /// <summary>Caps in force in the baseline.</summary>
    public required IReadOnlyList<Cap> Caps { get; init; }

    /// <summary>Policies in file order.</summary>
    public required IReadOnlyList<Policy> Policies { get; init; }

    /// <summary>Finds a policy by name, or null.</summary>
    public Policy? FindPolicy(string name) => Policies.FirstOrDefault(p => p.Name == name);
}
