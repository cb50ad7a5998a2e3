namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Model v2 mechanisms against closed forms. Detection 0 on every illicit edge makes transit deterministic
/// (leaked = flow), so each expectation is exact up to rounding, not a statistical tolerance.
/// </summary>
public class ModelV2Tests
{
    // A supplier ships 1,000 a period; SG hubs and one MY hub each divert half of their inflow to CN, whose
    // illicit demand (100) is below every capacity; the rest goes to markets of unlimited demand.
    private static string Network(string routeChoice, bool splitSingapore) => $$"""
        name: split
        horizon: { periods: 4, unit: month }
        routeChoice: {{routeChoice}}
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
        {{(splitSingapore
            ? "  - { id: sg-a, kind: hub, country: SG, diversion: 0.5 }\n  - { id: sg-b, kind: hub, country: SG, diversion: 0.5 }"
            : "  - { id: sg, kind: hub, country: SG, diversion: 0.5 }")}}
          - { id: my, kind: hub, country: MY, diversion: 0.5 }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 100 }
        edges:
        {{(splitSingapore
            ? "  - { from: us, to: sg-a, channel: legit, weight: 0.5 }\n  - { from: us, to: sg-b, channel: legit, weight: 0.5 }\n  - { from: sg-a, to: mkt, channel: legit }\n  - { from: sg-b, to: mkt, channel: legit }\n  - { from: sg-a, to: cn, channel: illicit }\n  - { from: sg-b, to: cn, channel: illicit }"
            : "  - { from: us, to: sg, channel: legit }\n  - { from: sg, to: mkt, channel: legit }\n  - { from: sg, to: cn, channel: illicit }")}}
          - { from: us, to: my, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: my, to: cn, channel: illicit }
        """;

    [Test]
    public void CapacityChoice_SplittingASourceInTwoHalves_LeavesLeakageByCountryUnchanged()
    {
        RunSummary whole = EngineRunner.Run(Network("capacity", splitSingapore: false), trials: 20);
        RunSummary split = EngineRunner.Run(Network("capacity", splitSingapore: true), trials: 20);

        // SG and MY have equal capacity (250 each): 50 of 100 a period each, 200 over 4 periods.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole.SourceCountry("SG").Mean, Is.EqualTo(200).Within(1e-9));
            Assert.That(split.SourceCountry("SG").Mean, Is.EqualTo(200).Within(1e-9));
            Assert.That(split.SourceCountry("MY").Mean, Is.EqualTo(200).Within(1e-9));
        }
    }

    [Test]
    public void RouteChoice_V1_SplittingASourceRaisesItsShare_WhichCapacityChoiceRemoves()
    {
        RunSummary split = EngineRunner.Run(Network("routes", splitSingapore: true), trials: 20);

        // v1: three routes of equal utility take a third each, so SG (two routes) gets 2/3 of 400.
        Assert.That(split.SourceCountry("SG").Mean, Is.EqualTo(400.0 * 2 / 3).Within(1e-9));
    }

    [Test]
    public void CapacityChoice_ScalingEveryCapacity_ChangesNoShare()
    {
        string yaml = Network("capacity", splitSingapore: false).Replace("diversion: 0.5", "diversion: 0.2", StringComparison.Ordinal);

        RunSummary scaled = EngineRunner.Run(yaml, trials: 20);

        Assert.That(scaled.SourceCountry("SG").Mean, Is.EqualTo(200).Within(1e-9));
    }

    [Test]
    public void CapacityChoice_UnequalSources_SharesFollowCapacity()
    {
        // SG diverts 0.6·500 = 300, MY 0.2·500 = 100: SG takes 3/4 of the 100 a period.
        string yaml = Network("capacity", splitSingapore: false)
            .Replace("{ id: sg, kind: hub, country: SG, diversion: 0.5 }", "{ id: sg, kind: hub, country: SG, diversion: 0.6 }", StringComparison.Ordinal)
            .Replace("{ id: my, kind: hub, country: MY, diversion: 0.5 }", "{ id: my, kind: hub, country: MY, diversion: 0.2 }", StringComparison.Ordinal);

        RunSummary run = EngineRunner.Run(yaml, trials: 20);

        Assert.That(run.SourceCountry("SG").Mean, Is.EqualTo(4 * 75).Within(1e-9));
    }

    // One route from a reseller with verification q and a flag penalty; a premium π and cost sensitivity β
    // make demand deterrable: D' = D·S/(1 + S) with S = exp(β(π − c)), c = cost + penalty·p + flagPenalty·(1 − p)·q.
    private static string Verified(double flagPenalty) => $$"""
        name: verified
        horizon: { periods: 3, unit: month }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 10000 }
          - { id: sg, kind: reseller, country: SG, demand: .inf, diversion: 0.5, verification: 0.4, flagPenalty: {{flagPenalty}} }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1000, beta: 0.001, premium: 3000 }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: sg, to: cn, channel: illicit, cost: 1000 }
        """;

    [TestCase(0.0)]
    [TestCase(2000.0)]
    [TestCase(10000.0)]
    public void FlagPenalty_LowersLeakageAndRaisesDeterrence_AsTheCostFormulaPredicts(double flagPenalty)
    {
        double cost = 1000 + (flagPenalty * (1 - 0) * 0.4);
        double s = Math.Exp(0.001 * (3000 - cost));
        double willing = 1000 * s / (1 + s);

        RunSummary run = EngineRunner.Run(Verified(flagPenalty), trials: 50);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run["leaked"].Mean, Is.EqualTo(3 * willing).Within(1e-9).Percent);
            Assert.That(run["deterred"].Mean, Is.EqualTo(3 * (1000 - willing)).Within(1e-9).Percent);
        }
    }
}
