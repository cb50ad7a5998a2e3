using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Tests.Engine;

namespace ExportFlow.Simulation.Tests.Analysis;

public class ComparisonBuilderTests
{
    private static readonly string[] s_singapore = ["SG"];

    private static Comparison Build(string policy, IReadOnlyList<string>? targeted, ComparisonKind kind = ComparisonKind.Policies)
    {
        Scenario scenario = TestNetworks.Load(ComparisonScenarios.TwoHubs());
        FlowPlan[] plans = [PlanCompiler.Compile(scenario, null), PlanCompiler.Compile(scenario, scenario.FindPolicy(policy))];
        MonteCarloResult result = MonteCarloRunner.Run(plans, new RunOptions { Trials = 1000, Seed = 3, Threads = 2 });
        return ComparisonBuilder.Build(result, kind, ["baseline", policy], [null, targeted]);
    }

    [Test]
    public void Build_PolicyTargetingSingapore_SharesAreChangeOverTheTargetedFall()
    {
        Comparison comparison = Build("inspect-a", ["SG"]);
        PolicyComparison c = comparison.Comparisons[0];
        BreakdownChange sg = c.BySourceCountry.Single(x => x.Name == "SG"), my = c.BySourceCountry.Single(x => x.Name == "MY");

        Assert.Multiple(() =>
        {
            Assert.That(sg.Targeted, Is.True);
            Assert.That(sg.Displacement, Is.Null);
            Assert.That(my.Targeted, Is.False);
            Assert.That(c.TargetedFall, Is.EqualTo(-sg.Change));
            Assert.That(my.Displacement, Is.EqualTo(my.Change / -sg.Change));
            Assert.That(my.Change, Is.EqualTo(my.Compared - my.Reference));
            Assert.That(c.BySourceCountry.Sum(x => x.Change), Is.EqualTo(c.Leakage.MeanDifference).Within(1e-9).Percent, "source countries add up to the total");
        });
    }

    [Test]
    public void Build_FilesWithoutTargets_TreatsCountriesWhoseLeakageFellAsTargeted()
    {
        Comparison comparison = Build("inspect-a", null, ComparisonKind.Files);

        Assert.That(comparison.Comparisons[0].TargetedCountries, Is.EqualTo(s_singapore));
    }

    [Test]
    public void Build_Quantiles_AreTheSketchsAtOneToNinetyNinePercent()
    {
        Comparison comparison = Build("kyc-b", ["MY"]);
        ComparedRun baseline = comparison.Runs[0];

        Assert.Multiple(() =>
        {
            Assert.That(comparison.QuantileLevels, Has.Count.EqualTo(99));
            Assert.That(comparison.QuantileLevels[0], Is.EqualTo(0.01));
            Assert.That(comparison.QuantileLevels[^1], Is.EqualTo(0.99));
            Assert.That(baseline.LeakedQuantiles, Is.Ordered);
            Assert.That(baseline.LeakedQuantiles[49], Is.EqualTo(baseline.Leaked.P50), "q = 0.50 is the median the summary reports");
        });
    }
}
