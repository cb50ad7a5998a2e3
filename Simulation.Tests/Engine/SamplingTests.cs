using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Cli;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;
using Spectre.Console.Testing;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary><c>--sampling random|sobol|lhs</c>: quasi-random inputs, their dimensions, and the command line.</summary>
[TestFixture]
public class SamplingTests
{
    // One route, saturated: x = d·S per period, leaked_t = B(x) with pass probability 1 − p_t. With d ~ uniform(0.05, 0.15)
    // drawn per trial and p_t ~ PERT(0.1, 0.2, 0.4) drawn per period (independently), E[leaked] = T·S·E[d]·(1 − E[p])
    // = 6 · 1000 · 0.1 · (1 − 1.3/6) = 470. With autocorrelation the per-period draws are normal scores (AR(1)) with the
    // same marginal, so the expectation is the same and the score path is exercised.
    private static string ClosedForm(string extra) => $$"""
        name: sampling-closed-form
        horizon: { periods: 6 }
        parameters:
          det:
            value: pert(0.1, 0.2, 0.4)
            perPeriod: true{{extra}}
        nodes:
          - { id: S, kind: supplier, country: US, supply: 1000 }
          - { id: H, kind: hub, country: SG, diversion: "uniform(0.05, 0.15)" }
          - { id: M, kind: market, country: SG, demand: .inf }
          - { id: R, kind: restricted, country: CN, illicitDemand: 1000000 }
        edges:
          - { id: S-H, from: S, to: H, channel: legit }
          - { id: H-M, from: H, to: M, channel: legit }
          - { id: H-R, from: H, to: R, channel: illicit, detection: det }

        """;

    [TestCase("sobol", "")]
    [TestCase("lhs", "")]
    [TestCase("sobol", "\n    autocorrelation: 0.5")]
    [TestCase("lhs", "\n    autocorrelation: 0.5")]
    public void Run_QuasiRandomInputs_MeanLeakedMatchesClosedForm(string method, string extra)
    {
        // Act
        JsonElement r = RunJson(ClosedForm(extra), "--trials", "4096", "--sampling", method);

        // Assert
        double mean = r.GetProperty("leaked").GetProperty("mean").GetDouble();
        double se = r.GetProperty("leaked").GetProperty("standardError").GetDouble();
        Assert.That(r.GetProperty("sampling").GetString(), Is.EqualTo(method));
        Assert.That(mean, Is.EqualTo(470.0).Within(4 * se), $"mean {mean}, se {se}");
    }

    [TestCase("sobol")]
    [TestCase("lhs")]
    public void Run_QuasiRandomInputs_SameSummaryOnOneAndTwoThreads(string method)
    {
        string file = Baseline();

        string one = Cli("run", file, "--trials", "1100", "--format", "json", "--quiet", "--sampling", method, "--threads", "1").Output;
        string two = Cli("run", file, "--trials", "1100", "--format", "json", "--quiet", "--sampling", method, "--threads", "2").Output;

        Assert.That(two, Is.EqualTo(one));
    }

    // Random is the default and changes nothing; sobol and lhs do move the numbers.
    [Test]
    public void Run_SamplingRandom_IsBitIdenticalToNoOptionAndDiffersFromSobol()
    {
        string file = Baseline();

        string plain = Cli("run", file, "--trials", "600", "--format", "json", "--quiet").Output;
        string random = Cli("run", file, "--trials", "600", "--format", "json", "--quiet", "--sampling", "random").Output;
        string sobol = Cli("run", file, "--trials", "600", "--format", "json", "--quiet", "--sampling", "sobol").Output;

        Assert.That(random, Is.EqualTo(plain));
        Assert.That(Leaked(sobol), Is.Not.EqualTo(Leaked(plain)));
    }

