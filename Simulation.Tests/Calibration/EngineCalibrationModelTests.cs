using System.Globalization;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Calibration;

public class EngineCalibrationModelTests
{
    // One supplier of S units a period, S ~ lognormal(9, 0.5) drawn once per trial; a market that takes everything.
    private const string SupplyOnly = """
        name: supply-only
        horizon: { periods: 4 }
        parameters:
          S: lognormal(9, 0.5)
        nodes:
          - { id: us-nv, kind: supplier, country: US, supply: S }
          - { id: jp, kind: market, country: JP, demand: .inf }
        edges:
          - { from: us-nv, to: jp, channel: legit }
        """;

    // Two inputs, supply S and a hub's diversion d, and transit seizures as the engine's own noise.
    private const string SmallNetwork = """
        name: small-network
        horizon: { periods: 3 }
        parameters:
          S: lognormal(8, 0.3)
          d: uniform(0.1, 0.5)
        nodes:
          - { id: us-nv, kind: supplier, country: US, supply: S }
          - { id: sg-hub, kind: hub, country: SG, diversion: d }
          - { id: jp, kind: market, country: JP, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: 1e9 }
        edges:
          - { from: us-nv, to: sg-hub, channel: legit }
          - { from: sg-hub, to: jp, channel: legit }
          - { id: sg-cn, from: sg-hub, to: cn, channel: illicit, detection: 0.2 }
        """;

    private static Scenario Scenario(string yaml)
    {
        LoadResult r = ScenarioLoader.LoadFromString("s.yaml", yaml);
        Assert.That(r.Succeeded, Is.True, string.Join("\n", r.Diagnostics.Select(d => d.Message)));
        return r.Scenario!;
    }

