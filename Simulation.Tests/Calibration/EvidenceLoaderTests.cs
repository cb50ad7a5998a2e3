using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Calibration;

public class EvidenceLoaderTests
{
    private static readonly Lazy<Scenario> s_baseline = new(() =>
        ScenarioLoader.Load(Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "baseline-2024.yaml")).Scenario!);

    private const string Valid = """
        scenario: baseline-2024
        evidence:
          - id: my-imports-2024
            outcome: received[MY]
            periods: [1, 12]
            observed: 180_000
            error: lognormal(0.15)
            source: "seeds/facts.csv: f-my"
          - id: sg-share
            outcome: received[SG] / supply
            observed: 0.02
            error: atMost(0.01)
            source: 10-K
          - id: seized
            outcome: interdicted
            periods: 6
            observed: 2400
            error: atLeast(500)
            source: court records
          - id: range
            outcome: leaked.source[MY]
            error: between(1000, 5000, 500)
            source: judgment of a study
        """;

    private static EvidenceLoadResult Load(string yaml) => EvidenceLoader.LoadFromString("e.yaml", yaml, s_baseline.Value);

    [Test]
    public void Load_ValidFile_ReadsEveryObservation()
    {
        EvidenceLoadResult r = Load(Valid);

        Assert.That(r.Diagnostics, Is.Empty);
        IReadOnlyList<Observation> o = r.Evidence!.Observations;
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(",", o.Select(x => x.Id)), Is.EqualTo("my-imports-2024,sg-share,seized,range"));
            Assert.That(o[0].Target, Is.EqualTo(new ObservationTarget(new EvidenceTerm(EvidenceTermKind.Received, Outcome.Leaked, "MY"), null)));
            Assert.That((o[0].From, o[0].Until, o[0].Observed), Is.EqualTo((1, (int?)12, 180_000.0)));
            Assert.That(o[0].Error, Is.EqualTo(new ErrorModel(ErrorKind.LogNormal, 0.15)));
            Assert.That(o[1].Target.ToString(), Is.EqualTo("received[SG] / supply"));
            Assert.That((o[1].From, o[1].Until), Is.EqualTo((1, (int?)null)));
            Assert.That((o[2].From, o[2].Until), Is.EqualTo((6, (int?)6)));
            Assert.That(o[2].Target.Numerator.Total, Is.EqualTo(Outcome.Interdicted));
            Assert.That(double.IsNaN(o[3].Observed), Is.True);
            Assert.That(o[3].Error, Is.EqualTo(new ErrorModel(ErrorKind.Between, 500, 1000, 5000)));
            Assert.That(r.Evidence.Sha256, Has.Length.EqualTo(64));
        });
    }

    private static string One(string observation) => "evidence:\n  - " + observation.Replace("\n", "\n    ", StringComparison.Ordinal);

    [TestCase("id: a\noutcome: leaks\nobserved: 1\nerror: normal(1)\nsource: s", 3, 14, "'leaks' is not an outcome the engine reports; did you mean 'leaked'?")]
    [TestCase("id: a\noutcome: received[XX]\nobserved: 1\nerror: normal(1)\nsource: s", 3, 14, "'XX' is not a country of scenario 'baseline-2024'")]
    [TestCase("id: a\noutcome: received[MY]\nobserved: 1\nerror: normal(-2)\nsource: s", 5, 12, "must be greater than 0")]
    [TestCase("id: a\noutcome: leaked\nperiods: [5, 3]\nobserved: 1\nerror: normal(1)\nsource: s", 4, 14, "is empty (it ends before it starts)")]
    [TestCase("id: a\noutcome: leaked\nperiods: [1, 13]\nobserved: 1\nerror: normal(1)\nsource: s", 4, 14, "outside the scenario's horizon of 12")]
    [TestCase("id: a\noutcome: leaked / leaked\nobserved: 1\nerror: normal(1)\nsource: s", 3, 14, "divides an outcome by itself")]
    [TestCase("id: a\noutcome: leaked / leaked\nperiods: [4, 6]\ndenominatorPeriods: [4, 6]\nobserved: 1\nerror: normal(1)\nsource: s", 5, 25, "has the numerator's window [4, 6], so 'leaked / leaked' is always 1")]
    [TestCase("id: a\noutcome: leaked\ndenominatorPeriods: [1, 3]\nobserved: 1\nerror: normal(1)\nsource: s", 4, 5, "'denominatorPeriods' is the window of a ratio's denominator, but 'leaked' is not a ratio")]
    [TestCase("id: a\noutcome: leaked / supply\ndenominatorPeriods: [0, 3]\nobserved: 1\nerror: normal(1)\nsource: s", 4, 25, "outside the scenario's horizon of 12")]
    [TestCase("id: a\noutcome: leaked / supply\ndenominatorPeriods: x\nobserved: 1\nerror: normal(1)\nsource: s", 4, 25, "write one period 'denominatorPeriods: 3'")]
    [TestCase("id: a\noutcome: leaked\nobserved: 1\nerror: normal(1)\nsorce: s", 6, 5, "unknown key 'sorce' in an observation; did you mean 'source'?")]
    [TestCase("id: a\noutcome: leaked\nerror: normal(1)\nsource: s", 2, 5, "missing required key 'observed'")]
    [TestCase("id: a\noutcome: leaked\nobserved: 0\nerror: lognormal(0.1)\nsource: s", 4, 15, "a lognormal error needs an observed value greater than 0")]
    [TestCase("id: a\noutcome: leaked\nobserved: 1\nerror: normal(1)\nsource: ''", 6, 13, "the source is empty")]
    public void Load_BadObservation_IsALocatedError(string observation, int line, int column, string message)
    {
        EvidenceLoadResult r = Load(One(observation));

        Assert.That(r.Evidence, Is.Null);
        Diagnostic? d = r.Diagnostics.FirstOrDefault(x => x.Severity == DiagnosticSeverity.Error && x.Message.Contains(message, StringComparison.Ordinal));
        Assert.That(d, Is.Not.Null, string.Join("\n", r.Diagnostics.Select(x => x.Message)));
        Assert.Multiple(() =>
        {
            Assert.That((d.Location.File, d.Location.Line, d.Location.Column), Is.EqualTo(("e.yaml", line, column)), d.Message);
        });
    }

    [Test]
    public void Load_DenominatorPeriods_GivesTheRatioItsOwnWindow()
    {
        EvidenceLoadResult r = Load(One("id: g\noutcome: 'received[SG] / received[SG]'\nperiods: [10, 12]\ndenominatorPeriods: [1, 3]\nobserved: 1.1\nerror: lognormal(0.3)\nsource: s"));

        Assert.That(r.Diagnostics, Is.Empty, string.Join("\n", r.Diagnostics.Select(x => x.Message)));
        Observation o = r.Evidence!.Observations.Single();
        Assert.Multiple(() =>
        {
            Assert.That((o.From, o.Until), Is.EqualTo((10, (int?)12)));
            Assert.That(o.DenominatorWindow, Is.EqualTo(((int, int)?)(1, 3)));
            Assert.That(o.Target.ToString(), Is.EqualTo("received[SG] / received[SG]"));
        });
    }

    [TestCase("id: a\noutcome: leaked / leaked\ndenominatorPeriods: x\nobserved: 1\nerror: normal(1)\nsource: s", "denominatorPeriods: 3")]
    [TestCase("id: a\noutcome: leaked / leaked\ndenominatorPeriods: [3]\nobserved: 1\nerror: normal(1)\nsource: s", "must be a period or a window")]
    [TestCase("id: a\noutcome: leaked / leaked\nperiods: [1, x]\ndenominatorPeriods: [1, 12]\nobserved: 1\nerror: normal(1)\nsource: s", "periods: 3")]
    public void Load_BadWindowOfAGrowthRate_IsOneErrorNotAlsoAlwaysOne(string observation, string message)
    {
        EvidenceLoadResult r = Load(One(observation));

        Assert.That(r.Diagnostics.Select(d => d.Message), Has.Exactly(1).Items.And.One.Contains(message), string.Join("\n", r.Diagnostics.Select(x => x.Message)));
    }

    [TestCase("finalStock / finalStock", "[1, 3]", "[2, 3]", true)]
    [TestCase("finalStock / finalStock", "[1, 3]", "[1, 2]", false)]
    [TestCase("initialStock / initialStock", "[2, 6]", "[2, 3]", true)]
    [TestCase("initialStock / initialStock", "[2, 6]", "[1, 6]", false)]
    [TestCase("leaked / leaked", "[1, 3]", "[2, 3]", false)]
    public void Load_StockOverTwoWindows_IsRefusedWhenItIsReadAtTheSamePeriod(string outcome, string periods, string denominatorPeriods, bool refused)
    {
        EvidenceLoadResult r = Load(One($"id: a\noutcome: {outcome}\nperiods: {periods}\ndenominatorPeriods: {denominatorPeriods}\nobserved: 1\nerror: normal(1)\nsource: s"));

        Assert.That(r.Diagnostics.Any(d => d.Message.Contains("at the same period over both windows, so", StringComparison.Ordinal)), Is.EqualTo(refused),
            string.Join("\n", r.Diagnostics.Select(x => x.Message)));
        Assert.That(r.Evidence is null, Is.EqualTo(refused));
    }

    [Test]
    public void Load_DenominatorPeriodsEqualToPeriods_IsThePlainRatio()
    {
        EvidenceLoadResult r = Load(One("id: a\noutcome: 'received[SG] / supply'\nperiods: [4, 6]\ndenominatorPeriods: [4, 6]\nobserved: 0.1\nerror: lognormal(0.3)\nsource: s"));

        Assert.That(r.Diagnostics, Is.Empty);
        Assert.That(r.Evidence!.Observations.Single().DenominatorWindow, Is.Null);
    }

    [Test]
    public void Load_DuplicateId_NamesTheFirst()
    {
        EvidenceLoadResult r = Load("evidence:\n  - {id: a, outcome: leaked, observed: 1, error: normal(1), source: s}\n  - {id: a, outcome: supply, observed: 1, error: normal(1), source: s}\n");

        Assert.That(r.Diagnostics.Single().Message, Does.Contain("duplicate id 'a' (first at line 2)"));
    }

    [Test]
    public void Load_OtherScenario_SaysWhichIsWhich()
    {
        EvidenceLoadResult r = Load("scenario: asean-2025\nevidence:\n  - {id: a, outcome: leaked, observed: 1, error: normal(1), source: s}\n");

        Assert.That(r.Diagnostics.Single().Message, Does.Contain("this evidence is for scenario 'asean-2025', but the scenario given is 'baseline-2024'"));
    }

    [TestCase("", "the file is empty; an evidence file needs a list 'evidence:'")]
    [TestCase("- a\n- b\n", "the top level is a list; an evidence file is a mapping")]
    [TestCase("evidence: []\n", "must be a non-empty list")]
    [TestCase("evidence: [ {id: a\n", "YAML syntax error")]
    public void Load_BadDocument_IsAnError(string yaml, string message)
    {
        EvidenceLoadResult r = Load(yaml);

        Assert.Multiple(() =>
        {
            Assert.That(r.Evidence, Is.Null);
            Assert.That(r.Diagnostics.Select(d => d.Message), Has.Some.Contains(message));
        });
    }
}
