using System.Globalization;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Closed-form checks of the engine, written from the model specification (shared/design/model.md)
/// without reading the implementation. Every scenario is built inline, run through the CLI
/// (<c>exportflow run … --out DIR</c>) and checked against an expectation derived by hand in the
/// comment above each test.
/// </summary>
/// <remarks>
/// Tolerances: an outcome with no randomness is asserted to 1e-9 relative (and its standard
/// deviation to be ~0); a random outcome to within 4 reported standard errors of its closed-form
/// expectation. Identities that hold in every trial (mass balance, leaked + interdicted = diverted)
/// are asserted on the means to 1e-9 relative, since the mean is linear.
/// Symbols: T periods, S supply per period, d diversion, p detection, D illicit demand per period.
/// </remarks>
[TestFixture]
public class ClosedFormTests
{
    private const int Periods = 12;
    private const int StatTrials = 20_000;
    private const int ExactTrials = 200;

    // ------------------------------------------------------------------------------------------
    // 1. Single route, demand does not bind.
    // Nominal sweep: S forwards S to H, so Q_H = S and C_H = d·S. D ≫ d·S, so the only source
    // saturates in the first round of progressive filling: x = d·S per period, unmet = D − d·S.
    // Final sweep: H sells min(S − x, 0) = 0 and forwards S − x = S(1 − d) to M (demand ∞).
    // Transit: leaked = B(x) with pass probability 1 − p, lot 1 ⇒ E[leaked] = T·d·S·(1 − p),
    // interdicted = x − leaked ⇒ E = T·d·S·p, leaked + interdicted = T·d·S in every trial.
    // Var per period of Binomial(d·S, 1 − p) = d·S·p·(1 − p) ⇒ sd over T = √(T·d·S·p·(1 − p)).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_SingleRouteDemandSlack_LeaksDivertedShareTimesPassProbability()
    {
        // Arrange
        const double s = 1000, d = 0.1, p = 0.2, bigD = 1_000_000;
        string yaml = Scenarios.SingleRoute(supply: s, diversion: d, detection: p, illicitDemand: bigD);

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r["leaked"], Periods * d * s * (1 - p), "leaked");
        Expect.WithinSe(r["interdicted"], Periods * d * s * p, "interdicted");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * d * s, "leaked + interdicted");
        Expect.Exact(r["delivered"], Periods * s * (1 - d), "delivered");
        Expect.Exact(r["unmet"], Periods * (bigD - (d * s)), "unmet");
        Expect.Exact(r["illicitDemand"], Periods * bigD, "illicitDemand");
        Expect.Exact(r["supply"], Periods * s, "supply");
        Expect.Exact(r["finalStock"], 0, "finalStock");
        Expect.Equal(r.Route("H-R").Mean, r["leaked"].Mean, "byRoute[H-R] = leaked");
        Expect.Equal(r.Source("H").Mean, r["leaked"].Mean, "bySource[H] = leaked");
        Expect.Equal(r.InterdictedOnEdge("H-R").Mean, r["interdicted"].Mean, "interdictedByEdge[H-R]");
        Expect.StdDev(r["leaked"], Math.Sqrt(Periods * d * s * p * (1 - p)), "leaked");
        Assert.That(r["leaked"].StandardError,
            Is.EqualTo(r["leaked"].StdDev / Math.Sqrt(StatTrials)).Within(1e-3).Percent,
            "standardError = stdDev/√N");
    }

    // ------------------------------------------------------------------------------------------
    // 2. Rule F on a fractional flow: x = d·S = 0.1·15 = 1.5 units per period.
    // B(x) = L·[Binomial(⌊m⌋, q) + (m − ⌊m⌋)·1{u < q}] with m = x/L and q = 1 − p the pass
    // probability; E[B(x)] = q·x exactly for every lot ⇒ E[leaked] = T·1.5·(1 − p) = 14.4.
    // (Flooring would give 12·1·0.8 = 9.6, rounding to 2 gives 19.2.)
    // The integer and fractional parts use different slots (`tr:k` and `tr:k#f`), so they are
    // independent: Var per period = L²·q(1 − q)·(⌊m⌋ + f²), f = m − ⌊m⌋.
    //   lot 1:   m = 1.5  → 0.16·(1 + 0.25)  = 0.2
    //   lot 10:  m = 0.15 → 100·0.16·0.0225  = 0.36
    //   lot 0.5: m = 3    → 0.25·0.16·3       = 0.12
    // Delivered = T·(15 − 1.5) = 162 exactly (the diverted amount itself is never rounded).
    // ------------------------------------------------------------------------------------------
    [TestCase(1.0)]
    [TestCase(10.0)]
    [TestCase(0.5)]
    public void Run_FractionalDivertedFlow_KeepsExpectationExact(double lot)
    {
        // Arrange
        const double s = 15, d = 0.1, p = 0.2;
        double x = d * s;
        string yaml = Scenarios.SingleRoute(supply: s, diversion: d, detection: p, illicitDemand: 1000, lot: lot);

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r["leaked"], Periods * x * (1 - p), "leaked");
        Expect.WithinSe(r["interdicted"], Periods * x * p, "interdicted");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * x, "leaked + interdicted");
        Expect.Exact(r["delivered"], Periods * (s - x), "delivered");
        double m = x / lot;
        double whole = Math.Floor(m), frac = m - whole;
        double varPerPeriod = lot * lot * p * (1 - p) * (whole + (frac * frac));
        Expect.StdDev(r["leaked"], Math.Sqrt(Periods * varPerPeriod), "leaked");
    }

    // ------------------------------------------------------------------------------------------
    // 3. Demand binds: D = 60 < C = d·S = 100. Progressive filling: λ = D/W = 60, C = 100 > 60,
    // no source saturates ⇒ x = D, unmet = 0. E[leaked] = T·D·(1 − p); delivered = T·(S − D).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_DemandBelowCapacity_LeaksDemandTimesPassProbability()
    {
        // Arrange
        const double s = 1000, d = 0.1, p = 0.2, bigD = 60;
        string yaml = Scenarios.SingleRoute(supply: s, diversion: d, detection: p, illicitDemand: bigD);

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r["leaked"], Periods * bigD * (1 - p), "leaked");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * bigD, "leaked + interdicted");
        Expect.Exact(r["unmet"], 0, "unmet");
        Expect.Exact(r["delivered"], Periods * (s - bigD), "delivered");
        Assert.That(r.ProbabilityUnmet, Is.Zero, "regime.probabilityUnmet");
    }

    // ------------------------------------------------------------------------------------------
    // 4. Two disjoint single-edge routes H1→R and H2→R, each hub fed by its own supplier
    // (C_i = d·S = 500 ≫ D = 300). Path size is 1 for both. c_k = cost_k + penalty_k·p_k:
    //   c1 = 100 + 400·0.1 = 140, c2 = 300 + 0·0.25 = 300.
    // w1 = e^{−βc1}/(e^{−βc1} + e^{−βc2}); no premium ⇒ D′ = D; λ = D (ΣW = 1), x_i = D·w_i ≤ 500.
    // E[leaked on route i] = T·D·w_i·(1 − p_i); leaked_i + interdicted on edge i = T·D·w_i exactly.
    // β = 0 gives equal shares.
    // ------------------------------------------------------------------------------------------
    [TestCase(0.01)]
    [TestCase(0.0)]
    public void Run_TwoDisjointRoutes_SplitsByLogitShares(double beta)
    {
        // Arrange
        const double bigD = 300, p1 = 0.1, p2 = 0.25;
        double c1 = 100 + (400 * p1), c2 = 300;
        double w1 = Math.Exp(-beta * c1) / (Math.Exp(-beta * c1) + Math.Exp(-beta * c2));
        double w2 = 1 - w1;
        string yaml = $$"""
            name: two-routes
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 1000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.5, penalty: 400 }
              - { id: H2, kind: hub, country: MY, diversion: 0.5 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: {{F(bigD)}}, beta: {{F(beta)}} }
            edges:
              - { id: S1-H1, from: S1, to: H1, channel: legit }
              - { id: S2-H2, from: S2, to: H2, channel: legit }
              - { id: H1-M, from: H1, to: M, channel: legit }
              - { id: H2-M, from: H2, to: M, channel: legit }
              - { id: H1-R, from: H1, to: R, channel: illicit, detection: {{F(p1)}}, cost: 100 }
              - { id: H2-R, from: H2, to: R, channel: illicit, detection: {{F(p2)}}, cost: 300 }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r.Route("H1-R"), Periods * bigD * w1 * (1 - p1), "byRoute[H1-R]");
        Expect.WithinSe(r.Route("H2-R"), Periods * bigD * w2 * (1 - p2), "byRoute[H2-R]");
        Expect.Equal(r.Route("H1-R").Mean + r.InterdictedOnEdge("H1-R").Mean, Periods * bigD * w1, "route 1 carried");
        Expect.Equal(r.Route("H2-R").Mean + r.InterdictedOnEdge("H2-R").Mean, Periods * bigD * w2, "route 2 carried");
        Expect.Exact(r["unmet"], 0, "unmet");
        Assert.That(r.RouteSource("H1-R"), Is.EqualTo("H1"), "byRoute[H1-R].source");
        Assert.That(r.RouteRestricted("H1-R"), Is.EqualTo("R"), "byRoute[H1-R].restricted");
    }

    // ------------------------------------------------------------------------------------------
    // 5. Path-size logit. Sources H1 (SG), H2 (MY), H3 (SG), each C = 500 ≫ D = 300; transit
    // hubs X (HK) and Y (SG) have no inflow (C = 0), so their own routes [e3] and [e5] are in the
    // route table but not in the choice set and do not count in N_e.
    //   route 1 = e1>e3 (H1→X→R), route 2 = e2>e3 (H2→X→R), route 3 = e4>e5 (H3→Y→R).
    //   N_e3 = 2, every other N_e = 1 ⇒ PS1 = PS2 = ½·(1 + ½) = 0.75, PS3 = ½·(1 + 1) = 1.
    //   c1 = 0 + 50 = 50, c2 = 100 + 50 = 150, c3 = 0 + 80 = 80, β = 0.01.
    //   u_k = −β·c_k + ln PS_k, w_k = e^{u_k}/Σ e^{u_j}; slack capacity ⇒ route k carries D·w_k.
    // Detection 0 ⇒ leaked_k = T·D·w_k exactly.
    // By country (each country once per route, source included, r excluded):
    //   transit SG = L1 + L3 (route 3 is SG→SG: counted once), HK = L1 + L2, MY = L2;
    //   source SG = L1 + L3, MY = L2.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_RoutesSharingAnEdge_SplitByPathSizeLogit()
    {
        // Arrange
        const double bigD = 300, beta = 0.01;
        double[] cost = [50, 150, 80];
        double[] pathSize = [0.75, 0.75, 1.0];
        double[] u = new double[3];
        for (int k = 0; k < 3; k++)
        {
            u[k] = (-beta * cost[k]) + Math.Log(pathSize[k]);
        }

        double sum = Math.Exp(u[0]) + Math.Exp(u[1]) + Math.Exp(u[2]);
        double l1 = Periods * bigD * Math.Exp(u[0]) / sum;
        double l2 = Periods * bigD * Math.Exp(u[1]) / sum;
        double l3 = Periods * bigD * Math.Exp(u[2]) / sum;
        string yaml = $$"""
            name: path-size
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 1000 }
              - { id: S3, kind: supplier, country: US, supply: 1000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.5 }
              - { id: H2, kind: hub, country: MY, diversion: 0.5 }
              - { id: H3, kind: hub, country: SG, diversion: 0.5 }
              - { id: X, kind: hub, country: HK }
              - { id: Y, kind: hub, country: SG }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: {{F(bigD)}}, beta: {{F(beta)}} }
            edges:
              - { from: S1, to: H1, channel: legit }
              - { from: S2, to: H2, channel: legit }
              - { from: S3, to: H3, channel: legit }
              - { from: H1, to: M, channel: legit }
              - { from: H2, to: M, channel: legit }
              - { from: H3, to: M, channel: legit }
              - { id: e1, from: H1, to: X, channel: illicit, cost: 0 }
              - { id: e2, from: H2, to: X, channel: illicit, cost: 100 }
              - { id: e3, from: X, to: R, channel: illicit, cost: 50 }
              - { id: e4, from: H3, to: Y, channel: illicit, cost: 0 }
              - { id: e5, from: Y, to: R, channel: illicit, cost: 80 }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Route("e1>e3"), l1, "byRoute[e1>e3]");
        Expect.Exact(r.Route("e2>e3"), l2, "byRoute[e2>e3]");
        Expect.Exact(r.Route("e4>e5"), l3, "byRoute[e4>e5]");
        Expect.Exact(r.Route("e3"), 0, "byRoute[e3] (source X has no capacity)");
        Expect.Exact(r.Route("e5"), 0, "byRoute[e5] (source Y has no capacity)");
        Expect.Exact(r["leaked"], Periods * bigD, "leaked");
        Expect.Exact(r.Source("H1"), l1, "bySource[H1]");
        Expect.Exact(r.Source("H2"), l2, "bySource[H2]");
        Expect.Exact(r.Source("H3"), l3, "bySource[H3]");
        Expect.Exact(r.SourceCountry("SG"), l1 + l3, "byCountry.source[SG]");
        Expect.Exact(r.SourceCountry("MY"), l2, "byCountry.source[MY]");
        Expect.Exact(r.TransitCountry("SG"), l1 + l3, "byCountry.transit[SG]");
        Expect.Exact(r.TransitCountry("HK"), l1 + l2, "byCountry.transit[HK]");
        Expect.Exact(r.TransitCountry("MY"), l2, "byCountry.transit[MY]");
    }

    // ------------------------------------------------------------------------------------------
    // 6a. Progressive filling, one source saturates. Equal costs (0), one route per source ⇒
    // W1 = W2 = ½. C1 = 0.1·1000 = 100, C2 = 0.5·2000 = 1000, D = 600.
    //   round 1: λ = 600/1 = 600, λ·W = 300; C1 = 100 ≤ 300 ⇒ H1 saturated, x1 = 100, R = 500.
    //   round 2: λ = 500/½ = 1000, λ·W2 = 500 < C2 ⇒ x2 = 500. Unmet = 0.
    // Detection 0 ⇒ exact: leaked = T·600, route 1 = T·100, route 2 = T·500,
    // delivered = T·((1000 − 100) + (2000 − 500)) = T·2400.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_OneSourceSaturates_RestFilledByOther()
    {
        // Arrange
        string yaml = Scenarios.ParallelSources(
            [(1000, 0.1), (2000, 0.5)], illicitDemand: 600);

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Route("H1-R"), Periods * 100, "byRoute[H1-R]");
        Expect.Exact(r.Route("H2-R"), Periods * 500, "byRoute[H2-R]");
        Expect.Exact(r["leaked"], Periods * 600, "leaked");
        Expect.Exact(r["unmet"], 0, "unmet");
        Expect.Exact(r["delivered"], Periods * 2400, "delivered");
        Assert.That(r.ProbabilityUnmet, Is.Zero, "regime.probabilityUnmet");
    }

    // ------------------------------------------------------------------------------------------
    // 6b. Cascading saturation, three sources, equal costs ⇒ W = ⅓ each.
    // C = (100, 350, 10000), D = 900.
    //   round 1: λ = 900, λW = 300: H1 saturates (100 ≤ 300), H2 not (350 > 300). x1 = 100, R = 800.
    //   round 2: λ = 800/(⅔) = 1200, λW = 400: H2 saturates (350 ≤ 400). x2 = 350, R = 450.
    //   round 3: λ = 450/(⅓) = 1350, λW = 450 < 10000 ⇒ x3 = 450. Unmet 0.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_SaturationCascades_FillsInRounds()
    {
        // Arrange
        string yaml = Scenarios.ParallelSources(
            [(1000, 0.1), (1000, 0.35), (20000, 0.5)], illicitDemand: 900);

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Route("H1-R"), Periods * 100, "byRoute[H1-R]");
        Expect.Exact(r.Route("H2-R"), Periods * 350, "byRoute[H2-R]");
        Expect.Exact(r.Route("H3-R"), Periods * 450, "byRoute[H3-R]");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 6c. Every source saturates: C = (100, 1000), D = 5000. Round 1: λW = 2500 ≥ both C ⇒
    // x = C for both, no source left. Unmet = T·(D − ΣC) = T·3900; P(unmet > 0) = 1.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_AllSourcesSaturated_UnmetIsDemandMinusCapacity()
    {
        // Arrange
        string yaml = Scenarios.ParallelSources(
            [(1000, 0.1), (2000, 0.5)], illicitDemand: 5000);

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Route("H1-R"), Periods * 100, "byRoute[H1-R]");
        Expect.Exact(r.Route("H2-R"), Periods * 1000, "byRoute[H2-R]");
        Expect.Exact(r["unmet"], Periods * (5000 - 1100), "unmet");
        Assert.That(r.ProbabilityUnmet, Is.EqualTo(1.0), "regime.probabilityUnmet");
    }

    // ------------------------------------------------------------------------------------------
    // 7a. Licence, then cap. US supplier F = 10000 → SG market V (demand ∞) over an edge with
    // approval a = 0.5, lot 1; cap K = 1000 per period, pool node, counts imports, on V.
    // passed = Binomial(F, a) (mean 5000, sd 50) ⇒ always > K, so accepted = K every period.
    //   blockedByLicence = T·(F − passed) ⇒ E = T·(1 − a)·F = 60000;
    //   blockedByCap = T·(passed − K) ⇒ E = T·(a·F − K) = 48000;
    //   their sum = T·(F − K) in every trial; delivered = received[SG] = billed[SG] = T·K.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_LicenceThenPeriodCap_CapBindsAfterLicence()
    {
        // Arrange
        const double f = 10000, a = 0.5, k = 1000;
        string yaml = Scenarios.CappedImport(
            supplierCountry: "US", supply: f, approval: a,
            cap: $"{{ id: v-cap, amount: {F(k)}, per: period, pool: node, counts: imports, nodes: {{ id: V }} }}");

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r["blockedByLicence"], Periods * (1 - a) * f, "blockedByLicence");
        Expect.WithinSe(r["blockedByCap"], Periods * ((a * f) - k), "blockedByCap");
        Expect.Equal(r["blockedByLicence"].Mean + r["blockedByCap"].Mean, Periods * (f - k), "blocked total");
        Expect.Exact(r["delivered"], Periods * k, "delivered");
        Expect.Exact(r.Received("SG"), Periods * k, "billing[SG].received");
        Expect.Exact(r.Billed("SG"), Periods * k, "billing[SG].billed");
    }

    // ------------------------------------------------------------------------------------------
    // 7b. Horizon cap K = 4500 on imports of 1000 per period (no licence): periods 1–4 accept
    // 1000 each, period 5 accepts the remainder 500 (scaled by R/inflow), periods 6–12 nothing.
    // Total accepted = K exactly; blockedByCap = T·1000 − K = 7500; blockedByLicence = 0.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_HorizonCap_AcceptsExactlyTheQuota()
    {
        // Arrange
        string yaml = Scenarios.CappedImport(
            supplierCountry: "US", supply: 1000, approval: 1,
            cap: "{ id: v-cap, amount: 4500, per: horizon, pool: node, counts: imports, nodes: { id: V } }");

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["delivered"], 4500, "delivered");
        Expect.Exact(r["blockedByCap"], (Periods * 1000) - 4500, "blockedByCap");
        Expect.Exact(r["blockedByLicence"], 0, "blockedByLicence");
    }

    // ------------------------------------------------------------------------------------------
    // 7c. `counts: imports` ignores domestic edges: SG supplier → SG market V, cap 100 per period.
    // counts: imports ⇒ nothing counted, delivered = T·1000; counts: all ⇒ delivered = T·100,
    // blockedByCap = T·900.
    // ------------------------------------------------------------------------------------------
    [TestCase("imports", Periods * 1000.0, 0.0)]
    [TestCase("all", Periods * 100.0, Periods * 900.0)]
    public void Run_DomesticInflowUnderCap_CountedOnlyWithCountsAll(string counts, double delivered, double blocked)
    {
        // Arrange
        string yaml = Scenarios.CappedImport(
            supplierCountry: "SG", supply: 1000, approval: 1,
            cap: $"{{ id: v-cap, amount: 100, per: period, pool: node, counts: {counts}, nodes: {{ id: V }} }}");

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["delivered"], delivered, "delivered");
        Expect.Exact(r["blockedByCap"], blocked, "blockedByCap");
    }

    // ------------------------------------------------------------------------------------------
    // 7d. Country pool used up in topological order. Two SG hubs V1 (d = 0) and V2 (d = 0.5),
    // each importing 1000 per period from its own US supplier; one SG quota of 1500 per period
    // (pool: country) covering both. The node earlier in the topological order takes 1000, the
    // later one the remaining 500. Topological order is Kahn's with ties broken by file position
    // (read as: among all ready nodes, the earliest in the file first — a min-heap by file index).
    // File order S1, S2, V1, V2: ready {S1, S2, R} → S1, S2, then V1 before V2 ⇒ Q_V2 = 500 ⇒
    //   leaked = T·0.5·500 = 3000 (D = 10^6, detection 0).
    // File order S1, S2, V2, V1: V2 first ⇒ Q_V2 = 1000 ⇒ leaked = T·500 = 6000.
    // Either way blockedByCap = T·500 and delivered = T·(1500 − x).
    // ------------------------------------------------------------------------------------------
    [TestCase(false, Periods * 250.0)]
    [TestCase(true, Periods * 500.0)]
    public void Run_CountryPoolCap_UsedUpInTopologicalOrder(bool sourceListedFirst, double leaked)
    {
        // Arrange
        const string v1 = "  - { id: V1, kind: hub, country: SG }\n";
        const string v2 = "  - { id: V2, kind: hub, country: SG, diversion: 0.5 }\n";
        string hubs = sourceListedFirst ? v2 + v1 : v1 + v2;
        string yaml = $$"""
            name: country-pool
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 1000 }
            {{hubs}}  - { id: M, kind: market, country: SG, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 1000000 }
            edges:
              - { from: S1, to: V1, channel: legit }
              - { from: S2, to: V2, channel: legit }
              - { from: V1, to: M, channel: legit }
              - { from: V2, to: M, channel: legit }
              - { id: V2-R, from: V2, to: R, channel: illicit }
            caps:
              - { id: sg-quota, amount: 1500, per: period, pool: country, counts: imports, nodes: { id: [V1, V2] } }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["leaked"], leaked, "leaked");
        Expect.Exact(r["blockedByCap"], Periods * 500, "blockedByCap");
        Expect.Exact(r["delivered"], (Periods * 1500) - leaked, "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 8a. Stock in a terminal market: A = stock + S, sales = min(A, Dm), the rest is stock.
    //   Dm = 600 < S = 1000, s0 = 250: stock grows by 400 a period ⇒ final = 250 + 12·400 = 5050,
    //   delivered = T·600.
    //   Dm = 1100 > S, s0 = 250: stock drains (150, 50, 0, …) ⇒ final = 0, delivered = T·S + s0.
    // ------------------------------------------------------------------------------------------
    [TestCase(600.0, 5050.0, Periods * 600.0)]
    [TestCase(1100.0, 0.0, (Periods * 1000.0) + 250.0)]
    public void Run_MarketWithInitialStock_CarriesStockOver(double marketDemand, double finalStock, double delivered)
    {
        // Arrange
        string yaml = $$"""
            name: stock
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: 1000 }
              - { id: M, kind: market, country: US, demand: {{F(marketDemand)}}, initialStock: 250 }
            edges:
              - { from: S, to: M, channel: legit }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["finalStock"], finalStock, "finalStock");
        Expect.Exact(r["delivered"], delivered, "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 8b. "Carried-over stock can be sold but not diverted." Hub H (no legit out-edges, so it holds
    // stock) with s0 = 20000, inflow S = 100, demand 1000, d = 0.5, one illicit route, D = 10^6.
    //   C = d·Q = 50 per period (not d·(stock + Q)) ⇒ x = 50, leaked = T·50 = 600 (detection 0);
    //   sales = min(A − x, 1000) = 1000 (stock never runs out) ⇒ delivered = 12000;
    //   final stock = 20000 + T·(100 − 50 − 1000) = 8600; unmet = T·(10^6 − 50).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_StockedSourceHub_DivertsOnlyFromInflowButSellsStock()
    {
        // Arrange
        string yaml = $$"""
            name: stocked-hub
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: 100 }
              - { id: H, kind: hub, country: SG, demand: 1000, diversion: 0.5, initialStock: 20000 }
              - { id: R, kind: restricted, country: CN, illicitDemand: 1000000 }
            edges:
              - { from: S, to: H, channel: legit }
              - { id: H-R, from: H, to: R, channel: illicit }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["leaked"], Periods * 50, "leaked");
        Expect.Exact(r["delivered"], Periods * 1000, "delivered");
        Expect.Exact(r["finalStock"], 20000 + (Periods * (100 - 50 - 1000)), "finalStock");
        Expect.Exact(r["unmet"], Periods * (1_000_000 - 50), "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 8c. A stocked hub with no inflow has C = d·0 = 0: the choice set is empty, no premium ⇒
    // all D is unmet; it still sells its stock: delivered = T·50, final = 1000 − 600 = 400.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_StockedHubWithoutInflow_DivertsNothing()
    {
        // Arrange
        string yaml = $$"""
            name: stock-only-hub
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: H, kind: hub, country: SG, demand: 50, diversion: 0.5, initialStock: 1000 }
              - { id: R, kind: restricted, country: CN, illicitDemand: 40 }
            edges:
              - { id: H-R, from: H, to: R, channel: illicit }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["leaked"], 0, "leaked");
        Expect.Exact(r["unmet"], Periods * 40, "unmet");
        Expect.Exact(r["delivered"], Periods * 50, "delivered");
        Expect.Exact(r["finalStock"], 1000 - (Periods * 50), "finalStock");
    }

    // ------------------------------------------------------------------------------------------
    // 8d. A hub with legit out-edges holds no stock: its initial stock s0 = 5000 is forwarded in
    // period 1, and it is not diverted (C = d·Q = 0.5·100 = 50 every period, period 1 included).
    // leaked = T·50 = 600, delivered = T·(100 − 50) + 5000 = 5600, final stock 0.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_ForwardingHubWithInitialStock_ForwardsStockWithoutDivertingIt()
    {
        // Arrange
        string yaml = $$"""
            name: forwarding-stock
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: 100 }
              - { id: H, kind: hub, country: SG, diversion: 0.5, initialStock: 5000 }
              - { id: M, kind: market, country: SG, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 1000000 }
            edges:
              - { from: S, to: H, channel: legit }
              - { from: H, to: M, channel: legit }
              - { id: H-R, from: H, to: R, channel: illicit }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["leaked"], Periods * 50, "leaked");
        Expect.Exact(r["delivered"], (Periods * 50) + 5000, "delivered");
        Expect.Exact(r["finalStock"], 0, "finalStock");
    }

    // ------------------------------------------------------------------------------------------
    // 9. Flagging: flagged = B(leaked) with p = q, lot 1 ⇒ E[flagged] = q·E[leaked]
    //   = q·T·d·S·(1 − p) (test 1's network). Tolerance 4·SE(flagged), which bounds the sampling
    //   error of flagged − q·leaked as well. q = 1 and q = 0 are deterministic draws:
    //   flagged = leaked, resp. 0, in every trial.
    // ------------------------------------------------------------------------------------------
    [TestCase(0.3)]
    [TestCase(1.0)]
    [TestCase(0.0)]
    public void Run_VerificationOnSource_FlagsThatShareOfLeaked(double q)
    {
        // Arrange
        const double s = 1000, d = 0.1, p = 0.2;
        string yaml = Scenarios.SingleRoute(supply: s, diversion: d, detection: p, illicitDemand: 1_000_000, verification: q);

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.WithinSe(r["flagged"], q * Periods * d * s * (1 - p), "flagged");
        Assert.That(
            Math.Abs(r["flagged"].Mean - (q * r["leaked"].Mean)),
            Is.LessThanOrEqualTo((4 * r["flagged"].StandardError) + 1e-9),
            "flagged ≈ q·leaked on the same trials");
        Assert.That(r["flagged"].Max, Is.LessThanOrEqualTo(r["leaked"].Max + 1e-9), "flagged ≤ leaked");
    }

    // ------------------------------------------------------------------------------------------
    // 10a. Deterrence through the premium, one route. c_k = cost + penalty·p_k
    //   = 500 + 1000·0.2 = 700; π = 1200, β = 0.005 ⇒ β(π − c_k) = 2.5, PS = 1:
    //   D′ = D·e^{2.5}/(1 + e^{2.5}), D = 100. Capacity 500 is slack ⇒ x = D′ every period.
    //   The allocation has no randomness (detection acts only in transit):
    //   deterred = T·(D − D′) exactly, unmet = 0, leaked + interdicted = T·D′ exactly,
    //   E[leaked] = T·D′·(1 − p).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_PremiumAboveRouteCost_DetersLogisticShare()
    {
        // Arrange
        const double bigD = 100, p = 0.2, cost = 500, penalty = 1000, premium = 1200, beta = 0.005;
        double ck = cost + (penalty * p);
        double e = Math.Exp(beta * (premium - ck));
        double dPrime = bigD * e / (1 + e);
        string yaml = Scenarios.SingleRoute(
            supply: 1000, diversion: 0.5, detection: p, illicitDemand: bigD, cost: cost, penalty: penalty,
            restrictedExtra: $", beta: {F(beta)}, premium: {F(premium)}");

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        // Assert
        Expect.Exact(r["deterred"], Periods * (bigD - dPrime), "deterred");
        Expect.Exact(r["unmet"], 0, "unmet");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * dPrime, "leaked + interdicted");
        Expect.WithinSe(r["leaked"], Periods * dPrime * (1 - p), "leaked");
    }

    // ------------------------------------------------------------------------------------------
    // 10b. Deterrence over two disjoint routes (PS = 1), detection 0, slack capacity:
    //   c1 = 200, c2 = 600, π = 1000, β = 0.004 ⇒ e_k = e^{β(π − c_k)} = e^{3.2}, e^{1.6};
    //   D′ = D·(e1 + e2)/(1 + e1 + e2), D = 200; route k carries D′·w_k with
    //   w_k = e^{−βc_k}/Σ e^{−βc_j} = e_k/(e1 + e2). All exact.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_PremiumOverTwoRoutes_DetersAndSplits()
    {
        // Arrange
        const double bigD = 200, beta = 0.004, premium = 1000;
        double e1 = Math.Exp(beta * (premium - 200)), e2 = Math.Exp(beta * (premium - 600));
        double dPrime = bigD * (e1 + e2) / (1 + e1 + e2);
        string yaml = $$"""
            name: deterrence-two-routes
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 1000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.5 }
              - { id: H2, kind: hub, country: MY, diversion: 0.5 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: {{F(bigD)}}, beta: {{F(beta)}}, premium: {{F(premium)}} }
            edges:
              - { from: S1, to: H1, channel: legit }
              - { from: S2, to: H2, channel: legit }
              - { from: H1, to: M, channel: legit }
              - { from: H2, to: M, channel: legit }
              - { id: H1-R, from: H1, to: R, channel: illicit, cost: 200 }
              - { id: H2-R, from: H2, to: R, channel: illicit, cost: 600 }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["deterred"], Periods * (bigD - dPrime), "deterred");
        Expect.Exact(r.Route("H1-R"), Periods * dPrime * e1 / (e1 + e2), "byRoute[H1-R]");
        Expect.Exact(r.Route("H2-R"), Periods * dPrime * e2 / (e1 + e2), "byRoute[H2-R]");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 10c. Empty choice set (the only source has d = 0 ⇒ C = 0). Read as: without a premium
    // D′ = D and all of it is unmet; with a premium the deterrence sum is empty, D′ = 0, and all
    // of D is deterred. Nothing leaks.
    // ------------------------------------------------------------------------------------------
    [TestCase(false)]
    [TestCase(true)]
    public void Run_EmptyChoiceSet_DemandUnmetOrDeterred(bool withPremium)
    {
        // Arrange
        const double bigD = 70;
        string extra = withPremium ? ", beta: 0.01, premium: 500" : string.Empty;
        string yaml = Scenarios.SingleRoute(supply: 1000, diversion: 0, detection: 0.2, illicitDemand: bigD, restrictedExtra: extra);

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["leaked"], 0, "leaked");
        Expect.Exact(r["unmet"], withPremium ? 0 : Periods * bigD, "unmet");
        Expect.Exact(r["deterred"], withPremium ? Periods * bigD : 0, "deterred");
        Expect.Exact(r["delivered"], Periods * 1000, "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 11. Substitution. A US supplier ships L per period to the restricted node (licensed exports:
    // licensedToRestricted = T·L). D is first reduced by min(σ·L, D) (substituted); the rest goes
    // through deterrence (if a premium) and allocation. Source H: C = 0.5·1000 = 500, slack;
    // detection 0 ⇒ leaked = remaining D′ exactly.
    //   σ = 0.5, L = 100, D = 300: substituted = T·50, leaked = T·250.
    //   σ = 1,   L = 500, D = 300: substituted = T·300 (capped at D), leaked = 0.
    //   σ = 0.5, L = 100, D = 300, π = 800, β = 0.005, cost 400: D1 = 250,
    //     D′ = D1·e^{2}/(1 + e^{2}); deterred = T·(D1 − D′), leaked = T·D′.
    // Delivered = T·(1000 − x) with x = leaked per period.
    // ------------------------------------------------------------------------------------------
    [TestCase(0.5, 100.0, false)]
    [TestCase(1.0, 500.0, false)]
    [TestCase(0.5, 100.0, true)]
    public void Run_LicensedExportsToRestricted_SubstituteForSmuggling(double sigma, double licensed, bool withPremium)
    {
        // Arrange
        const double bigD = 300;
        double substituted = Math.Min(sigma * licensed, bigD);
        double remaining = bigD - substituted;
        double dPrime = remaining;
        if (withPremium)
        {
            double e = Math.Exp(0.005 * (800 - 400));
            dPrime = remaining * e / (1 + e);
        }

        string premium = withPremium ? ", beta: 0.005, premium: 800" : string.Empty;
        string yaml = $$"""
            name: substitution
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: 1000 }
              - { id: SL, kind: supplier, country: US, supply: {{F(licensed)}} }
              - { id: H, kind: hub, country: SG, diversion: 0.5 }
              - { id: M, kind: market, country: SG, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: {{F(bigD)}}, substitution: {{F(sigma)}}{{premium}} }
            edges:
              - { from: S, to: H, channel: legit }
              - { from: H, to: M, channel: legit }
              - { from: SL, to: R, channel: legit }
              - { id: H-R, from: H, to: R, channel: illicit, cost: 400 }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r["licensedToRestricted"], Periods * licensed, "licensedToRestricted");
        Expect.Exact(r["substituted"], Periods * substituted, "substituted");
        Expect.Exact(r["deterred"], Periods * (remaining - dPrime), "deterred");
        Expect.Exact(r["leaked"], Periods * dPrime, "leaked");
        Expect.Exact(r["unmet"], 0, "unmet");
        Expect.Exact(r["delivered"], Periods * (1000 - dPrime), "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 12. Mass balance on a mixed network with random supply, diversion, detection and demand,
    // licences with lots, a country cap, stocks, substitution and a premium — under the baseline
    // and under a policy that adds a licence, an inspection, KYC and a horizon cap.
    // Per trial: supply + initial stock = delivered + licensedToRestricted + blockedByLicence
    //   + blockedByCap + leaked + interdicted + finalStock, and
    //   illicitDemand = substituted + deterred + leaked + interdicted + unmet.
    // Means are linear, so both hold on the means (initial stock is the literal 300).
    // ------------------------------------------------------------------------------------------
    [TestCase("baseline")]
    [TestCase("tight")]
    public void Run_MixedNetwork_ConservesMassAndDemand(string policy)
    {
        // Arrange
        string yaml = Scenarios.Mixed;

        // Act
        RunSummary r = EngineRunner.Run(yaml, 5000, policy: policy == "baseline" ? null : policy);

        // Assert
        double outflows = r["delivered"].Mean + r["licensedToRestricted"].Mean + r["blockedByLicence"].Mean
            + r["blockedByCap"].Mean + r["leaked"].Mean + r["interdicted"].Mean + r["finalStock"].Mean;
        Expect.Equal(outflows, r["supply"].Mean + Scenarios.MixedInitialStock, "mass balance");
        double demandOutcomes = r["substituted"].Mean + r["deterred"].Mean + r["leaked"].Mean
            + r["interdicted"].Mean + r["unmet"].Mean;
        Expect.Equal(demandOutcomes, r["illicitDemand"].Mean, "illicit demand balance");
        Assert.That(r["leaked"].StdDev, Is.GreaterThan(0), "the scenario is random");
        Assert.That(r["blockedByLicence"].Mean, Is.GreaterThan(0), "licences bind");
        Assert.That(r["blockedByCap"].Mean, Is.GreaterThan(0), "caps bind");
        Assert.That(r["substituted"].Mean, Is.GreaterThan(0), "substitution happens");
        Assert.That(r["deterred"].Mean, Is.GreaterThan(0), "deterrence happens");
        Assert.That(r["finalStock"].Mean, Is.GreaterThan(0), "stock is carried");
        double leakedByRoute = 0;
        foreach (JsonElement route in r.Root.GetProperty("byRoute").EnumerateArray())
        {
            leakedByRoute += route.GetProperty("leaked").GetProperty("mean").GetDouble();
        }

        Expect.Equal(leakedByRoute, r["leaked"].Mean, "Σ byRoute = leaked");
        double interdictedByEdge = 0;
        foreach (JsonElement edge in r.Root.GetProperty("interdictedByEdge").EnumerateArray())
        {
            interdictedByEdge += edge.GetProperty("interdicted").GetProperty("mean").GetDouble();
        }

        Expect.Equal(interdictedByEdge, r["interdicted"].Mean, "Σ interdictedByEdge = interdicted");
    }

    // ------------------------------------------------------------------------------------------
    // 13a. Billing vs shipping. TW supplier → US market (demand ∞) with billedTo: SG, S = 800.
    // billed[SG] = T·S (accepted on a supplier out-edge, tallied to billedTo), received[US] = T·S
    // (TW → US is an import); nothing is billed to US and nothing received in SG.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_SupplierEdgeBilledElsewhere_BilledAndReceivedSplit()
    {
        // Arrange
        string yaml = $$"""
            name: billing
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: TW, supply: 800 }
              - { id: M, kind: market, country: US, demand: .inf }
            edges:
              - { from: S, to: M, channel: legit, billedTo: SG }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Billed("SG"), Periods * 800, "billing[SG].billed");
        Expect.Exact(r.Received("US"), Periods * 800, "billing[US].received");
        Expect.Exact(r.Billed("US"), 0, "billing[US].billed");
        Expect.Exact(r.Received("SG"), 0, "billing[SG].received");
        Expect.Exact(r.Billed("TW"), 0, "billing[TW].billed");
    }

    // ------------------------------------------------------------------------------------------
    // 13b. Only supplier out-edges are billed; billedTo defaults to the head's country; billing
    // counts accepted units (after a cap). TW supplier S = 1000 → SG hub H (default billing: SG),
    // H → US market (billedTo: HK, not a supplier edge ⇒ not billed), cap 600 per period on H.
    //   billed[SG] = T·600, billed[HK] = 0; received[SG] = T·600 (TW → SG), received[US] = T·600.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_DefaultBillingAndCap_BillsAcceptedUnitsToHeadCountry()
    {
        // Arrange
        string yaml = $$"""
            name: billing-default
            horizon: { periods: {{Periods}} }
            nodes:
              - { id: S, kind: supplier, country: TW, supply: 1000 }
              - { id: H, kind: hub, country: SG }
              - { id: M, kind: market, country: US, demand: .inf }
            edges:
              - { from: S, to: H, channel: legit }
              - { from: H, to: M, channel: legit, billedTo: HK }
            caps:
              - { id: h-cap, amount: 600, per: period, pool: node, counts: imports, nodes: { id: H } }
            """;

        // Act
        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        // Assert
        Expect.Exact(r.Billed("SG"), Periods * 600, "billing[SG].billed");
        Expect.Exact(r.Billed("HK"), 0, "billing[HK].billed");
        Expect.Exact(r.Received("SG"), Periods * 600, "billing[SG].received");
        Expect.Exact(r.Received("US"), Periods * 600, "billing[US].received");
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Scenario texts shared by the closed-form tests.</summary>
internal static class Scenarios
{
    /// <summary>Initial stock of <see cref="Mixed"/>, summed over its nodes.</summary>
    public const double MixedInitialStock = 300;

    /// <summary>
    /// A mixed network: random supply, a per-trial PERT diversion, a per-period lognormal illicit
    /// demand, uniform detection, licences with lots, a country cap, two restricted nodes with
    /// disjoint sources, stock in a market and a reseller, substitution and a premium. Policy
    /// <c>tight</c> adds KYC, inspection, a licence and a horizon cap.
    /// Elements with a distribution are written in block style: in a YAML flow mapping the comma
    /// inside <c>uniform(800, 1200)</c> would end the value.
    /// </summary>
    public const string Mixed = """
        name: mixed
        horizon: { periods: 6 }
        parameters:
          sgDiversion: pert(0.01, 0.05, 0.15)
          cnDemand:
            value: lognormal(p05=50, p95=400)
            perPeriod: true
        nodes:
          - id: nv
            kind: supplier
            country: US
            supply: uniform(800, 1200)
          - { id: tw, kind: supplier, country: TW, supply: 500 }
          - { id: sg-dist, kind: hub, country: SG, demand: 50, diversion: sgDiversion, penalty: 2000, lot: 5, verification: 0.2 }
          - { id: my-dc, kind: reseller, country: MY, demand: 100, diversion: 0.08, lot: 20, initialStock: 200 }
          - { id: hk, kind: hub, country: HK }
          - { id: us-mkt, kind: market, country: US, demand: 400, initialStock: 100 }
          - { id: sg-mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: cnDemand, beta: 0.001, premium: 3000, substitution: 0.5 }
          - { id: ru, kind: restricted, country: RU, illicitDemand: 30 }
        edges:
          - { from: nv, to: sg-dist, channel: legit, approval: 0.9, lot: 10 }
          - { from: nv, to: us-mkt, channel: legit, weight: 2 }
          - { from: tw, to: sg-dist, channel: legit, billedTo: SG }
          - { from: tw, to: my-dc, channel: legit }
          - { from: tw, to: cn, channel: legit, weight: 0.5, approval: 0.7 }
          - { from: sg-dist, to: sg-mkt, channel: legit }
          - { id: sg-cn, from: sg-dist, to: cn, channel: illicit, detection: 0.1, cost: 500 }
          - id: sg-hk
            from: sg-dist
            to: hk
            channel: illicit
            detection: uniform(0.02, 0.1)
            cost: 100
          - { id: hk-cn, from: hk, to: cn, channel: illicit, detection: 0.2, cost: 200 }
          - { id: my-ru, from: my-dc, to: ru, channel: illicit, detection: 0.3 }
        caps:
          - { id: my-quota, amount: 150, per: period, pool: country, counts: imports, nodes: { country: MY } }
        policies:
          - name: tight
            rules:
              - nodes: { id: sg-dist }
                scale: { diversion: 0.5 }
              - nodes: { country: SG }
                inspection: { at: exit, add: 0.1 }
              - nodes: { id: sg-dist }
                licence: { approval: 0.8, lot: 25 }
              - nodes: { id: my-dc }
                cap: { amount: 500, per: horizon, pool: node, counts: all }
        """;

    /// <summary>
    /// Supplier S (US) → hub H (SG, demand 0) → market M (SG, demand ∞), illicit H→R (CN),
    /// edge ids S-H, H-M, H-R.
    /// </summary>
    public static string SingleRoute(
        double supply, double diversion, double detection, double illicitDemand,
        int periods = 12, double lot = 1, double verification = 0, double cost = 0, double penalty = 0,
        string restrictedExtra = "", string policies = "")
    {
        return $$"""
            name: single-route
            horizon: { periods: {{periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: {{F(supply)}} }
              - { id: H, kind: hub, country: SG, diversion: {{F(diversion)}}, lot: {{F(lot)}}, verification: {{F(verification)}}, penalty: {{F(penalty)}} }
              - { id: M, kind: market, country: SG, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: {{F(illicitDemand)}}{{restrictedExtra}} }
            edges:
              - { id: S-H, from: S, to: H, channel: legit }
              - { id: H-M, from: H, to: M, channel: legit }
              - { id: H-R, from: H, to: R, channel: illicit, detection: {{F(detection)}}, cost: {{F(cost)}} }

            """ + policies;
    }

    /// <summary>
    /// Parallel sources: supplier Si (US) → hub Hi (SG) → market M, illicit Hi→R with cost 0 and
    /// detection 0, R with the given illicit demand and β = 0.
    /// </summary>
    public static string ParallelSources((double Supply, double Diversion)[] sources, double illicitDemand)
    {
        var nodes = new StringBuilder();
        var edges = new StringBuilder();
        for (int i = 1; i <= sources.Length; i++)
        {
            (double supply, double diversion) = sources[i - 1];
            nodes.Append(CultureInfo.InvariantCulture, $"  - {{ id: S{i}, kind: supplier, country: US, supply: {F(supply)} }}\n");
            nodes.Append(CultureInfo.InvariantCulture, $"  - {{ id: H{i}, kind: hub, country: SG, diversion: {F(diversion)} }}\n");
            edges.Append(CultureInfo.InvariantCulture, $"  - {{ from: S{i}, to: H{i}, channel: legit }}\n");
            edges.Append(CultureInfo.InvariantCulture, $"  - {{ from: H{i}, to: M, channel: legit }}\n");
            edges.Append(CultureInfo.InvariantCulture, $"  - {{ id: H{i}-R, from: H{i}, to: R, channel: illicit }}\n");
        }

        return "name: parallel-sources\n"
            + "horizon: { periods: 12 }\n"
            + "nodes:\n"
            + nodes
            + "  - { id: M, kind: market, country: JP, demand: .inf }\n"
            + $"  - {{ id: R, kind: restricted, country: CN, illicitDemand: {F(illicitDemand)} }}\n"
            + "edges:\n"
            + edges;
    }

    /// <summary>Supplier S → market V (SG, demand ∞), with an approval on S→V and one cap.</summary>
    public static string CappedImport(string supplierCountry, double supply, double approval, string cap)
    {
        return $$"""
            name: capped-import
            horizon: { periods: 12 }
            nodes:
              - { id: S, kind: supplier, country: {{supplierCountry}}, supply: {{F(supply)}} }
              - { id: V, kind: market, country: SG, demand: .inf }
            edges:
              - { id: S-V, from: S, to: V, channel: legit, approval: {{F(approval)}}, lot: 1 }
            caps:
              - {{cap}}
            """;
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One statistics object of summary.json.</summary>
internal readonly record struct Stat(double Mean, double StdDev, double StandardError, double Min, double Max)
{
    public static Stat Zero { get; } = new(0, 0, 0, 0, 0);

    public static Stat From(JsonElement e) => new(
        e.GetProperty("mean").GetDouble(),
        e.GetProperty("stdDev").GetDouble(),
        e.GetProperty("standardError").GetDouble(),
        e.GetProperty("min").GetDouble(),
        e.GetProperty("max").GetDouble());
}

/// <summary>A parsed summary.json with lookups by outcome, route, node and country.</summary>
internal sealed class RunSummary(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public string Policy => Root.GetProperty("policy").GetString() ?? string.Empty;

    public double ProbabilityUnmet => Root.GetProperty("regime").GetProperty("probabilityUnmet").GetDouble();

    public Stat this[string outcome] => Stat.From(Root.GetProperty(outcome));

    public Stat Route(string key) => Stat.From(Find(Root.GetProperty("byRoute"), "route", key).GetProperty("leaked"));

    public string? RouteSource(string key) => Find(Root.GetProperty("byRoute"), "route", key).GetProperty("source").GetString();

    public string? RouteRestricted(string key) => Find(Root.GetProperty("byRoute"), "route", key).GetProperty("restricted").GetString();

    public Stat Source(string node) => Stat.From(Find(Root.GetProperty("bySource"), "node", node).GetProperty("leaked"));

    public Stat SourceCountry(string country) =>
        Stat.From(Find(Root.GetProperty("byCountry").GetProperty("source"), "country", country).GetProperty("leaked"));

    public Stat TransitCountry(string country) =>
        Stat.From(Find(Root.GetProperty("byCountry").GetProperty("transit"), "country", country).GetProperty("leaked"));

    public Stat InterdictedOnEdge(string edge) =>
        Stat.From(Find(Root.GetProperty("interdictedByEdge"), "edge", edge).GetProperty("interdicted"));

    /// <summary>billing[country].billed; a country absent from the list has billed nothing.</summary>
    public Stat Billed(string country) => BillingRow(country, "billed");

    /// <summary>billing[country].received; a country absent from the list has received nothing.</summary>
    public Stat Received(string country) => BillingRow(country, "received");

    private Stat BillingRow(string country, string column)
    {
        foreach (JsonElement row in Root.GetProperty("billing").EnumerateArray())
        {
            if (row.GetProperty("country").GetString() == country)
            {
                return Stat.From(row.GetProperty(column));
            }
        }

        return Stat.Zero;
    }

    private static JsonElement Find(JsonElement array, string keyName, string key)
    {
        var seen = new List<string>();
        foreach (JsonElement row in array.EnumerateArray())
        {
            string? value = row.GetProperty(keyName).GetString();
            if (value == key)
            {
                return row;
            }

            seen.Add(value ?? "(null)");
        }

        Assert.Fail($"no row with {keyName} = '{key}'; rows: {string.Join(", ", seen)}");
        return default;
    }
}

/// <summary>Runs <c>exportflow run</c> in process on a scenario text and parses summary.json.</summary>
internal static class EngineRunner
{
    public static RunSummary Run(string yaml, int trials, int seed = 7, string? policy = null, int? threads = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "exportflow-closedform-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string yamlPath = Path.Combine(dir, "scenario.yaml");
            File.WriteAllText(yamlPath, yaml);
            string outDir = Path.Combine(dir, "out");
            Directory.CreateDirectory(outDir);
            var args = new List<string>
            {
                "run", yamlPath,
                "--trials", trials.ToString(CultureInfo.InvariantCulture),
                "--seed", seed.ToString(CultureInfo.InvariantCulture),
                "--quiet",
                "--out", outDir,
            };
            if (policy is not null)
            {
                args.Add("--policy");
                args.Add(policy);
            }

            if (threads is int t)
            {
                args.Add("--threads");
                args.Add(t.ToString(CultureInfo.InvariantCulture));
            }

            using var console = new TestConsole();
            int code = CliApp.Run([.. args], console);
            Assert.That(code, Is.Zero, () => $"exportflow {string.Join(' ', args)} failed:\n{console.Output}\n--- scenario ---\n{yaml}");
            string summaryPath = Path.Combine(outDir, "summary.json");
            Assert.That(File.Exists(summaryPath), Is.True, () => $"no summary.json:\n{console.Output}");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(summaryPath));
            return new RunSummary(doc.RootElement.Clone());
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless; never fail a test over clean-up.
            }
        }
    }
}

