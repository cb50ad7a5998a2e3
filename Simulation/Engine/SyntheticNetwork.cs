using System.Globalization;
using System.Text;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Generates valid scenario YAML for a layered network of any size, for benchmarks and
/// <c>exportflow bench</c>: suppliers → non-diverting hubs → diverting resellers → markets, with
/// illicit edges from every reseller straight to one restricted node and through a few transit hubs.
/// </summary>
/// <remarks>
/// Implementation note: the layering is what keeps every size valid under the v1 rules. Only resellers
/// divert, and a reseller's legit out-edges go to markets alone, so no diverting node is a legit
/// descendant of another; there is one restricted node, so no source serves two. Each reseller has one
/// to three illicit routes (direct, or via one or two distinct transit hubs, never more than two edges),
/// so routes, draws and edges all grow in proportion to the node count. The same (nodes, periods, seed)
/// always gives the same text.
/// </remarks>
internal static class SyntheticNetwork
{
    /// <summary>Fewest nodes the layering needs (one of each kind, a second hub and market, three resellers).</summary>
    public const int MinNodes = 10;

    /// <summary>The node count of each kind for <paramref name="nodes"/> nodes in all.</summary>
    /// <param name="nodes">Total nodes. Range: ≥ <see cref="MinNodes"/>.</param>
    /// <returns>Counts per kind; they add up to <paramref name="nodes"/>.</returns>
    public static Layout LayoutFor(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, MinNodes);
        int transit = Math.Max(1, nodes / 50);
        int suppliers = Math.Max(1, nodes / 20);
        int markets = Math.Max(2, nodes / 5);
        int hubs = Math.Max(2, nodes / 5);
        int resellers = nodes - 1 - transit - suppliers - markets - hubs;
        return new Layout(suppliers, hubs, resellers, markets, transit, 1);
    }

    /// <summary>A valid scenario of about <paramref name="nodes"/> nodes over <paramref name="periods"/> periods.</summary>
    /// <param name="nodes">Total nodes. Range: ≥ <see cref="MinNodes"/>.</param>
    /// <param name="periods">Horizon in periods. Range: ≥ 1.</param>
    /// <param name="seed">Chooses weights, detections, costs and which routes each reseller has.</param>
    /// <returns>Scenario YAML named <c>synthetic-{nodes}x{periods}</c>.</returns>
    public static string Yaml(int nodes, int periods, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        Layout layout = LayoutFor(nodes);
        var stream = new EventStream(SplitMix64.Mix(seed, 0x5EED));
        double U(double lo, double hi) => lo + ((hi - lo) * stream.NextUniform());
        int Pick(int count) => Math.Min(count - 1, (int)(stream.NextUniform() * count));
        static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);

        string[] supplierCountries = ["US", "TW", "KR"];
        string[] marketCountries = ["US", "JP", "DE", "FR", "GB", "IN", "BR", "CA", "AU", "NL"];
        string[] hubCountries = ["SG", "MY", "AE", "TH", "VN", "ID"];
        string[] transitCountries = ["HK", "MO", "KZ", "KG"];

        // Illicit demand grows with the resellers that can serve it, so every size is equally busy.
        double demandLow = 20.0 * layout.Resellers, demandHigh = 300.0 * layout.Resellers;
        var y = new StringBuilder(capacity: 160 * nodes);
        y.Append(CultureInfo.InvariantCulture, $"name: synthetic-{nodes}x{periods}\n");
        y.Append("description: layered synthetic network generated for benchmarks\n");
        y.Append(CultureInfo.InvariantCulture, $"horizon: {{ periods: {periods} }}\n");
        y.Append(CultureInfo.InvariantCulture, $"run: {{ trials: 10000, seed: {seed} }}\n");
        y.Append(CultureInfo.InvariantCulture, $"routes: {{ maxEdges: 3, maxRoutes: {(4 * nodes) + 16} }}\n");
        y.Append("parameters:\n");
        y.Append(CultureInfo.InvariantCulture, $"  illicitDemand: {{ value: \"lognormal(p05={F(demandLow)}, p95={F(demandHigh)})\", perPeriod: true }}\n");
        y.Append("  sharedDiversion: pert(0.01, 0.04, 0.12)\n");
        y.Append("  resellerPenalty: uniform(1000, 5000)\n");
        y.Append("  hubCap: uniform(300, 1500)\n");

        y.Append("nodes:\n");
        for (int i = 0; i < layout.Suppliers; i++)
        {
            y.Append(CultureInfo.InvariantCulture, $"  - {{ id: sup-{i}, kind: supplier, country: {supplierCountries[i % supplierCountries.Length]}, supply: {F(U(5000, 15000))} }}\n");
        }

        for (int i = 0; i < layout.Hubs; i++)
        {
            y.Append(CultureInfo.InvariantCulture, $"  - {{ id: hub-{i}, kind: hub, country: {hubCountries[i % hubCountries.Length]}, demand: {F(U(100, 800))} }}\n");
        }

        for (int i = 0; i < layout.Resellers; i++)
        {
            string diversion = (i % 3) switch
            {
                0 => "sharedDiversion",
                1 => "\"pert(0.005, 0.03, 0.1)\"",
                _ => F(U(0.01, 0.08)),
            };
            string verification = i % 4 == 0 ? $", verification: {F(U(0, 0.3))}" : "";
            y.Append(CultureInfo.InvariantCulture, $"  - {{ id: res-{i}, kind: reseller, country: {hubCountries[(i + 1) % hubCountries.Length]}, demand: {F(U(50, 400))}, diversion: {diversion}, penalty: resellerPenalty, lot: {F(Math.Floor(U(1, 50)))}{verification} }}\n");
        }

        for (int i = 0; i < layout.Markets; i++)
        {
            string demand = i % 2 == 0 ? ".inf" : $"\"uniform({F(U(500, 1000))}, {F(U(2000, 4000))})\"";
            y.Append(CultureInfo.InvariantCulture, $"  - {{ id: mkt-{i}, kind: market, country: {marketCountries[i % marketCountries.Length]}, demand: {demand} }}\n");
        }

        for (int i = 0; i < layout.Transit; i++)
        {
            y.Append(CultureInfo.InvariantCulture, $"  - {{ id: tr-{i}, kind: hub, country: {transitCountries[i % transitCountries.Length]} }}\n");
        }

        y.Append("  - { id: cn, kind: restricted, country: CN, illicitDemand: illicitDemand, beta: 0.0005, premium: 4000, substitution: 0.3 }\n");

        y.Append("edges:\n");
        for (int i = 0; i < layout.Suppliers; i++)
        {
            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: sup-{i}, to: mkt-{i % layout.Markets}, channel: legit, weight: 3 }}\n");
        }

        y.Append("  - { from: sup-0, to: cn, channel: legit, weight: 0.2, approval: 0.5, lot: 100 }\n");
        for (int h = 0; h < layout.Hubs; h++)
        {
            string licence = h % 4 == 0 ? ", approval: 0.9, lot: 50" : "";
            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: sup-{h % layout.Suppliers}, to: hub-{h}, channel: legit, weight: {F(U(0.5, 2))}{licence} }}\n");
            if (layout.Suppliers > 1 && h % 2 == 1)
            {
                y.Append(CultureInfo.InvariantCulture, $"  - {{ from: sup-{(h + 1) % layout.Suppliers}, to: hub-{h}, channel: legit, weight: {F(U(0.5, 2))} }}\n");
            }

            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: hub-{h}, to: mkt-{h % layout.Markets}, channel: legit, weight: {F(U(1, 3))} }}\n");
        }

        for (int i = 0; i < layout.Resellers; i++)
        {
            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: hub-{i % layout.Hubs}, to: res-{i}, channel: legit, weight: {F(U(0.5, 2))} }}\n");
            if (i % 3 == 0)
            {
                y.Append(CultureInfo.InvariantCulture, $"  - {{ from: hub-{(i + 1) % layout.Hubs}, to: res-{i}, channel: legit, weight: {F(U(0.5, 2))} }}\n");
            }

            // One reseller in five sells only locally and holds the rest as stock, like a cloud operator.
            if (i % 5 != 4)
            {
                y.Append(CultureInfo.InvariantCulture, $"  - {{ from: res-{i}, to: mkt-{(7 * i) % layout.Markets}, channel: legit }}\n");
            }
        }

        for (int i = 0; i < layout.Resellers; i++)
        {
            int routes = 1 + Math.Min(Pick(3), layout.Transit);
            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: res-{i}, to: cn, channel: illicit, detection: {F(U(0, 0.1))}, cost: {F(U(500, 3000))} }}\n");
            int first = Pick(layout.Transit);
            int step = layout.Transit > 1 ? 1 + Pick(layout.Transit - 1) : 0;
            for (int k = 1; k < routes; k++)
            {
                // Distinct transit hubs: step lies in 1..Transit − 1, and routes − 1 ≤ 2.
                int t = (first + ((k - 1) * step)) % layout.Transit;
                y.Append(CultureInfo.InvariantCulture, $"  - {{ from: res-{i}, to: tr-{t}, channel: illicit, detection: {F(U(0, 0.05))}, cost: {F(U(100, 800))} }}\n");
            }
        }

        for (int t = 0; t < layout.Transit; t++)
        {
            string detection = t == 0 ? "\"normal(0.15, 0.05, 0, 1)\"" : F(U(0.05, 0.25));
            y.Append(CultureInfo.InvariantCulture, $"  - {{ from: tr-{t}, to: cn, channel: illicit, detection: {detection}, cost: {F(U(200, 1000))} }}\n");
        }

        y.Append("caps:\n");
        y.Append("  - { id: hub-cap, amount: hubCap, per: period, pool: node, counts: imports, nodes: { id: hub-0 } }\n");
        return y.ToString();
    }

    /// <summary>How many nodes of each kind a synthetic network has.</summary>
    /// <param name="Suppliers">Supplier nodes.</param>
    /// <param name="Hubs">Non-diverting hubs between suppliers and resellers.</param>
    /// <param name="Resellers">Diverting resellers, the sources of every route but the transit hubs' own.</param>
    /// <param name="Markets">Market nodes.</param>
    /// <param name="Transit">Transit hubs on the illicit side only (no legit edges).</param>
    /// <param name="Restricted">Restricted nodes (always one).</param>
    internal readonly record struct Layout(int Suppliers, int Hubs, int Resellers, int Markets, int Transit, int Restricted)
    {
        /// <summary>All nodes.</summary>
        public int Nodes => Suppliers + Hubs + Resellers + Markets + Transit + Restricted;
    }
}