    private static EngineCalibrationModel Model(Scenario scenario, string evidence)
    {
        EvidenceLoadResult e = EvidenceLoader.LoadFromString("e.yaml", evidence, scenario);
        Assert.That(e.Evidence, Is.Not.Null, string.Join("\n", e.Diagnostics.Select(d => d.Message)));
        return new EngineCalibrationModel(scenario, PlanCompiler.Compile(scenario, null), e.Evidence!.Observations);
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [Test]
    public void Calibrate_LogNormalSupplyObservedWithLogNormalError_MatchesTheConjugatePosterior()
    {
        // supply over 4 periods = 4·S; ln o = ln(4·S) + N(0, 0.2²), so ln S | o is normal with
        // mean (0.5²·ln(o/4) + 0.2²·9)/(0.5² + 0.2²) and variance 0.5²·0.2²/(0.5² + 0.2²).
        Scenario scenario = Scenario(SupplyOnly);
        double observed = 4 * Math.Exp(9.6);
        EngineCalibrationModel model = Model(scenario, $"evidence:\n  - {{id: s, outcome: supply, observed: {F(observed)}, error: lognormal(0.2), source: test}}\n");

        SmcResult r = TemperedSmc.Run(model, new SmcOptions { Particles = 3000, Seed = 11, Threads = 2 });

        double[] logS = [.. Enumerable.Range(0, r.Particles).Select(i => Math.Log(model.ValueOf(r.Scores.AsSpan(i, 1), 0)))];
        double mean = logS.Average(), sd = Math.Sqrt(logS.Select(x => (x - mean) * (x - mean)).Average());
        double postMean = ((0.25 * 9.6) + (0.04 * 9)) / 0.29, postSd = Math.Sqrt(0.25 * 0.04 / 0.29);
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(",", model.Inputs.Select(i => i.Name)), Is.EqualTo("S"));
            Assert.That(mean, Is.EqualTo(postMean).Within(5 * postSd / Math.Sqrt(3000 / 4.0)));
            Assert.That(sd, Is.EqualTo(postSd).Within(0.08 * postSd));
            // The recorded outcome of a particle is its observed quantity: 4·S exactly.
            Assert.That(r.Outcomes[0], Is.EqualTo(4 * model.ValueOf(r.Scores.AsSpan(0, 1), 0)).Within(1e-9 * r.Outcomes[0]));
        });
    }

    [Test]
    public void Evaluate_RatioWithZeroDenominator_Throws()
    {
        Scenario scenario = Scenario(SupplyOnly);
        EngineCalibrationModel model = Model(scenario, "evidence:\n  - {id: r, outcome: 'supply / leaked', observed: 1, error: normal(1), source: test}\n");

        Assert.That(() => model.CreateWorker().Evaluate([0.0], 1, new double[model.OutcomeCount]),
            Throws.TypeOf<ZeroDenominatorException>().With.Property(nameof(ZeroDenominatorException.Observation)).EqualTo(0));
    }

    [Test]
    public void Calibrate_SimulationBasedCalibrationOnASmallNetwork_RanksAreUniformAndIntervalsCover()
    {
        // Talts et al. (2018): draw the inputs' scores from the prior and a noise key, run the engine, draw the
        // observations from their error models around its outcomes, calibrate, and rank the true score among the
        // posterior particles. With an exact sampler the ranks are uniform and 90% intervals cover about 90%.
        const int replications = 100, particles = 200, bins = 5;
        Scenario scenario = Scenario(SmallNetwork);
        var countsS = new int[bins];
        var countsD = new int[bins];
        int covered = 0;
        for (int rep = 0; rep < replications; rep++)
        {
            var truth = new EventStream(SplitMix64.Mix(77, (ulong)rep));
            double[] z = [StandardNormal.InverseCdf(truth.NextUniform()), StandardNormal.InverseCdf(truth.NextUniform())];
            EngineCalibrationModel probe = Model(scenario, "evidence:\n  - {id: a, outcome: supply, observed: 1, error: normal(1), source: t}\n  - {id: b, outcome: leaked, observed: 1, error: normal(1), source: t}\n");
            var outcomes = new double[probe.OutcomeCount];
            probe.CreateWorker().Evaluate(z, truth.NextULong(), outcomes);
            double supply = outcomes[0] * Math.Exp(0.1 * StandardNormal.InverseCdf(truth.NextUniform()));
            double leakedSd = Math.Max(1, 0.05 * outcomes[1]);
            double leaked = outcomes[1] + (leakedSd * StandardNormal.InverseCdf(truth.NextUniform()));
            EngineCalibrationModel model = Model(scenario,
                $"evidence:\n  - {{id: a, outcome: supply, observed: {F(supply)}, error: lognormal(0.1), source: t}}\n  - {{id: b, outcome: leaked, observed: {F(leaked)}, error: normal({F(leakedSd)}), source: t}}\n");

            SmcResult r = TemperedSmc.Run(model, new SmcOptions { Particles = particles, Seed = (ulong)(900 + rep), Threads = 2 });

            double[] s = [.. Enumerable.Range(0, particles).Select(i => r.Scores[2 * i])];
            double[] d = [.. Enumerable.Range(0, particles).Select(i => r.Scores[(2 * i) + 1])];
            countsS[Math.Min(bins - 1, s.Count(v => v < z[0]) * bins / (particles + 1))]++;
            countsD[Math.Min(bins - 1, d.Count(v => v < z[1]) * bins / (particles + 1))]++;
            Array.Sort(d);
            covered += z[1] >= d[(int)(0.05 * particles)] && z[1] <= d[(int)(0.95 * particles) - 1] ? 1 : 0;
        }

        double expected = (double)replications / bins;
        double ChiSquare(int[] c) => c.Sum(x => (x - expected) * (x - expected) / expected);
        Assert.Multiple(() =>
        {
            // χ² with 4 degrees of freedom: 18.5 is its 99.9th percentile.
            Assert.That(ChiSquare(countsS), Is.LessThan(18.5), $"ranks of S: {string.Join(", ", countsS)}");
            Assert.That(ChiSquare(countsD), Is.LessThan(18.5), $"ranks of d: {string.Join(", ", countsD)}");
            // Binomial(100, 0.9) has sd 3: about three sds either side.
            Assert.That(covered, Is.InRange(81, 99));
        });
    }
}