    // A policy's inputs keep the dimensions of the baseline's slots, so 'run --policy' equals the policy's column of a
    // comparison with the baseline (common random numbers hold under sobol as they do under random).
    [TestCase(SamplingMethod.Sobol)]
    [TestCase(SamplingMethod.Lhs)]
    public void Run_PolicyAlone_EqualsPolicyInAComparison(SamplingMethod method)
    {
        Scenario scenario = ScenarioLoader.Load(Baseline()).Scenario!;
        FlowPlan baseline = PlanCompiler.Compile(scenario, null);
        FlowPlan policy = PlanCompiler.Compile(scenario, scenario.FindPolicy("tighten-singapore"));
        var options = new RunOptions { Trials = 700, Seed = 11, Threads = 2, Sampling = method };

        MonteCarloResult both = MonteCarloRunner.Run([baseline, policy], options);
        MonteCarloResult alone = MonteCarloRunner.Run([policy], options with { SamplingReference = baseline });
        MonteCarloResult unanchored = MonteCarloRunner.Run([policy], options);

        double inComparison = both.Accumulators[1].Outcomes[(int)Outcome.Leaked].Summarise().Mean;
        Assert.That(alone.Accumulators[0].Outcomes[(int)Outcome.Leaked].Summarise().Mean, Is.EqualTo(inComparison));
        Assert.That(unanchored.Accumulators[0].Outcomes[(int)Outcome.Leaked].Summarise().Mean, Is.Not.EqualTo(inComparison),
            "laid out on its own slots the policy reads other dimensions (so the reference matters)");
    }

    // Dimensions are a function of the slot: a draw the policy shares with the baseline has the baseline's dimension,
    // and the policy's own slots follow the baseline's.
    [Test]
    public void Assign_PolicyPlan_SharesBaselineDimensionsAndAppendsItsOwn()
    {
        Scenario scenario = ScenarioLoader.Load(Baseline()).Scenario!;
        FlowPlan baseline = PlanCompiler.Compile(scenario, null);
        FlowPlan policy = PlanCompiler.Compile(scenario, scenario.FindPolicy("tighten-singapore"));

        (int[] b, int baseCount) = InputDimensions.Assign(baseline);
        (int[] p, int policyCount) = InputDimensions.Assign(policy, baseline);

        var byKey = Enumerable.Range(0, baseline.Draws.Length).Where(d => b[d] >= 0).ToDictionary(d => baseline.DrawKeys[d], d => b[d]);
        int shared = 0, own = 0;
        for (int d = 0; d < policy.Draws.Length; d++)
        {
            if (byKey.TryGetValue(policy.DrawKeys[d], out int dimension))
            {
                Assert.That(p[d], Is.EqualTo(dimension));
                shared++;
            }
            else
            {
                Assert.That(p[d], Is.GreaterThanOrEqualTo(baseCount));
                own++;
            }
        }

        Assert.That(b.Where(d => d >= 0).Distinct().Count(), Is.EqualTo(baseCount), "baseline-2024's draws are all per trial");
        Assert.That(shared, Is.GreaterThan(0));
        Assert.That(own, Is.GreaterThan(0));
        Assert.That(policyCount, Is.EqualTo(baseCount + own));
    }

    // Latin hypercube: over the N trials, each dimension has exactly one point in each stratum [k/N, (k + 1)/N).
    [Test]
    public void Uniform_Lhs_OnePointPerStratumInEveryDimension()
    {
        const int n = 1000;
        var points = new InputPoints(SamplingMethod.Lhs, 42, n, [0, 1, 2], [false, false, true], 2 + 6);

        for (int j = 0; j < 8; j++)
        {
            var strata = new HashSet<long>();
            for (long i = 0; i < n; i++)
            {
                double u = points.Uniform(i, j);
                Assert.That(u, Is.GreaterThan(0).And.LessThan(1));
                strata.Add((long)Math.Floor(u * n));
            }

            Assert.That(strata, Has.Count.EqualTo(n), $"dimension {j}");
        }
    }

