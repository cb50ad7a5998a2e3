using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Calibration;

public class PosteriorSampleTests
{
    private const string Scenario = """
        name: two-inputs
        horizon: { periods: 2 }
        parameters:
          S: lognormal(8, 0.3)
          d: uniform(0.1, 0.5)
          noise: { value: 'uniform(0, 1)', perPeriod: true }
        nodes:
          - { id: us-nv, kind: supplier, country: US, supply: S }
          - { id: sg-hub, kind: hub, country: SG, diversion: d }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9, substitution: noise }
        edges:
          - { from: us-nv, to: sg-hub, channel: legit }
          - { from: sg-hub, to: jp, channel: legit }
          - { id: sg-cn, from: sg-hub, to: cn, channel: illicit, detection: 0.2 }
        """;

    private static (Scenario Scenario, FlowPlan Plan) Compile()
    {
        LoadResult r = ScenarioLoader.LoadFromString("s.yaml", Scenario);
        Assert.That(r.Succeeded, Is.True, string.Join("\n", r.Diagnostics.Select(d => d.ToString())));
        return (r.Scenario!, PlanCompiler.Compile(r.Scenario!, null));
    }

    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"exportflow-posterior-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Apply_TrialI_TakesParticleIModN()
    {
        var (scenario, plan) = Compile();
        var bag = new DiagnosticBag();
        PosteriorSample? p = PosteriorSample.Load(Write("particle,z:S,z:d,S,d,leaked\n0,0.1,0.2,3000,0.2,5\n1,0.3,0.4,4000,0.3,6\n2,0.5,0.6,5000,0.4,7\n"), scenario, [plan], bag, out var missing);

        Assert.That(p, Is.Not.Null, string.Join("\n", bag.Items.Select(d => d.ToString())));
        double[] fixedValues = PosteriorSample.NewFixed(plan);
        p!.Apply(4, 0, fixedValues);
        int s = Array.FindIndex(plan.DrawKeys, k => k == ExportFlow.Simulation.Random.SplitMix64.HashString("p:S"));
        int d = Array.FindIndex(plan.DrawKeys, k => k == ExportFlow.Simulation.Random.SplitMix64.HashString("p:d"));
        Assert.Multiple(() =>
        {
            Assert.That(p.Particles, Is.EqualTo(3));
            Assert.That(fixedValues[s], Is.EqualTo(4000));
            Assert.That(fixedValues[d], Is.EqualTo(0.3));
            Assert.That(fixedValues.Count(v => !double.IsNaN(v)), Is.EqualTo(2), "only the posterior's inputs are fixed");
            Assert.That(missing, Is.Empty, "the per-period input is noise, not an input a posterior fixes");
        });
    }

    [TestCase("particle,z:S,z:x,S,x\n0,0,0,1,1\n", 1, 20, "input 'x' of the posterior is not an uncertain per-trial input of scenario 'two-inputs'")]
    [TestCase("particle,z:S,S\n0,0,abc\n", 2, 5, "'abc' is not a finite number for input 'S' of particle 0")]
    [TestCase("trial,leaked\n0,1\n", 1, 1, "this is not a posterior file")]
    [TestCase("particle,z:S,S\n", 1, 1, "the file has no particles")]
    public void Load_BadFile_IsALocatedError(string text, int line, int column, string message)
    {
        var (scenario, plan) = Compile();
        var bag = new DiagnosticBag();

        PosteriorSample? p = PosteriorSample.Load(Write(text), scenario, [plan], bag, out _);

        Assert.That(p, Is.Null);
        Diagnostic e = bag.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.Contain(message));
            Assert.That((e.Location.Line, e.Location.Column), Is.EqualTo((line, column)));
        });
    }

    [Test]
    public void Load_PartialPosterior_NamesTheInputsLeftToTheirPriors()
    {
        var (scenario, plan) = Compile();
        var bag = new DiagnosticBag();

        PosteriorSample? p = PosteriorSample.Load(Write("particle,z:S,S\n0,0,3000\n"), scenario, [plan], bag, out var missing);

        Assert.Multiple(() =>
        {
            Assert.That(p, Is.Not.Null);
            Assert.That(string.Join(",", missing), Is.EqualTo("d"));
        });
    }
}