/// <summary>Closed-form assertions with the tolerances described on <see cref="ClosedFormTests"/>.</summary>
internal static class Expect
{
    /// <summary>A deterministic outcome: mean to 1e-9 relative, no spread across trials.</summary>
    public static void Exact(Stat s, double expected, string what)
    {
        double scale = Math.Max(1, Math.Abs(expected));
        Assert.That(s.Mean, Is.EqualTo(expected).Within(1e-9 * scale), $"{what}: mean");

        // A constant sample can show a tiny spread from rounding in the variance formula.
        Assert.That(s.StdDev, Is.LessThanOrEqualTo(1e-6 * scale), $"{what}: should not vary across trials");
    }

    /// <summary>A random outcome: mean within k reported standard errors of the expectation.</summary>
    public static void WithinSe(Stat s, double expected, string what, double k = 4)
    {
        double tolerance = (k * s.StandardError) + (1e-9 * Math.Max(1, Math.Abs(expected)));
        Assert.That(s.Mean, Is.EqualTo(expected).Within(tolerance),
            $"{what}: mean {s.Mean} vs expected {expected} (SE {s.StandardError})");
    }

    /// <summary>An identity between means: 1e-9 relative.</summary>
    public static void Equal(double actual, double expected, string what) =>
        Assert.That(actual, Is.EqualTo(expected).Within(1e-9 * Math.Max(1, Math.Abs(expected))), what);

    /// <summary>
    /// A standard deviation within 5% of its closed form. With 20,000 trials the sample sd of a
    /// sum of binomials has a relative error near 0.5%, so 5% is ten standard errors away.
    /// </summary>
    public static void StdDev(Stat s, double expected, string what) =>
        Assert.That(s.StdDev, Is.EqualTo(expected).Within(5).Percent, $"{what}: stdDev");
}
