using System.Text.Json;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Closed-form checks of policies and of reproducibility, from the model specification alone.
/// Uses the harness of <see cref="ClosedFormTests"/> (<see cref="EngineRunner"/>,
/// <see cref="Expect"/>, <see cref="Scenarios"/>).
/// </summary>
/// <remarks>
/// The base network is test 1's: S = 1000 per period → hub H (d = 0.1) → market M (demand ∞),
/// illicit H→R with detection p = 0.2, D = 10^6 (demand never binds), T = 12. Baseline:
/// E[leaked] = T·d·S·(1 − p) = 960.
/// </remarks>
[TestFixture]
public class PolicyClosedFormTests
{
    private const int Periods = 12;
    private const int StatTrials = 20_000;
    private const double Supply = 1000, Diversion = 0.1, Detection = 0.2, BigDemand = 1_000_000;

    private const string Policies = """
        policies:
          - name: kyc-half
            rules:
              - nodes: { id: H }
                scale: { diversion: 0.5 }
          - name: inspect-exit
            rules:
              - nodes: { id: H }
                inspection: { at: exit, set: 0.5 }
          - name: inspect-entry
            rules:
              - nodes: { id: R }
                inspection: { at: entry, set: 0.5 }
          - name: inspect-both
            rules:
              - nodes: { id: H }
                inspection: { at: both, set: 0.5 }
          - name: edge-add-detection
            rules:
              - edges: { id: H-R }
                add: { detection: 0.3 }
          - name: licence-half
            rules:
              - nodes: { id: H }
                licence: { approval: 0.5 }
          - name: cap-400
            rules:
              - nodes: { id: H }
                cap: { amount: 400, per: period, pool: node, counts: imports }
          - name: same-diversion
            rules:
              - nodes: { id: H }
                set: { diversion: 0.1 }
          - name: same-detection
            rules:
              - nodes: { id: H }
                inspection: { at: exit, set: 0.2 }
          - name: scale-one
            rules:
              - nodes: { id: H }
                scale: { diversion: 1 }
        """;

    /// <summary>The outcome keys of summary.json compared bit for bit (run metadata excluded).</summary>
    private static readonly string[] StatisticKeys =
    [
        "trials", "seed", "periods",
        "leaked", "interdicted", "flagged", "substituted", "deterred", "unmet", "illicitDemand",
        "delivered", "licensedToRestricted", "blockedByLicence", "blockedByCap", "finalStock", "supply",
        "byRoute", "bySource", "byCountry", "interdictedByEdge", "billing", "regime",
    ];

    // ------------------------------------------------------------------------------------------
    // 14a. KYC: `scale: {diversion: 0.5}` on H ⇒ d′ = 0.05, C = d′·S = 50 ≪ D ⇒ x = 50:
    //   E[leaked] = T·0.5·d·S·(1 − p) = 480 (half the baseline's 960),
    //   delivered = T·S·(1 − 0.5·d) = 11400 exactly. `--policy` selects it and summary.json names it.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_PolicyScalesDiversionByHalf_HalvesLeaked()
    {
        // Arrange
        string yaml = SingleRouteWithPolicies();

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials, policy: "kyc-half");

