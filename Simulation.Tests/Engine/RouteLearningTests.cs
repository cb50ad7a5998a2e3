using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Route learning against its closed form. Two equal sources each have one route to CN; from period 4 a
/// crackdown seizes everything on route A (detection 1), B stays clear (detection 0). Transit is then
/// deterministic, so what buyers observe on A is exactly 1 and p̃_A follows 1 − (1 − η)^(t − 4) from period 4
/// on; A's share is w_A = e^(−β·penalty·p̃_A) / (e^(−β·penalty·p̃_A) + 1), and everything sent on A is seized.
/// </summary>
public class RouteLearningTests
{
    private const int Periods = 10;
    private const int From = 4;
    private const double Demand = 100;
    private const double Beta = 0.001;
    private const double Penalty = 2000;

    private static string Scenario(string learning) => $$"""
        name: learning
        horizon: { periods: {{Periods}}, unit: month }
        nodes:
          - { id: us, kind: supplier, country: US, supply: 1000 }
          - { id: a, kind: hub, country: SG, diversion: 0.5, penalty: {{Penalty}} }
          - { id: b, kind: hub, country: MY, diversion: 0.5, penalty: {{Penalty}} }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: {{Demand}}, beta: {{Beta}}{{learning}} }
        edges:
          - { from: us, to: a, channel: legit }
          - { from: us, to: b, channel: legit }
          - { from: a, to: mkt, channel: legit }
          - { from: b, to: mkt, channel: legit }
          - { id: a-cn, from: a, to: cn, channel: illicit }
          - { id: b-cn, from: b, to: cn, channel: illicit }
        policies:
          - name: crackdown
            from: {{From}}
            rules:
              - edges: { id: a-cn }
                set: { detection: 1 }
        """;

    private static double[] InterdictedPerPeriod(string learning)
    {
        LoadResult result = ScenarioLoader.LoadFromString("learning.yaml", Scenario(learning));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        FlowPlan plan = PlanCompiler.Compile(result.Scenario!, result.Scenario!.Policies[0]);
        var (_, trace) = MonteCarloRunner.Replay(plan, 5, 3);
        return [.. trace.Periods.Select(p => p.Outcomes[(int)Outcome.Interdicted])];
    }

    private static double ShareOfA(double perceived)
    {
        double wA = Math.Exp(-Beta * Penalty * perceived);
        return wA / (wA + 1);
    }

    [TestCase(1.0)]
    [TestCase(0.5)]
    [TestCase(0.2)]
    public void Learning_DetectionRise_MovesFlowOverTheFollowingPeriods_AsTheUpdateRulePredicts(double eta)
    {
        double[] interdicted = InterdictedPerPeriod($", learning: {eta}");

        for (int t = 1; t <= Periods; t++)
        {
            double expected = t < From ? 0 : Demand * ShareOfA(1 - Math.Pow(1 - eta, t - From));
            Assert.That(interdicted[t - 1], Is.EqualTo(expected).Within(1e-9), $"period {t}");
        }

        // Not at once: in the period of the crackdown buyers still split evenly.
        Assert.That(interdicted[From - 1], Is.EqualTo(Demand / 2).Within(1e-9));
    }

    [Test]
    public void Learning_EtaNearZero_MovesNothing()
    {
        double[] interdicted = InterdictedPerPeriod(", learning: 1e-12");

        Assert.That(interdicted.Skip(From - 1), Has.All.EqualTo(Demand / 2).Within(1e-6));
    }

    [Test]
    public void NoLearning_BuyersKnowAtOnce()
    {
        double[] interdicted = InterdictedPerPeriod("");

        Assert.That(interdicted.Skip(From - 1), Has.All.EqualTo(Demand * ShareOfA(1)).Within(1e-9));
    }

    [TestCase("0", "allowed for 'learning'")]
    [TestCase("1.5", "allowed for 'learning'")]
    [TestCase("uniform(0, 0.5)", "outside the domain of 'learning'")]
    public void Learning_OutsideZeroToOne_IsALocatedError(string eta, string message)
    {
        LoadResult result = ScenarioLoader.LoadFromString("learning.yaml", Scenario($", learning: \"{eta}\""));

        Assert.That(result.Succeeded, Is.False);
        Diagnostic error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain(message));
        Assert.That(error.Location.Line, Is.EqualTo(8));
    }
}
