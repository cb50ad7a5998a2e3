using System.Text;

namespace ExportFlow.Simulation.Tests.Compilation;

/// <summary>
/// Scenarios whose illicit edges join every ordered pair of diverting hubs: the number of simple routes
/// grows like hubs^maxEdges. Only the first restricted node has illicit demand, so the v1 rules hold.
/// </summary>
internal static class DenseMesh
{
    /// <param name="hubs">Diverting hubs, all joined to each other by illicit edges.</param>
    /// <param name="maxEdges">routes.maxEdges.</param>
    /// <param name="maxRoutes">routes.maxRoutes.</param>
    /// <param name="restricted">Restricted nodes.</param>
    /// <param name="gateway">Only the first hub has illicit edges into the restricted nodes.</param>
    public static string Yaml(int hubs, int maxEdges, int maxRoutes, int restricted, bool gateway = false)
    {
        string[] countries = ["SG", "MY", "AE", "TH", "VN", "ID", "HK", "KZ"];
        var y = new StringBuilder();
        y.Append($"name: dense-mesh-{hubs}\nhorizon: {{ periods: 12 }}\nrun: {{ trials: 200, seed: 1 }}\n");
        y.Append($"routes: {{ maxEdges: {maxEdges}, maxRoutes: {maxRoutes} }}\n");
        y.Append("nodes:\n  - { id: sup, kind: supplier, country: US, supply: 10000 }\n  - { id: mkt, kind: market, country: US, demand: .inf }\n");
        for (int i = 0; i < hubs; i++)
        {
            y.Append($"  - {{ id: h{i}, kind: hub, country: {countries[i % countries.Length]}, demand: 100, diversion: \"pert(0.01, 0.05, 0.1)\" }}\n");
        }

        for (int r = 0; r < restricted; r++)
        {
            y.Append(r == 0
                ? "  - { id: r0, kind: restricted, country: CN, illicitDemand: \"lognormal(p05=100, p95=2000)\", beta: 0.0005, premium: 4000 }\n"
                : $"  - {{ id: r{r}, kind: restricted, country: CN, illicitDemand: 0 }}\n");
        }

        y.Append("edges:\n");
        for (int i = 0; i < hubs; i++)
        {
            y.Append($"  - {{ from: sup, to: h{i}, channel: legit }}\n  - {{ from: h{i}, to: mkt, channel: legit }}\n");
        }

        for (int i = 0; i < hubs; i++)
        {
            for (int j = 0; j < hubs; j++)
            {
                if (i != j)
                {
                    y.Append($"  - {{ from: h{i}, to: h{j}, channel: illicit, detection: 0.02, cost: 500 }}\n");
                }
            }
        }

        for (int i = 0; i < (gateway ? 1 : hubs); i++)
        {
            for (int r = 0; r < restricted; r++)
            {
                y.Append($"  - {{ from: h{i}, to: r{r}, channel: illicit, detection: 0.02, cost: 500 }}\n");
            }
        }

        return y.ToString();
    }

    /// <summary>Simple routes of at most <paramref name="maxEdges"/> edges in a full mesh of <paramref name="hubs"/> hubs, each with an edge into each of <paramref name="restricted"/> restricted nodes.</summary>
    public static long RouteCount(int hubs, int maxEdges, int restricted)
    {
        // From each hub: paths through k further distinct hubs (k = 0 .. maxEdges − 1), then into a restricted node.
        long perStart = 0, paths = 1;
        for (int k = 0; k < maxEdges && k < hubs; k++)
        {
            perStart += paths;
            paths *= hubs - 1 - k;
        }

        return hubs * perStart * restricted;
    }
}
