using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Closed-form checks of model v2 (docs/model.md, "Model v2"), written from the documentation only,
/// without reading the engine, the compiler or the scenario loader. Each expectation is derived by hand
/// in the comment above its test.
/// </summary>
/// <remarks>
/// Deterministic outcomes (detection 0 or 1, so transit draws nothing) are asserted to 1e-9 relative;
/// random ones to within 4 reported standard errors. Per-period values come from
/// <see cref="MonteCarloRunner.Replay"/> traces. Symbols: T periods, C_s = d_s·Q_s the capacity of source s,
/// D illicit demand per period, β cost sensitivity, π premium, x_s what source s diverts per period.
/// </remarks>
[TestFixture]
public class ModelV2IndependentTests
{
    private const int ExactTrials = 16;
    private const int StatTrials = 20_000;

    // ------------------------------------------------------------------------------------------
    // 1a. routeChoice: capacity, no saturation, β = 0, one route per source, detection 0.
    // Q_s = supply_s (one supplier per hub), C = d·Q: H1 0.1·1000 = 100, H2 0.2·2000 = 400,
    // H3 0.05·3000 = 150; ΣC = 650. u_k = ln PS_k + ln(C_s/ΣC) with PS = 1 ⇒ w_k = C_s/650.
    // Progressive filling: λ = D/ΣW = 130; λ·W_s = 20, 80, 30, all below C_s ⇒ no saturation,
    // x = (20, 80, 30) per period. Detection 0 ⇒ leaked = x exactly; T = 4 ⇒ by source country
    // SG 80, MY 320, TH 120; total 520, unmet 0. (v1 would give 130/3 each.)
    // ------------------------------------------------------------------------------------------
    [Test]
    public void CapacityChoice_NoSaturation_SharesProportionalToCapacity()
    {
        const string yaml = """
            name: capacity-shares
            horizon: { periods: 4 }
            routeChoice: capacity
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 2000 }
              - { id: S3, kind: supplier, country: US, supply: 3000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.1 }
              - { id: H2, kind: hub, country: MY, diversion: 0.2 }
              - { id: H3, kind: hub, country: TH, diversion: 0.05 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 130 }
            edges:
              - { from: S1, to: H1, channel: legit }
              - { from: S2, to: H2, channel: legit }
              - { from: S3, to: H3, channel: legit }
              - { from: H1, to: M, channel: legit }
              - { from: H2, to: M, channel: legit }
              - { from: H3, to: M, channel: legit }
              - { id: H1-R, from: H1, to: R, channel: illicit }
              - { id: H2-R, from: H2, to: R, channel: illicit }
              - { id: H3-R, from: H3, to: R, channel: illicit }
            """;

        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        Expect.Exact(r.SourceCountry("SG"), 4 * 20.0, "leaked from SG");
        Expect.Exact(r.SourceCountry("MY"), 4 * 80.0, "leaked from MY");
        Expect.Exact(r.SourceCountry("TH"), 4 * 30.0, "leaked from TH");
        Expect.Exact(r["leaked"], 4 * 130.0, "leaked");
        Expect.Exact(r["unmet"], 0, "unmet");
        Expect.Exact(r["delivered"], 4 * (6000 - 130.0), "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 1b. routeChoice: capacity with β > 0, route costs and a shared edge (path size).
    // C_H1 = 0.1·1000 = 100, C_H2 = 0.1·3000 = 300, ΣC = 400. X has no diversion ⇒ not in the choice set.
    // Routes in the choice set: a = H1-R (cost 1000), b = H1-X>X-R (200 + 300 = 500),
    // c = H2-X>X-R (0 + 300 = 300). X-R is used by b and c ⇒ N = 2; PS_a = 1, PS_b = PS_c = ½(1 + ½) = 0.75.
    // w_k ∝ C_s·exp(−β·c_k)·PS_k with β = 0.001:
    //   a: 100·e^−1·1, b: 100·e^−0.5·0.75, c: 300·e^−0.3·0.75.
    // D = 100 < every capacity share (λ·W_1 ≤ 100 = C_H1 only if W_1 = 1) ⇒ no saturation, x_k = D·w_k.
    // Detection 0 ⇒ per-route leaked = T·D·w_k exactly.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void CapacityChoice_CostsAndPathSize_ShareIsCapacityTimesLogitTimesPathSize()
    {
        const string yaml = """
            name: capacity-logit
            horizon: { periods: 3 }
            routeChoice: capacity
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 3000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.1 }
              - { id: H2, kind: hub, country: MY, diversion: 0.1 }
              - { id: X, kind: hub, country: HK }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 100, beta: 0.001 }
            edges:
              - { from: S1, to: H1, channel: legit }
              - { from: S2, to: H2, channel: legit }
              - { from: H1, to: M, channel: legit }
              - { from: H2, to: M, channel: legit }
              - { id: H1-R, from: H1, to: R, channel: illicit, cost: 1000 }
              - { id: H1-X, from: H1, to: X, channel: illicit, cost: 200 }
              - { id: H2-X, from: H2, to: X, channel: illicit, cost: 0 }
              - { id: X-R, from: X, to: R, channel: illicit, cost: 300 }
            """;
        double a = 100 * Math.Exp(-1.0), b = 100 * Math.Exp(-0.5) * 0.75, c = 300 * Math.Exp(-0.3) * 0.75;
        double sum = a + b + c;

        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        Expect.Exact(r.Route("H1-R"), 3 * 100 * a / sum, "route a H1-R");
        Expect.Exact(r.Route("H1-X>X-R"), 3 * 100 * b / sum, "route b H1-X>X-R");
        Expect.Exact(r.Route("H2-X>X-R"), 3 * 100 * c / sum, "route c H2-X>X-R");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 1c. routeChoice: capacity with a premium (two sources, one route each, detection 0).
    // C_H1 = 0.1·1000 = 100, C_H2 = 0.1·3000 = 300 ⇒ capacity shares ¼ and ¾. c_1 = 500, c_2 = 2000,
    // β = 0.001, π = 1000. log S = logsumexp_k(β·π + u_k), u_k = −β·c_k + ln(C_s/ΣC):
    //   S = ¼·e^(1 − 0.5) + ¾·e^(1 − 2) = ¼·e^0.5 + ¾·e^−1.
    // D′ = D·S/(1 + S), deterred = D − D′ (D = 100). Shares w_1 = ¼e^−0.5 / (¼e^−0.5 + ¾e^−2), w_2 = 1 − w_1;
    // D′ < 100 ≤ C ⇒ no saturation. Per period: leaked_H1 = D′·w_1, leaked_H2 = D′·w_2. T = 5.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void CapacityChoice_Premium_DeterrenceUsesCapacityWeightedLogSum()
    {
        const string yaml = """
            name: capacity-deterrence
            horizon: { periods: 5 }
            routeChoice: capacity
            nodes:
              - { id: S1, kind: supplier, country: US, supply: 1000 }
              - { id: S2, kind: supplier, country: US, supply: 3000 }
              - { id: H1, kind: hub, country: SG, diversion: 0.1 }
              - { id: H2, kind: hub, country: MY, diversion: 0.1 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 100, beta: 0.001, premium: 1000 }
            edges:
              - { from: S1, to: H1, channel: legit }
              - { from: S2, to: H2, channel: legit }
              - { from: H1, to: M, channel: legit }
              - { from: H2, to: M, channel: legit }
              - { id: H1-R, from: H1, to: R, channel: illicit, cost: 500 }
              - { id: H2-R, from: H2, to: R, channel: illicit, cost: 2000 }
            """;
        double s = (0.25 * Math.Exp(0.5)) + (0.75 * Math.Exp(-1.0));
        double dPrime = 100 * s / (1 + s);
        double w1 = 0.25 * Math.Exp(-0.5) / ((0.25 * Math.Exp(-0.5)) + (0.75 * Math.Exp(-2.0)));

        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        Expect.Exact(r["deterred"], 5 * (100 - dPrime), "deterred");
        Expect.Exact(r["leaked"], 5 * dPrime, "leaked");
        Expect.Exact(r.Source("H1"), 5 * dPrime * w1, "leaked from H1");
        Expect.Exact(r.Source("H2"), 5 * dPrime * (1 - w1), "leaked from H2");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 1d. routeChoice: capacity, progressive filling with one small source saturating.
    // C: A = 0.01·1000 = 10 (route cost 0), B = 0.2·2000 = 400 (cost 3000), C = 0.1·2000 = 200 (cost 3000);
    // β = 0.001 ⇒ w ∝ 10·1, 400·e^−3, 200·e^−3 = 10, 19.91, 9.96 (Σ 39.87). D = 100.
    // Round 1: λ = 100; λ·W_A = 25.1 ≥ 10 ⇒ A saturates, x_A = 10, R = 90; B: 49.9 < 400, C: 25 < 200.
    // Round 2: B and C have the same cost ⇒ split 90 in proportion to capacity 400:200 ⇒ x_B = 60,
    // x_C = 30, neither saturates. Leaked (detection 0), T = 2: A 20, B 120, C 60; unmet 0.
    // (Refilling by route count, as v1 would, gives 45/45.)
    // ------------------------------------------------------------------------------------------
    [Test]
    public void CapacityChoice_SmallSourceSaturates_RestRefilledInProportionToCapacity()
    {
        const string yaml = """
            name: capacity-filling
            horizon: { periods: 2 }
            routeChoice: capacity
            nodes:
              - { id: SA, kind: supplier, country: US, supply: 1000 }
              - { id: SB, kind: supplier, country: US, supply: 2000 }
              - { id: SC, kind: supplier, country: US, supply: 2000 }
              - { id: A, kind: hub, country: SG, diversion: 0.01 }
              - { id: B, kind: hub, country: MY, diversion: 0.2 }
              - { id: C, kind: hub, country: TH, diversion: 0.1 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 100, beta: 0.001 }
            edges:
              - { from: SA, to: A, channel: legit }
              - { from: SB, to: B, channel: legit }
              - { from: SC, to: C, channel: legit }
              - { from: A, to: M, channel: legit }
              - { from: B, to: M, channel: legit }
              - { from: C, to: M, channel: legit }
              - { id: A-R, from: A, to: R, channel: illicit, cost: 0 }
              - { id: B-R, from: B, to: R, channel: illicit, cost: 3000 }
              - { id: C-R, from: C, to: R, channel: illicit, cost: 3000 }
            """;

        RunSummary r = EngineRunner.Run(yaml, ExactTrials);

        Expect.Exact(r.Source("A"), 2 * 10.0, "leaked from A (saturated)");
        Expect.Exact(r.Source("B"), 2 * 60.0, "leaked from B");
        Expect.Exact(r.Source("C"), 2 * 30.0, "leaked from C");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 1e. routeChoice: capacity, splitting a source. One SG source with C = 0.2·1000 = 200 (route cost 500)
    // against a MY source with C = 0.3·1000 = 300 (cost 0), β = 0.001, D = 200 (no saturation):
    // w_SG = 0.4·e^−0.5 / (0.4·e^−0.5 + 0.6) ⇒ leaked_SG = T·200·w_SG, leaked_MY = T·200·(1 − w_SG).
    // Split SG into two nodes of C = 100 with copies of the route: 0.2·e^−0.5 twice, the same sum ⇒ the
    // same country leakage. (v1 would count routes and raise SG's share.)
    // ------------------------------------------------------------------------------------------
    private static string SplitYaml(bool split) => $$"""
        name: capacity-split
        horizon: { periods: 3 }
        routeChoice: capacity
        nodes:
          - { id: S1, kind: supplier, country: US, supply: 1000 }
          - { id: S2, kind: supplier, country: US, supply: 1000 }
          - { id: S3, kind: supplier, country: US, supply: 1000 }
          - { id: G1, kind: hub, country: SG, diversion: {{(split ? "0.1" : "0.2")}} }
          - { id: G2, kind: hub, country: SG, diversion: {{(split ? "0.1" : "0")}} }
          - { id: K, kind: hub, country: MY, diversion: 0.3 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 200, beta: 0.001 }
        edges:
          - { from: S1, to: G1, channel: legit }
          - { from: S2, to: G2, channel: legit }
          - { from: S3, to: K, channel: legit }
          - { from: G1, to: M, channel: legit }
          - { from: G2, to: M, channel: legit }
          - { from: K, to: M, channel: legit }
          - { id: G1-R, from: G1, to: R, channel: illicit, cost: 500 }
          - { id: G2-R, from: G2, to: R, channel: illicit, cost: 500 }
          - { id: K-R, from: K, to: R, channel: illicit, cost: 0 }
        """;

    [TestCase(false)]
    [TestCase(true)]
    public void CapacityChoice_SplitSourceInTwo_CountryLeakageUnchanged(bool split)
    {
        double wSg = 0.4 * Math.Exp(-0.5) / ((0.4 * Math.Exp(-0.5)) + 0.6);

        RunSummary r = EngineRunner.Run(SplitYaml(split), ExactTrials);

        Expect.Exact(r.SourceCountry("SG"), 3 * 200 * wSg, "leaked from SG");
        Expect.Exact(r.SourceCountry("MY"), 3 * 200 * (1 - wSg), "leaked from MY");
        Expect.Exact(r.Source("G1"), 3 * 200 * wSg * (split ? 0.5 : 1), "leaked from G1");
    }

    // ------------------------------------------------------------------------------------------
    // 2. Policy timing. S (1000/period) → H (d = 0.2) → M; H-R illicit, D = 1000 > C = 200 ⇒ the
    // only source saturates: baseline leaked 200 per period, interdicted 0 (detection 0).
    // halve (from 4 until 8, scale diversion 0.5): leaked 100 in periods 4–8, 200 elsewhere.
    // nested (policy 3–9; rule 1 scale diversion 0.5 in 5–6; rule 2 inspection set detection 1 in 3–9):
    //   t 1–2: L 200, I 0; t 3–4: L 0, I 200; t 5–6: L 0, I 100; t 7–9: L 0, I 200; t 10: L 200, I 0.
    // timed-cap (4–6, per-horizon cap 500 on H's imports, full at t0 = 4): inflow 1000/period;
    //   t 1–3: no cap, L 200, blocked 0; t 4: accepts 500, blocked 500, C = 100 ⇒ L 100;
    //   t 5–6: quota 0, blocked 1000, L 0; t 7–10: the cap binds nothing, L 200, blocked 0.
    // Before each policy's from, every outcome equals the baseline's bit for bit.
    // ------------------------------------------------------------------------------------------
    private const string TimingYaml = """
        name: timing
        horizon: { periods: 10 }
        nodes:
          - { id: S, kind: supplier, country: US, supply: 1000 }
          - { id: H, kind: hub, country: SG, diversion: 0.2 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 1000 }
        edges:
          - { from: S, to: H, channel: legit }
          - { from: H, to: M, channel: legit }
          - { id: H-R, from: H, to: R, channel: illicit }
        policies:
          - name: halve
            from: 4
            until: 8
            rules:
              - nodes: { id: H }
                scale: { diversion: 0.5 }
          - name: nested
            from: 3
            until: 9
            rules:
              - nodes: { id: H }
                scale: { diversion: 0.5 }
                from: 5
                until: 6
              - nodes: { id: H }
                inspection: { at: exit, set: 1 }
          - name: timed-cap
            from: 4
            until: 6
            rules:
              - nodes: { id: H }
                cap: { amount: 500, per: horizon, counts: imports }
        """;

    [TestCase("halve", 4, new[] { 200.0, 200, 200, 100, 100, 100, 100, 100, 200, 200 }, new[] { 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new[] { 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [TestCase("nested", 3, new[] { 200.0, 200, 0, 0, 0, 0, 0, 0, 0, 200 }, new[] { 0.0, 0, 200, 200, 100, 100, 200, 200, 200, 0 }, new[] { 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [TestCase("timed-cap", 4, new[] { 200.0, 200, 200, 100, 0, 0, 200, 200, 200, 200 }, new[] { 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new[] { 0.0, 0, 0, 500, 1000, 1000, 0, 0, 0, 0 })]
    public void Timing_PolicyWindow_PerPeriodOutcomesFollowTheWindow(string policy, int from, double[] leaked, double[] interdicted, double[] blocked)
    {
        IReadOnlyList<PeriodTrace> baseline = Trace(TimingYaml, null);
        IReadOnlyList<PeriodTrace> timed = Trace(TimingYaml, policy);

        Assert.That(timed, Has.Count.EqualTo(10));
        for (int t = 1; t <= 10; t++)
        {
            PeriodTrace p = timed[t - 1];
            ExactAt(Out(p, Outcome.Leaked), leaked[t - 1], $"{policy} leaked, period {t}");
            ExactAt(Out(p, Outcome.Interdicted), interdicted[t - 1], $"{policy} interdicted, period {t}");
            ExactAt(Out(p, Outcome.BlockedByCap), blocked[t - 1], $"{policy} blockedByCap, period {t}");
            ExactAt(Out(baseline[t - 1], Outcome.Leaked), 200, $"baseline leaked, period {t}");
            if (t < from)
            {
                Assert.That(p.Outcomes, Is.EqualTo(baseline[t - 1].Outcomes).AsCollection, $"{policy} before from, period {t}");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // 3a. A `caps:` rule on a baseline per-period cap (600 on H's imports). Inflow 1000/period, T = 10,
    // H diverts 0.2 of what it accepts (D = 1000 saturates it). Per period: blocked = 1000 − A,
    // leaked = 0.2·A, with A the amount:
    //   baseline A = 600 ⇒ blocked 4000, leaked 1200; scale 0.5 ⇒ A = 300: 7000, 600;
    //   set 900 ⇒ 1000, 1800; add 250 ⇒ A = 850: 1500, 1700;
    //   scale 0.5 from 6 ⇒ 5·400 + 5·700 = 5500, 5·120 + 5·60 = 900.
    // ------------------------------------------------------------------------------------------
    private const string PerPeriodCapYaml = """
        name: caps-rules
        horizon: { periods: 10 }
        nodes:
          - { id: S, kind: supplier, country: US, supply: 1000 }
          - { id: H, kind: hub, country: SG, diversion: 0.2 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 1000 }
        edges:
          - { from: S, to: H, channel: legit }
          - { from: H, to: M, channel: legit }
          - { id: H-R, from: H, to: R, channel: illicit }
        caps:
          - { id: hq, amount: 600, per: period, counts: imports, nodes: { id: H } }
        policies:
          - name: half
            rules:
              - caps: { id: hq }
                scale: { amount: 0.5 }
          - name: set900
            rules:
              - caps: { id: hq }
                set: { amount: 900 }
          - name: plus250
            rules:
              - caps: { id: hq }
                add: { amount: 250 }
          - name: half-from-6
            rules:
              - caps: { id: hq }
                scale: { amount: 0.5 }
                from: 6
        """;

    [TestCase(null, 4000.0, 1200.0)]
    [TestCase("half", 7000.0, 600.0)]
    [TestCase("set900", 1000.0, 1800.0)]
    [TestCase("plus250", 1500.0, 1700.0)]
    [TestCase("half-from-6", 5500.0, 900.0)]
    public void CapsRule_PerPeriodBaselineCap_BlocksHandComputedUnits(string? policy, double blocked, double leaked)
    {
        RunSummary r = EngineRunner.Run(PerPeriodCapYaml, ExactTrials, policy: policy);

        Expect.Exact(r["blockedByCap"], blocked, "blockedByCap");
        Expect.Exact(r["leaked"], leaked, "leaked");
        Expect.Exact(r["delivered"], 10_000 - blocked - leaked, "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 3b. A `caps:` rule on a baseline per-horizon cap (2500 over the horizon on H's imports), inflow 1000/period.
    //   baseline: accepted 1000, 1000, 500, then 0 ⇒ blocked per period 0, 0, 500, 1000 × 7; total 7500.
    //   scale 0.5 (whole horizon) ⇒ quota 1250: accepted 1000, 250, 0… ⇒ blocked 0, 750, 1000 × 8; total 8750.
    //   A timed change to a per-horizon cap's amount changes the horizon's total: what was used so far stays
    //   used, so the remainder moves by the change (model.md, reading 16; this expectation was revised after
    //   the reading was settled, the test first assumed a refill at the window's start).
    //   set 1500 from 5: 2500 are used by period 3, so 1500 − 2500 < 0 leaves nothing: as the baseline.
    //   set 5000 from 5: 2500 more from period 5 ⇒ accepted 1000, 1000, 500 ⇒ blocked 0, 0, 500, 1000, 0, 0, 500, 1000….
    //   set 1500 in periods 1–5: the quota starts at 1500 ⇒ blocked 0, 500, then 1000; in period 6 the total
    //   returns to 2500 with 1500 used ⇒ 1000 more (blocked 0), then 1000 blocked again.
    // leaked = 0.2·accepted per period (D = 1000 saturates H).
    // ------------------------------------------------------------------------------------------
    private const string PerHorizonCapYaml = """
        name: caps-rules-horizon
        horizon: { periods: 10 }
        nodes:
          - { id: S, kind: supplier, country: US, supply: 1000 }
          - { id: H, kind: hub, country: SG, diversion: 0.2 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 1000 }
        edges:
          - { from: S, to: H, channel: legit }
          - { from: H, to: M, channel: legit }
          - { id: H-R, from: H, to: R, channel: illicit }
        caps:
          - { id: hh, amount: 2500, per: horizon, counts: imports, nodes: { id: H } }
        policies:
          - name: half
            rules:
              - caps: { id: hh }
                scale: { amount: 0.5 }
          - name: set1500-from-5
            from: 5
            rules:
              - caps: { id: hh }
                set: { amount: 1500 }
          - name: set5000-from-5
            from: 5
            rules:
              - caps: { id: hh }
                set: { amount: 5000 }
          - name: set1500-in-1-to-5
            rules:
              - caps: { id: hh }
                set: { amount: 1500 }
                until: 5
        """;

    [TestCase(null, new[] { 0.0, 0, 500, 1000, 1000, 1000, 1000, 1000, 1000, 1000 })]
    [TestCase("half", new[] { 0.0, 750, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 })]
    [TestCase("set1500-in-1-to-5", new[] { 0.0, 500, 1000, 1000, 1000, 0, 1000, 1000, 1000, 1000 })]
    public void CapsRule_PerHorizonBaselineCap_BlocksHandComputedUnitsPerPeriod(string? policy, double[] blocked) =>
        CheckPerHorizonCap(policy, blocked);

    [TestCase("set1500-from-5", new[] { 0.0, 0, 500, 1000, 1000, 1000, 1000, 1000, 1000, 1000 })]
    [TestCase("set5000-from-5", new[] { 0.0, 0, 500, 1000, 0, 0, 500, 1000, 1000, 1000 })]
    public void CapsRule_PerHorizonBaselineCapTimedFromFive_MovesTheRemainderByTheChange(string? policy, double[] blocked) =>
        CheckPerHorizonCap(policy, blocked);

    private static void CheckPerHorizonCap(string? policy, double[] blocked)
    {
        IReadOnlyList<PeriodTrace> trace = Trace(PerHorizonCapYaml, policy);

        for (int t = 1; t <= 10; t++)
        {
            ExactAt(Out(trace[t - 1], Outcome.BlockedByCap), blocked[t - 1], $"blockedByCap, period {t}");
            ExactAt(Out(trace[t - 1], Outcome.Leaked), 0.2 * (1000 - blocked[t - 1]), $"leaked, period {t}");
        }
    }

    // ------------------------------------------------------------------------------------------
    // 4a. growth on a literal: supply_t = 1000·1.1^(t−1). H diverts 0.2 and saturates (D huge) ⇒
    // leaked_t = 0.2·supply_t. Policy `double` scales supply by 2 from period 3: the growth applies before
    // the rule ⇒ supply_t = 2·1000·1.1^(t−1) for t ≥ 3, unchanged before.
    // ------------------------------------------------------------------------------------------
    private const string GrowthLiteralYaml = """
        name: growth-literal
        horizon: { periods: 6 }
        parameters:
          sup: { value: 1000, growth: 0.1 }
        nodes:
          - { id: S, kind: supplier, country: US, supply: sup }
          - { id: H, kind: hub, country: SG, diversion: 0.2 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 1000000 }
        edges:
          - { from: S, to: H, channel: legit }
          - { from: H, to: M, channel: legit }
          - { id: H-R, from: H, to: R, channel: illicit }
        policies:
          - name: double
            from: 3
            rules:
              - nodes: { id: S }
                scale: { supply: 2 }
        """;

    [TestCase(null, 7)]
    [TestCase("double", 3)]
    public void Growth_Literal_SupplyGrowsGeometrically(string? policy, int doubledFrom)
    {
        IReadOnlyList<PeriodTrace> trace = Trace(GrowthLiteralYaml, policy);

        for (int t = 1; t <= 6; t++)
        {
            double expected = (t >= doubledFrom ? 2 : 1) * 1000 * Math.Pow(1.1, t - 1);
            ExactAt(Out(trace[t - 1], Outcome.Supply), expected, $"supply, period {t}");
            ExactAt(Out(trace[t - 1], Outcome.Leaked), 0.2 * expected, $"leaked, period {t}");
        }
    }

    // ------------------------------------------------------------------------------------------
    // 4b. growth on a per-trial distribution: v ~ uniform(500, 1500) drawn once, supply_t = v·0.8^(t−1).
    // In each trial supply_t/supply_1 = 0.8^(t−1) and supply_1 ∈ [500, 1500]; trials differ.
    // Over the horizon: total = v·G, G = Σ_{t=1}^{5} 0.8^(t−1) = (1 − 0.8^5)/0.2 = 3.3616;
    // E = 1000·G, sd = (1000/√12)·G.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Growth_PerTrialDistribution_DrawnOnceThenGrows()
    {
        const string yaml = """
            name: growth-dist
            horizon: { periods: 5 }
            parameters:
              sup: { value: "uniform(500, 1500)", growth: -0.2 }
            nodes:
              - { id: S, kind: supplier, country: US, supply: sup }
              - { id: M, kind: market, country: JP, demand: .inf }
            edges:
              - { from: S, to: M, channel: legit }
            """;
        FlowPlan plan = TestNetworks.Compile(yaml);
        var firsts = new HashSet<double>();
        for (long trial = 0; trial < 20; trial++)
        {
            IReadOnlyList<PeriodTrace> trace = MonteCarloRunner.Replay(plan, 3, trial).Trace.Periods;
            double v = Out(trace[0], Outcome.Supply);
            Assert.That(v, Is.InRange(500.0, 1500.0), $"trial {trial}: period-1 supply");
            firsts.Add(v);
            for (int t = 2; t <= 5; t++)
            {
                ExactAt(Out(trace[t - 1], Outcome.Supply), v * Math.Pow(0.8, t - 1), $"trial {trial}, supply in period {t}");
            }
        }

        Assert.That(firsts, Has.Count.GreaterThan(15), "the per-trial draw varies between trials");
        double g = (1 - Math.Pow(0.8, 5)) / 0.2;
        RunSummary r = EngineRunner.Run(yaml, StatTrials);
        Expect.WithinSe(r["supply"], 1000 * g, "supply");
        Expect.StdDev(r["supply"], 1000 / Math.Sqrt(12) * g, "supply");
    }

    // ------------------------------------------------------------------------------------------
    // 5. flagPenalty with verification q = 0.25, flagPenalty 2000, penalty 1000, edge cost 500, one route
    // (routes mode), β = 0.001, π = 1500, D = 100, C = 0.2·1000 = 200 (never saturates).
    // c = cost + penalty·p + flagPenalty·(1 − p)·q; S = exp(β(π − c)); D′ = D·S/(1 + S); deterred = D − D′.
    //   p = 0:   c = 500 + 0 + 2000·1·0.25 = 1000 ⇒ S = e^0.5; leaked = D′ exactly (transit deterministic).
    //   p = 0.2: c = 500 + 200 + 2000·0.8·0.25 = 1100 ⇒ S = e^0.4; deterred exact; leaked = B(D′) with
    //            pass 0.8 ⇒ E[leaked] = 0.8·D′·T, E[interdicted] = 0.2·D′·T, leaked + interdicted = D′·T.
    // flagged = B(leaked) with q ⇒ E[flagged] = q·E[leaked]. (Without the flag term c would be 500 / 700.)
    // ------------------------------------------------------------------------------------------
    [TestCase(0.0, 1000.0)]
    [TestCase(0.2, 1100.0)]
    public void FlagPenalty_WithVerification_EntersRouteCostAndDeters(double detection, double cost)
    {
        const int periods = 6;
        string yaml = $$"""
            name: flag-penalty
            horizon: { periods: {{periods}} }
            nodes:
              - { id: S, kind: supplier, country: US, supply: 1000 }
              - { id: H, kind: hub, country: SG, diversion: 0.2, penalty: 1000, verification: 0.25, flagPenalty: 2000 }
              - { id: M, kind: market, country: JP, demand: .inf }
              - { id: R, kind: restricted, country: CN, illicitDemand: 100, beta: 0.001, premium: 1500 }
            edges:
              - { from: S, to: H, channel: legit }
              - { from: H, to: M, channel: legit }
              - { id: H-R, from: H, to: R, channel: illicit, cost: 500, detection: {{F(detection)}} }
            """;
        double s = Math.Exp(0.001 * (1500 - cost));
        double dPrime = 100 * s / (1 + s);

        RunSummary r = EngineRunner.Run(yaml, StatTrials);

        Expect.Exact(r["deterred"], periods * (100 - dPrime), "deterred");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, periods * dPrime, "leaked + interdicted");
        if (detection == 0)
        {
            Expect.Exact(r["leaked"], periods * dPrime, "leaked");
        }
        else
        {
            Expect.WithinSe(r["leaked"], periods * dPrime * (1 - detection), "leaked");
            Expect.WithinSe(r["interdicted"], periods * dPrime * detection, "interdicted");
        }

        Expect.WithinSe(r["flagged"], 0.25 * periods * dPrime * (1 - detection), "flagged");
    }

    // ------------------------------------------------------------------------------------------
    // 6. Route learning, η = 0.5. Two sources with equal capacity (0.2·1000 = 200), one route each, cost 0;
    // H1 has penalty P = 2000, β = 0.001, D = 100 (no premium, no saturation). Policy `inspect` sets H1-R's
    // detection to 1 from period 3; H2-R keeps detection 0 ⇒ transit is deterministic.
    // p̃_1 = p_1 = 0 (period 1's values). Periods 1–2: no seizure, p̃ stays 0. Period 3: p̃_3 = 0 although
    // p = 1 ⇒ w_1 = ½, all 50 units on H1-R are interdicted, observation 1 ⇒ p̃_4 = ½. In general
    // p̃_{3+k} = 1 − (1 − η)^k, and w_1 = e^(−βPp̃)/(e^(−βPp̃) + 1) = 1/(1 + e^(2·p̃)).
    // Per period t ≥ 3: interdicted = 100·w_1, leaked = 100 − interdicted; t < 3: leaked 100, interdicted 0.
    // (Without learning w_1 would be 1/(1 + e²) from period 3 on.)
    // ------------------------------------------------------------------------------------------
    private static string LearningYaml(string learning, string parameters) => $$"""
        name: learning
        horizon: { periods: 8 }
        {{parameters}}
        nodes:
          - { id: S1, kind: supplier, country: US, supply: 1000 }
          - { id: S2, kind: supplier, country: US, supply: 1000 }
          - { id: H1, kind: hub, country: SG, diversion: 0.2, penalty: 2000 }
          - { id: H2, kind: hub, country: MY, diversion: 0.2 }
          - { id: M, kind: market, country: JP, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 100, beta: 0.001, learning: {{learning}} }
        edges:
          - { from: S1, to: H1, channel: legit }
          - { from: S2, to: H2, channel: legit }
          - { from: H1, to: M, channel: legit }
          - { from: H2, to: M, channel: legit }
          - { id: H1-R, from: H1, to: R, channel: illicit }
          - { id: H2-R, from: H2, to: R, channel: illicit }
        policies:
          - name: inspect
            from: 3
            rules:
              - nodes: { id: H1 }
                inspection: { at: exit, set: 1 }
        """;

    private static double LearnedShare(double eta, int periodsSinceFirstSeizure)
    {
        double perceived = 1 - Math.Pow(1 - eta, periodsSinceFirstSeizure);
        return 1 / (1 + Math.Exp(2 * perceived));
    }

    [Test]
    public void Learning_DetectionOneFromT0_PerceivedDetectionConvergesGeometrically()
    {
        IReadOnlyList<PeriodTrace> trace = Trace(LearningYaml("0.5", string.Empty), "inspect");
        IReadOnlyList<PeriodTrace> baseline = Trace(LearningYaml("0.5", string.Empty), null);

        for (int t = 1; t <= 8; t++)
        {
            double interdicted = t < 3 ? 0 : 100 * LearnedShare(0.5, t - 3);
            ExactAt(Out(trace[t - 1], Outcome.Interdicted), interdicted, $"interdicted, period {t}");
            ExactAt(Out(trace[t - 1], Outcome.Leaked), 100 - interdicted, $"leaked, period {t}");
            ExactAt(Out(baseline[t - 1], Outcome.Leaked), 100, $"baseline leaked, period {t}");
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6b. η as a parameter with a distribution, uniform(0.2, 0.8). Same network. In each trial period 4's
    // interdicted share w = 1/(1 + e^(2η)) gives η̂ = ln((1 − w)/w)/2, which must lie in [0.2, 0.8]; the
    // later periods must then follow w_{3+k} = 1/(1 + e^(2(1 − (1 − η̂)^k))).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Learning_EtaFromDistribution_EachTrialFollowsItsOwnEta()
    {
        string yaml = LearningYaml("eta", "parameters:\n  eta: \"uniform(0.2, 0.8)\"");
        FlowPlan plan = TestNetworks.Compile(yaml, "inspect");
        var etas = new List<double>();
        for (long trial = 0; trial < 12; trial++)
        {
            IReadOnlyList<PeriodTrace> trace = MonteCarloRunner.Replay(plan, 5, trial).Trace.Periods;
            double w = Out(trace[3], Outcome.Interdicted) / 100;
            double eta = Math.Log((1 - w) / w) / 2;
            Assert.That(eta, Is.InRange(0.2 - 1e-9, 0.8 + 1e-9), $"trial {trial}: η̂ from period 4");
            etas.Add(eta);
            ExactAt(Out(trace[2], Outcome.Interdicted), 50, $"trial {trial}: period 3 (nothing learnt yet)");
            for (int t = 5; t <= 8; t++)
            {
                Assert.That(Out(trace[t - 1], Outcome.Interdicted), Is.EqualTo(100 * LearnedShare(eta, t - 3)).Within(1e-7),
                    $"trial {trial}: interdicted in period {t} with η̂ = {eta}");
            }
        }

        Assert.That(etas.Max() - etas.Min(), Is.GreaterThan(0.1), "η is drawn per trial");
    }

    // ------------------------------------------------------------------------------------------
    // 7. Invariants in every period with every v2 feature on: capacity choice, growth, autocorrelated and
    // correlated per-period parameters, correlated per-trial parameters, flag penalties, learning, a premium,
    // substitution, licences, stock, a baseline per-horizon pooled cap scaled by a timed rule, a timed
    // per-horizon cap and a timed inspection. In every period:
    //   supply + stock at start = delivered + licensedToRestricted + blockedByLicence + blockedByCap
    //                             + leaked + interdicted + stock at end;
    //   illicitDemand = substituted + deterred + leaked + interdicted + unmet;
    //   flagged ≤ leaked; every outcome ≥ 0; each source diverts at most its capacity and what it holds.
    // ------------------------------------------------------------------------------------------
    private const string AllV2Yaml = """
        name: all-v2
        horizon: { periods: 9 }
        routeChoice: capacity
        parameters:
          demandCn: { value: "lognormal(p05=200, p95=900)", perPeriod: true, autocorrelation: 0.6 }
          divSg: { value: "uniform(0.05, 0.3)", perPeriod: true, autocorrelation: 0.6 }
          supUs: { value: "uniform(800, 1200)", growth: 0.05 }
          eta: "uniform(0.2, 0.9)"
          detHk: "beta(2, 8)"
          costHk: "uniform(100, 900)"
        correlations:
          - { between: [demandCn, divSg], rank: 0.5 }
          - { between: [detHk, costHk], rank: -0.4 }
        nodes:
          - { id: us, kind: supplier, country: US, supply: supUs, initialStock: 50 }
          - { id: tw, kind: supplier, country: TW, supply: 600 }
          - { id: sg, kind: hub, country: SG, demand: 100, diversion: divSg, penalty: 2000, lot: 5, verification: 0.3, flagPenalty: 3000 }
          - { id: my, kind: reseller, country: MY, demand: 400, diversion: 0.1, lot: 2, verification: 0.1, flagPenalty: 1000, initialStock: 30 }
          - { id: hk, kind: hub, country: HK }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demandCn, beta: 0.001, premium: 2500, substitution: 0.5, learning: eta }
        edges:
          - { from: us, to: sg, channel: legit, weight: 2, approval: 0.8, lot: 10 }
          - { from: us, to: jp, channel: legit }
          - { from: tw, to: my, channel: legit }
          - { from: tw, to: cn, channel: legit, weight: 0.2, approval: 0.5, lot: 5 }
          - { from: sg, to: jp, channel: legit }
          - { id: sg-cn, from: sg, to: cn, channel: illicit, detection: 0.1, cost: 500 }
          - { id: sg-hk, from: sg, to: hk, channel: illicit, detection: 0.05, cost: 200 }
          - { id: my-hk, from: my, to: hk, channel: illicit, detection: 0.05, cost: 100 }
          - { id: hk-cn, from: hk, to: cn, channel: illicit, detection: detHk, cost: costHk }
          - { id: my-cn, from: my, to: cn, channel: illicit, detection: 0.2, cost: 800 }
        caps:
          - { id: tier2, amount: 3000, per: horizon, pool: country, counts: imports, nodes: { country: [SG, MY] } }
        policies:
          - name: timed
            from: 3
            until: 8
            rules:
              - nodes: { id: [sg, my] }
                inspection: { at: exit, add: 0.3 }
                from: 4
              - caps: { id: tier2 }
                scale: { amount: 0.5 }
                until: 6
              - nodes: { id: jp }
                cap: { amount: 2000, per: horizon, counts: all }
                from: 5
              - nodes: { id: sg }
                scale: { flagPenalty: 2 }
        """;

    [TestCase(null)]
    [TestCase("timed")]
    public void Invariants_AllV2FeaturesOn_HoldInEveryPeriod(string? policy)
    {
        FlowPlan plan = TestNetworks.Compile(AllV2Yaml, policy);
        double leakedTotal = 0;
        for (long trial = 0; trial < 60; trial++)
        {
            foreach (PeriodTrace p in MonteCarloRunner.Replay(plan, 17, trial).Trace.Periods)
            {
                string at = $"trial {trial}, period {p.Period}";
                double inflow = Out(p, Outcome.Supply) + p.StockAtStart;
                double outflow = Out(p, Outcome.Delivered) + Out(p, Outcome.LicensedToRestricted) + Out(p, Outcome.BlockedByLicence)
                    + Out(p, Outcome.BlockedByCap) + Out(p, Outcome.Leaked) + Out(p, Outcome.Interdicted) + p.StockAtEnd;
                Assert.That(outflow, Is.EqualTo(inflow).Within(1e-9 * (1 + Math.Abs(inflow))), $"mass balance, {at}");
                double demand = Out(p, Outcome.IllicitDemand);
                double accounted = Out(p, Outcome.Substituted) + Out(p, Outcome.Deterred) + Out(p, Outcome.Leaked)
                    + Out(p, Outcome.Interdicted) + Out(p, Outcome.Unmet);
                Assert.That(accounted, Is.EqualTo(demand).Within(1e-9 * (1 + demand)), $"demand balance, {at}");
                Assert.That(p.Outcomes, Has.All.GreaterThanOrEqualTo(-1e-9), $"non-negative outcomes, {at}");
                Assert.That(Out(p, Outcome.Flagged), Is.LessThanOrEqualTo(Out(p, Outcome.Leaked) + 1e-9), $"flagged ≤ leaked, {at}");
                for (int s = 0; s < p.SourceDiverted.Length; s++)
                {
                    Assert.That(p.SourceDiverted[s], Is.LessThanOrEqualTo((p.SourceCapacity[s] * (1 + 1e-12)) + 1e-12), $"diverted ≤ capacity, {at}");
                    Assert.That(p.SourceDiverted[s], Is.LessThanOrEqualTo((p.SourceHeld[s] * (1 + 1e-12)) + 1e-12), $"diverted ≤ held, {at}");
                }

                leakedTotal += Out(p, Outcome.Leaked);
            }
        }

        Assert.That(leakedTotal, Is.GreaterThan(0), "the scenario leaks (so the balances are not trivially 0 = 0)");
    }

    private static IReadOnlyList<PeriodTrace> Trace(string yaml, string? policy) =>
        MonteCarloRunner.Replay(TestNetworks.Compile(yaml, policy), 11, 0).Trace.Periods;

    private static double Out(PeriodTrace p, Outcome o) => p.Outcomes[(int)o];

    private static void ExactAt(double actual, double expected, string what) =>
        Assert.That(actual, Is.EqualTo(expected).Within(1e-9 * Math.Max(1, Math.Abs(expected))), what);

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
