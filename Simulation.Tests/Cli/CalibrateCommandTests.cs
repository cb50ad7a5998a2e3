using System.Text.Json;
using System.Text.Json.Nodes;
using static ExportFlow.Simulation.Tests.Cli.CliTestHelper;

namespace ExportFlow.Simulation.Tests.Cli;

public class CalibrateCommandTests
{
    // Supply S a month (lognormal, per trial) through a hub that diverts a share d (uniform) to a restricted buyer.
    private const string Scenario = """
        name: small-network
        horizon: { periods: 3 }
        run: { seed: 5 }
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

    private const string Evidence = """
        scenario: small-network
        evidence:
          - id: supply
            outcome: supply
            observed: 9000
            error: lognormal(0.05)
            source: a filing
          - id: seized
            outcome: interdicted
            periods: [1, 2]
            observed: 300
            error: normal(60)
            source: court records
        """;

    private static string Write(string text, string extension = ".yaml")
    {
        string path = Path.Combine(Path.GetTempPath(), $"exportflow-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonNode Json(CliResult r)
    {
        Assert.That(r.Code, Is.EqualTo(0), r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    [Test]
    public void Calibrate_OneAndTwoThreads_GiveTheSamePosterior()
    {
        string s = Write(Scenario), e = Write(Evidence);

        JsonNode one = Json(Run("calibrate", s, e, "--particles", "300", "--threads", "1", "--format", "json", "--quiet"));
        JsonNode two = Json(Run("calibrate", s, e, "--particles", "300", "--threads", "2", "--format", "json", "--quiet"));
        foreach (string timing in new[] { "seconds", "modelSeconds", "bookkeepingSeconds" })
        {
            one["sampler"]!.AsObject().Remove(timing);
            two["sampler"]!.AsObject().Remove(timing);
        }

        Assert.That(two.ToJsonString(), Is.EqualTo(one.ToJsonString()));
    }

    [Test]
    public void Calibrate_InformativeSupply_MovesItsInputAndNotTheOther()
    {
        // supply = 3·S observed at 9000 with a 5% error: S near 3000 (ln S ≈ 8.0 + a pull toward ln 3000 = 8.006),
        // narrower than its prior; d is only touched by the seizure count.
        JsonNode json = Json(Run("calibrate", Write(Scenario), Write(Evidence), "--particles", "1000", "--format", "json", "--quiet"));

        JsonNode s = json["inputs"]!.AsArray().Single(i => (string)i!["name"]! == "S")!;
        double priorWidth = (double)s["priorSpread"]!["p95"]! - (double)s["priorSpread"]!["p05"]!;
        double postWidth = (double)s["posteriorSpread"]!["p95"]! - (double)s["posteriorSpread"]!["p05"]!;
        JsonNode supply = json["observations"]!.AsArray().Single(o => (string)o!["id"]! == "supply")!;
        Assert.Multiple(() =>
        {
            Assert.That(postWidth, Is.LessThan(0.3 * priorWidth));
            Assert.That((double)supply["posteriorModelValue"]!["p50"]!, Is.EqualTo(9000).Within(300));
            Assert.That((string)supply["source"]!, Is.EqualTo("a filing"));
            Assert.That((int)json["observations"]![1]!["until"]!, Is.EqualTo(2));
            Assert.That(json["sampler"]!["steps"]!.AsArray()[^1]!["gamma"]!.GetValue<double>(), Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Calibrate_Out_WritesPosteriorWithOneRowPerParticle()
    {
        string dir = TempDirectory();

        CliResult r = Run("calibrate", Write(Scenario), Write(Evidence), "--particles", "200", "--out", dir, "--quiet");

        Assert.That(r.Code, Is.EqualTo(0), r.Stderr);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "posterior.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("particle,z:S,z:d,S,d,obs:supply,obs:seized,leaked,"));
            Assert.That(lines, Has.Length.EqualTo(201));
            Assert.That(File.Exists(Path.Combine(dir, "calibration.json")), Is.True);
            Assert.That(new FileInfo(Path.Combine(dir, "calibration-inputs.png")).Length, Is.GreaterThan(5000));
            Assert.That(new FileInfo(Path.Combine(dir, "calibration-leakage.png")).Length, Is.GreaterThan(5000));
        });
    }

    [TestCase("evidence:\n  - {id: a, outcome: leakd, observed: 1, error: normal(1), source: s}\n", "2:22", "'leakd' is not an outcome the engine reports; did you mean 'leaked'?")]
    [TestCase("evidence:\n  - {id: a, outcome: 'received[XX]', observed: 1, error: normal(1), source: s}\n", "2:22", "'XX' is not a country of scenario 'small-network'")]
    [TestCase("evidence:\n  - {id: a, outcome: leaked, observed: 1, error: normal(-1), source: s}\n", "2:50", "must be greater than 0")]
    [TestCase("evidence:\n  - {id: a, outcome: leaked, periods: [3, 1], observed: 1, error: normal(1), source: s}\n", "2:39", "is empty")]
    [TestCase("evidence:\n  - {id: a, outcome: 'leaked / blockedByCap', observed: 1, error: normal(1), source: s}\n", "2:22", "the denominator of 'leaked / blockedByCap' is 0 in a trial")]
    public void Calibrate_BadEvidence_IsALocatedExit2Error(string evidence, string position, string message)
    {
        string e = Write(evidence);
        string dir = TempDirectory();

        CliResult r = Run("calibrate", Write(Scenario), e, "--particles", "50", "--out", dir);

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stderr, Does.Contain($"{e}:{position}: error:"));
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(File.Exists(Path.Combine(dir, "posterior.csv")), Is.False);
        });
    }

    [Test]
    public void Calibrate_Cancelled_ExitsInterruptedAndWritesNothing()
    {
        string dir = TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var console = new Spectre.Console.Testing.TestConsole();
        using var errors = new StringWriter();

        int code = ExportFlow.Simulation.Cli.CliApp.Run(["calibrate", Write(Scenario), Write(Evidence), "--particles", "5000", "--out", dir], console, errors, cancel.Token);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(130));
            Assert.That(errors.ToString(), Does.Contain("interrupted: no posterior"));
            Assert.That(Directory.GetFiles(dir), Is.Empty);
        });
    }

    [TestCase("--particles", "5", "--particles must be")]
    [TestCase("--format", "csv", "--format 'csv' is not allowed; use table or json")]
    [TestCase("--partcles", "100", "did you mean '--particles'")]
    public void Calibrate_BadOption_IsExit2(string option, string value, string message)
    {
        CliResult r = Run("calibrate", Write(Scenario), Write(Evidence), option, value);

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(2));
            Assert.That(r.Stderr, Does.Contain(message));
        });
    }
}
