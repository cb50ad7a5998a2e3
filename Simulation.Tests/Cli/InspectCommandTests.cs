namespace ExportFlow.Simulation.Tests.Cli;

public class InspectCommandTests
{
    [Test]
    public void Inspect_SingleRoute_PrintsRoutesDetectionAndMaxFlowBound()
    {
        // Bound per period: the hub receives at most S = 1000 and diverts at most d·1000 = 100.
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute);
        var (code, output) = CliTestHelper.Run("inspect", file);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("sg-cn").And.Contain("0.2"));
            Assert.That(output, Does.Contain("maximum flow, central values): 100 H100e"));
            Assert.That(output, Does.Contain("supplier").And.Contain("restricted"));
        });
    }

    [Test]
    public void Inspect_DemandBinds_BoundIsTheIllicitDemand()
    {
        string file = CliTestHelper.WriteScenario(CliTestHelper.SingleRoute.Replace("illicitDemand: 1e9", "illicitDemand: 40", StringComparison.Ordinal));
        var (code, output) = CliTestHelper.Run("inspect", file);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("maximum flow, central values): 40 H100e"));
    }

    [Test]
    public void Inspect_TwoSourcesAndTransitHub_BoundAddsSourceCapacities()
    {
        // Two suppliers feed two hubs (d = 0.2 of 500, d = 0.5 of 300); both reach cn via hk: bound = 100 + 150.
        string yaml = """
            name: two
            horizon: { periods: 1 }
            nodes:
              - { id: us, kind: supplier, country: US, supply: 500 }
              - { id: tw, kind: supplier, country: TW, supply: 300 }
              - { id: sg, kind: hub, country: SG, diversion: 0.2 }
              - { id: my, kind: reseller, country: MY, diversion: 0.5 }
              - { id: hk, kind: hub, country: HK }
              - { id: cn, kind: restricted, country: CN, illicitDemand: 1e6 }
            edges:
              - { from: us, to: sg, channel: legit }
              - { from: tw, to: my, channel: legit }
              - { id: sg-hk, from: sg, to: hk, channel: illicit }
              - { id: my-hk, from: my, to: hk, channel: illicit }
              - { id: hk-cn, from: hk, to: cn, channel: illicit, detection: 0.1 }
            """;
        var (code, output) = CliTestHelper.Run("inspect", CliTestHelper.WriteScenario(yaml));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("maximum flow, central values): 250 H100e"));
        Assert.That(output, Does.Contain("sg-hk>hk-cn"));
    }

    [TestCaseSource(typeof(CliTestHelper), nameof(CliTestHelper.BundledScenarios))]
    public void ValidateAndInspect_BundledScenario_Succeed(string file)
    {
        var (validate, vOut) = CliTestHelper.Run("validate", file);
        var (inspect, iOut) = CliTestHelper.Run("inspect", file);
        Assert.Multiple(() =>
        {
            Assert.That(validate, Is.Zero, vOut);
            Assert.That(vOut, Does.Contain("OK"));
            Assert.That(inspect, Is.Zero, iOut);
            Assert.That(iOut, Does.Contain("Upper bound on leakage"));
        });
    }

    [Test]
    public void Validate_RestrictedNodeWithoutRoute_WarnsButSucceeds()
    {
        string yaml = CliTestHelper.SingleRoute + "\n" + "";
        yaml = yaml.Replace("  - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }",
            "  - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }\n  - { id: ru, kind: restricted, country: RU }", StringComparison.Ordinal);
        var (code, output) = CliTestHelper.Run("validate", CliTestHelper.WriteScenario(yaml));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("warning").And.Contain("no illicit route reaches restricted node 'ru'"));
            Assert.That(output, Does.Contain("OK"));
        });
    }

    [Test]
    public void Inspect_ModelV2Scenario_ShowsEveryV2Addition()
    {
        string file = Path.Combine(Scenarios.ScenarioCorpus.ValidDirectory, "05-model-v2.yaml");

        var (code, stdout, _) = CliHygieneTests.RunSplit("inspect", file);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, stdout);
            Assert.That(stdout, Does.Contain("Route choice: capacity"));
            Assert.That(stdout, Does.Contain("+2%"), "growth");
            Assert.That(stdout, Does.Contain("divMy (0.5)"), "correlation");
            Assert.That(stdout, Does.Contain("0.7"), "autocorrelation");
            Assert.That(stdout, Does.Contain("η = 0.3"), "learning");
            Assert.That(stdout, Does.Contain("periods 19–22").And.Contain("caps my-quota"), "windows and a cap rule");

            // sg-cn's cost: 3000 + penalty 0 + flagPenalty 20000 × survival 0.95 × verification 0.3 = 8,700.
            Assert.That(stdout, Does.Contain("8,700"), "flag penalty in the route cost");
        }
    }
}