        // Assert
        Assert.That(r.Policy, Is.EqualTo("kyc-half"), "summary.policy");
        Expect.WithinSe(r["leaked"], Periods * 0.5 * Diversion * Supply * (1 - Detection), "leaked");
        Expect.Exact(r["delivered"], Periods * Supply * (1 - (0.5 * Diversion)), "delivered");
    }

    // ------------------------------------------------------------------------------------------
    // 14b. Inspection sets the detection of H→R to 0.5 — as an exit inspection at H, an entry
    // inspection at R, `at: both` at H (H→R is H's only illicit edge), or by adding 0.3 to the
    // edge's 0.2 directly. x = d·S = 100 per period either way:
    //   E[leaked] = T·d·S·0.5 = 600; leaked + interdicted = T·d·S = 1200 exactly.
    // ------------------------------------------------------------------------------------------
    [TestCase("inspect-exit")]
    [TestCase("inspect-entry")]
    [TestCase("inspect-both")]
    [TestCase("edge-add-detection")]
    public void Run_PolicySetsDetectionToHalf_LeaksHalfOfDiverted(string policy)
    {
        // Arrange
        string yaml = SingleRouteWithPolicies();

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials, policy: policy);

        // Assert
        Assert.That(r.Policy, Is.EqualTo(policy), "summary.policy");
        Expect.WithinSe(r["leaked"], Periods * Diversion * Supply * 0.5, "leaked");
        Expect.WithinSe(r["interdicted"], Periods * Diversion * Supply * 0.5, "interdicted");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * Diversion * Supply, "leaked + interdicted");
    }

    // ------------------------------------------------------------------------------------------
    // 14c. Licence on H's imports (US → SG), approval a = 0.5, lot 1: Q = Binomial(S, a),
    // C = d·Q ≪ D ⇒ x = d·Q. E[leaked] = T·d·a·S·(1 − p) = 480;
    // E[blockedByLicence] = T·(1 − a)·S = 6000; E[delivered] = T·a·S·(1 − d) = 5400.
    // Per trial: supply = delivered + blockedByLicence + leaked + interdicted.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_PolicyLicenceOnHubImports_ScalesLeakedByApproval()
    {
        // Arrange
        const double a = 0.5;
        string yaml = SingleRouteWithPolicies();

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials, policy: "licence-half");

        // Assert
        Expect.WithinSe(r["leaked"], Periods * Diversion * a * Supply * (1 - Detection), "leaked");
        Expect.WithinSe(r["blockedByLicence"], Periods * (1 - a) * Supply, "blockedByLicence");
        Expect.WithinSe(r["delivered"], Periods * a * Supply * (1 - Diversion), "delivered");
        Expect.Equal(
            r["delivered"].Mean + r["blockedByLicence"].Mean + r["leaked"].Mean + r["interdicted"].Mean,
            Periods * Supply,
            "mass balance");
    }

    // ------------------------------------------------------------------------------------------
    // 14d. Cap of 400 per period on H's imports: Q = 400, x = d·Q = 40:
    //   blockedByCap = T·600 and delivered = T·360 exactly; E[leaked] = T·40·(1 − p) = 384.
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_PolicyCapOnHub_LimitsDiversionToShareOfCap()
    {
        // Arrange
        string yaml = SingleRouteWithPolicies();

        // Act
        RunSummary r = EngineRunner.Run(yaml, StatTrials, policy: "cap-400");

        // Assert
        Expect.Exact(r["blockedByCap"], Periods * 600, "blockedByCap");
        Expect.Exact(r["delivered"], Periods * 360, "delivered");
        Expect.WithinSe(r["leaked"], Periods * 40 * (1 - Detection), "leaked");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * 40, "leaked + interdicted");
    }

    // ------------------------------------------------------------------------------------------
    // 14e. Penalties deter through the premium. One route, cost 500, p = 0.2, π = 1200,
    // β = 0.005, D = 100, C = 500 (slack). Baseline penalty 1000 ⇒ c_k = 700.
    // `add: {penalty: 1500}` ⇒ penalty 2500, c_k = 500 + 2500·0.2 = 1000, β(π − c_k) = 1:
    //   D′ = D·e/(1 + e); deterred = T·(D − D′) exactly; leaked + interdicted = T·D′ exactly.
    // `set: {penalty: 0}` ⇒ c_k = 500, β(π − c_k) = 3.5, D′ = D·e^{3.5}/(1 + e^{3.5}).
    // ------------------------------------------------------------------------------------------
    [TestCase("penalty-up", 1.0)]
    [TestCase("penalty-off", 3.5)]
    public void Run_PolicyChangesPenalty_DeterrenceFollowsRouteCost(string policy, double exponent)
    {
        // Arrange
        const double bigD = 100;
        double e = Math.Exp(exponent);
        double dPrime = bigD * e / (1 + e);
        const string policies = """
            policies:
              - name: penalty-up
                rules:
                  - nodes: { id: H }
                    add: { penalty: 1500 }
              - name: penalty-off
                rules:
                  - nodes: { id: H }
                    set: { penalty: 0 }
            """;
        string yaml = Scenarios.SingleRoute(
            supply: Supply, diversion: 0.5, detection: Detection, illicitDemand: bigD, cost: 500, penalty: 1000,
            restrictedExtra: ", beta: 0.005, premium: 1200", policies: policies);

        // Act
        RunSummary r = EngineRunner.Run(yaml, 2000, policy: policy);

        // Assert
        Expect.Exact(r["deterred"], Periods * (bigD - dPrime), "deterred");
        Expect.Equal(r["leaked"].Mean + r["interdicted"].Mean, Periods * dPrime, "leaked + interdicted");
        Expect.Exact(r["unmet"], 0, "unmet");
    }

    // ------------------------------------------------------------------------------------------
    // 14f. A policy whose values equal the baseline's (set diversion to 0.1, inspection set to
    // 0.2, scale diversion by 1) changes nothing; with common random numbers every trial is
    // bit-identical to the baseline, so every statistic in summary.json is the same double.
    // ------------------------------------------------------------------------------------------
    [TestCase("same-diversion")]
    [TestCase("same-detection")]
    [TestCase("scale-one")]
    public void Run_PolicyEqualToBaseline_BitIdenticalSummary(string policy)
    {
        // Arrange
        string yaml = SingleRouteWithPolicies(verification: 0.3);

        // Act
        RunSummary baseline = EngineRunner.Run(yaml, 5000, seed: 3);
        RunSummary withPolicy = EngineRunner.Run(yaml, 5000, seed: 3, policy: policy);

        // Assert
        Assert.That(withPolicy.Policy, Is.EqualTo(policy), "summary.policy");
        AssertBitIdentical(baseline, withPolicy);
        Assert.That(baseline["leaked"].StdDev, Is.GreaterThan(0), "the comparison covers random draws");
    }

    // ------------------------------------------------------------------------------------------
    // 15. Reproducibility: trial i draws only from (seed, i) and accumulators merge in partition
    // order, so --threads 1, 2 and 7 give bit-identical statistics (4999 trials: uneven partitions),
    // under the baseline and under a policy; the mixed network exercises every kind of draw.
    // ------------------------------------------------------------------------------------------
    [TestCase("baseline")]
    [TestCase("tight")]
    public void Run_SameSeedDifferentThreadCounts_BitIdenticalSummary(string policy)
    {
        // Arrange
        string? selected = policy == "baseline" ? null : policy;
        const int trials = 4999, seed = 11;

        // Act
        RunSummary one = EngineRunner.Run(Scenarios.Mixed, trials, seed, selected, threads: 1);
        RunSummary two = EngineRunner.Run(Scenarios.Mixed, trials, seed, selected, threads: 2);
        RunSummary seven = EngineRunner.Run(Scenarios.Mixed, trials, seed, selected, threads: 7);

        // Assert
        Assert.That(one["leaked"].StdDev, Is.GreaterThan(0), "the scenario is random");
        AssertBitIdentical(one, two);
        AssertBitIdentical(one, seven);
    }

    // ------------------------------------------------------------------------------------------
    // 15b. The seed matters: another seed gives a different leaked mean (a continuous-valued
    // random outcome over 2000 trials cannot repeat to the bit by chance).
    // ------------------------------------------------------------------------------------------
    [Test]
    public void Run_DifferentSeed_DifferentLeakedMean()
    {
        // Arrange & Act
        RunSummary a = EngineRunner.Run(Scenarios.Mixed, 2000, seed: 11);
        RunSummary b = EngineRunner.Run(Scenarios.Mixed, 2000, seed: 12);

        // Assert
        Assert.That(a["leaked"].Mean, Is.Not.EqualTo(b["leaked"].Mean));
    }

    private static string SingleRouteWithPolicies(double verification = 0) =>
        Scenarios.SingleRoute(
            supply: Supply, diversion: Diversion, detection: Detection, illicitDemand: BigDemand,
            verification: verification, policies: Policies);

    private static void AssertBitIdentical(RunSummary expected, RunSummary actual)
    {
        var differences = new List<string>();
        foreach (string key in StatisticKeys)
        {
            Compare(expected.Root.GetProperty(key), actual.Root.GetProperty(key), key, differences);
        }

        Assert.That(differences, Is.Empty, () => "summary.json differs at:\n" + string.Join('\n', differences.Take(20)));
    }

    private static void Compare(JsonElement a, JsonElement b, string path, List<string> differences)
    {
        if (a.ValueKind != b.ValueKind)
        {
            differences.Add($"{path}: {a.ValueKind} vs {b.ValueKind}");
            return;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new SortedSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty property in a.EnumerateObject())
                {
                    names.Add(property.Name);
                }

                foreach (JsonProperty property in b.EnumerateObject())
                {
                    names.Add(property.Name);
                }

                foreach (string name in names)
                {
                    bool inA = a.TryGetProperty(name, out JsonElement va);
                    bool inB = b.TryGetProperty(name, out JsonElement vb);
                    if (inA && inB)
                    {
                        Compare(va, vb, $"{path}.{name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{name}: present only in {(inA ? "first" : "second")}");
                    }
                }

                break;
            case JsonValueKind.Array:
                int count = a.GetArrayLength();
                if (count != b.GetArrayLength())
                {
                    differences.Add($"{path}: {count} vs {b.GetArrayLength()} elements");
                    return;
                }

                for (int i = 0; i < count; i++)
                {
                    Compare(a[i], b[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.Number:
                double x = a.GetDouble(), y = b.GetDouble();
                if (BitConverter.DoubleToInt64Bits(x) != BitConverter.DoubleToInt64Bits(y))
                {
                    differences.Add($"{path}: {x:R} vs {y:R}");
                }

                break;
            default:
                if (a.GetRawText() != b.GetRawText())
                {
                    differences.Add($"{path}: {a.GetRawText()} vs {b.GetRawText()}");
                }

                break;
        }
    }
}
