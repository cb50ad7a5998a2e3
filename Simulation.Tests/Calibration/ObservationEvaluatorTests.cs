using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Calibration;

public class ObservationEvaluatorTests
{
    private static Scenario Load(string name) =>
        ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", name)).Scenario!;

    private static IReadOnlyList<Observation> Evidence(Scenario scenario, string yaml)
    {
        EvidenceLoadResult r = EvidenceLoader.LoadFromString("e.yaml", yaml, scenario);
        Assert.That(r.Diagnostics, Is.Empty, string.Join("\n", r.Diagnostics.Select(d => d.Message)));
        return r.Evidence!.Observations;
    }

    [TestCase("baseline-2024.yaml")]
    [TestCase("seed-claim.yaml")]
    public void Evaluate_WholeHorizonAndItsPeriods_AgreeForEveryTerm(string file)
    {
        Scenario scenario = Load(file);
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        string[] terms = ["leaked", "interdicted", "delivered", "supply", .. plan.Countries.SelectMany(c => new[] { $"leaked.source[{c}]", $"leaked.transit[{c}]", $"billed[{c}]", $"received[{c}]" })];
        string whole = string.Concat(terms.Select((t, i) => $"  - {{id: w{i}, outcome: '{t}', observed: 1, error: normal(1), source: s}}\n"));
        string window = string.Concat(terms.Select((t, i) => $"  - {{id: p{i}, outcome: '{t}', periods: [1, {plan.Periods - 1}], observed: 1, error: normal(1), source: s}}\n  - {{id: q{i}, outcome: '{t}', periods: {plan.Periods}, observed: 1, error: normal(1), source: s}}\n"));
        var evaluator = new ObservationEvaluator(plan, Evidence(scenario, "evidence:\n" + whole + window));
        var state = new TrialState(plan, byPeriod: true);
        var values = new double[evaluator.Observations.Count];
        int checkedTerms = 0;
        for (long trial = 0; trial < 20; trial++)
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(5, trial));
            evaluator.Evaluate(state, values);
            for (int i = 0; i < terms.Length; i++)
            {
                double total = values[i], parts = values[terms.Length + (2 * i)] + values[terms.Length + (2 * i) + 1];
                Assert.That(parts, Is.EqualTo(total).Within(1e-9 * Math.Max(1, Math.Abs(total))), $"{terms[i]} in trial {trial}");
                checkedTerms += total > 0 ? 1 : 0;
            }
        }

        Assert.That(evaluator.NeedsPeriods, Is.True);
        Assert.That(checkedTerms, Is.GreaterThan(20 * 8), "most terms should be positive, or the test checks nothing");
    }

    [Test]
    public void Evaluate_Ratio_IsTheQuotientAndAZeroDenominatorIsReported()
    {
        Scenario scenario = Load("baseline-2024.yaml");
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        var evaluator = new ObservationEvaluator(plan, Evidence(scenario, """
            evidence:
              - {id: r, outcome: 'received[SG] / supply', observed: 0.02, error: normal(0.01), source: s}
              - {id: z, outcome: 'leaked / blockedByCap', observed: 1, error: normal(1), source: s}
            """));
        var state = new TrialState(plan);
        TrialRunner.Run(plan, state, StreamKeys.TrialKey(5, 0));
        var values = new double[2];

        int zero = evaluator.Evaluate(state, values);

        int sg = Array.IndexOf(plan.Countries, "SG");
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.NeedsPeriods, Is.False);
            Assert.That(values[0], Is.EqualTo(state.Received[sg] / state.Outcomes[(int)Outcome.Supply]));
            Assert.That(state.Outcomes[(int)Outcome.BlockedByCap], Is.EqualTo(0), "the test needs an outcome that is 0 (the baseline has no caps)");
            Assert.That(zero, Is.EqualTo(1));
            Assert.That(double.IsNaN(values[1]), Is.True);
        });
    }

    [Test]
    public void Evaluate_DenominatorPeriods_DividesTheNumeratorsWindowByTheDenominators()
    {
        Scenario scenario = Load("baseline-2024.yaml");
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        var evaluator = new ObservationEvaluator(plan, Evidence(scenario, """
            evidence:
              - {id: g, outcome: 'received[SG] / received[SG]', periods: [10, 12], denominatorPeriods: [1, 3], observed: 1, error: lognormal(0.3), source: s}
              - {id: h, outcome: 'leaked / supply', periods: 12, denominatorPeriods: [1, 12], observed: 0.01, error: lognormal(0.3), source: s}
              - {id: a, outcome: 'received[SG]', periods: [10, 12], observed: 1, error: lognormal(0.3), source: s}
              - {id: b, outcome: 'received[SG]', periods: [1, 3], observed: 1, error: lognormal(0.3), source: s}
              - {id: c, outcome: leaked, periods: 12, observed: 1, error: lognormal(0.3), source: s}
            """));
        var state = new TrialState(plan, byPeriod: true);
        var values = new double[5];
        for (long trial = 0; trial < 10; trial++)
        {
            TrialRunner.Run(plan, state, StreamKeys.TrialKey(7, trial));
            evaluator.Evaluate(state, values);

            Assert.Multiple(() =>
            {
                Assert.That(values[2], Is.GreaterThan(0), "the test needs Singapore to receive in the quarter");
                Assert.That(values[0], Is.EqualTo(values[2] / values[3]), $"trial {trial}");
                Assert.That(values[1], Is.EqualTo(values[4] / state.Outcomes[(int)Outcome.Supply]), $"trial {trial}: a whole-horizon denominator reads the trial's total");
            });
        }

        Assert.That(evaluator.NeedsPeriods, Is.True);
    }

    [Test]
    public void Evaluate_OnlyTheDenominatorHasAWindow_RecordsPeriodsAndDividesTheTotalByIt()
    {
        // The numerator is the whole horizon (no 'periods'), so only the denominator's window needs the trial's
        // periods: without them the evaluator would read rows that were never written.
        Scenario scenario = Load("baseline-2024.yaml");
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        var evaluator = new ObservationEvaluator(plan, Evidence(scenario, """
            evidence:
              - {id: g, outcome: 'received[SG] / received[SG]', denominatorPeriods: [1, 3], observed: 4, error: lognormal(0.3), source: s}
            """));
        Assert.That(evaluator.NeedsPeriods, Is.True);
        var state = new TrialState(plan, byPeriod: evaluator.NeedsPeriods);
        var values = new double[1];
        int sg = Array.IndexOf(plan.Countries, "SG");

        TrialRunner.Run(plan, state, StreamKeys.TrialKey(3, 0));
        evaluator.Evaluate(state, values);

        double firstQuarter = 0;
        for (int t = 1; t <= 3; t++)
        {
            firstQuarter += state.PeriodReceivedRows[((t - 1) * plan.Countries.Length) + sg];
        }

        Assert.That(firstQuarter, Is.GreaterThan(0));
        Assert.That(values[0], Is.EqualTo(state.Received[sg] / firstQuarter));
    }

    [Test]
    public void LogLikelihood_SumsTheObservationsErrorModels()
    {
        Scenario scenario = Load("baseline-2024.yaml");
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        var evaluator = new ObservationEvaluator(plan, Evidence(scenario, """
            evidence:
              - {id: a, outcome: leaked, observed: 100, error: normal(10), source: s}
              - {id: b, outcome: supply, observed: 50, error: atLeast(5), source: s}
            """));

        double logL = evaluator.LogLikelihood([110, 40]);

        Assert.That(logL, Is.EqualTo(new ErrorModel(ErrorKind.Normal, 10).LogLikelihood(100, 110) - 2.0).Within(1e-12));
    }
}