    // Per-period draws take one dimension per period; beyond the shipped Sobol dimensions a draw keeps its random stream.
    [Test]
    public void Dimension_PerPeriodAndBeyondTheTable_MapsAsDocumented()
    {
        var sobol = new InputPoints(SamplingMethod.Sobol, 1, 100, [0, 1, SobolSequence.MaxDimensions], [false, true, false], 300);
        var lhs = new InputPoints(SamplingMethod.Lhs, 1, 100, [0, 1, SobolSequence.MaxDimensions], [false, true, false], 300);

        Assert.That(sobol.Dimension(0, 3), Is.EqualTo(0));
        Assert.That(sobol.Dimension(1, 1), Is.EqualTo(1));
        Assert.That(sobol.Dimension(1, 5), Is.EqualTo(5));
        Assert.That(sobol.Dimension(2, 0), Is.EqualTo(-1), "Sobol: beyond the table, random");
        Assert.That(lhs.Dimension(2, 0), Is.EqualTo(SobolSequence.MaxDimensions), "LHS has no limit");
    }

    // The hot loop stays allocation-free with quasi-random inputs (baseline-2024 with its policy, and a scenario with
    // per-period AR(1) score draws).
    [TestCase(SamplingMethod.Sobol)]
    [TestCase(SamplingMethod.Lhs)]
    public void TrialRunner_QuasiRandomInputs_AllocatesNothingPerTrial(SamplingMethod method)
    {
        Scenario scenario = ScenarioLoader.Load(Baseline()).Scenario!;
        FlowPlan[] plans = [PlanCompiler.Compile(scenario, scenario.FindPolicy("tighten-singapore")), TestNetworks.Compile(ClosedForm("\n    autocorrelation: 0.5"))];
        foreach (FlowPlan plan in plans)
        {
            (int[] first, int count) = InputDimensions.Assign(plan);
            var state = new TrialState(plan) { Points = new InputPoints(method, 3, 1000, first, plan.DrawPerPeriod, count) };
            for (long trial = 0; trial < 50; trial++)
            {
                state.Trial = trial;
                TrialRunner.Run(plan, state, StreamKeys.TrialKey(3, trial));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (long trial = 50; trial < 250; trial++)
            {
                state.Trial = trial;
                TrialRunner.Run(plan, state, StreamKeys.TrialKey(3, trial));
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, plan.Scenario.Name);
        }
    }

    [Test]
    public void Run_UnknownSamplingMethod_ExitsTwoNamingTheAllowedValues()
    {
        (int code, string output) = Cli("run", Baseline(), "--trials", "10", "--sampling", "halton");

        Assert.That(code, Is.EqualTo(ExitCodes.UserError));
        Assert.That(output, Does.Contain("--sampling 'halton' is not allowed; use random, sobol or lhs"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("sensitivity", "--sampling", "sobol")]
    [TestCase("run", "--trial", "3", "--sampling", "lhs")]
    [TestCase("compare", "--trials", "5000000000", "--sampling", "sobol")]
    public void Command_SamplingCombinationThatCannotWork_ExitsTwo(string command, params string[] rest)
    {
        (int code, string output) = Cli([command, Baseline(), .. rest]);

        Assert.That(code, Is.EqualTo(ExitCodes.UserError), output);
        Assert.That(output, Does.Contain("--sampling").Or.Contain("--trial"));
    }

    private static string Baseline() => Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "baseline-2024.yaml");

    private static double Leaked(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("leaked").GetProperty("mean").GetDouble();
    }

    private static JsonElement RunJson(string yaml, params string[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), "exportflow-sampling-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        try
        {
            (int code, string output) = Cli(["run", path, "--format", "json", "--quiet", "--seed", "7", .. args]);
            Assert.That(code, Is.Zero, output);
            using JsonDocument doc = JsonDocument.Parse(output);
            return doc.RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output) Cli(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, console, errors);
        return (code, code == 0 ? console.Output : console.Output + errors);
    }
}
