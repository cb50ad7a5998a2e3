using System.Text.Json.Nodes;
using static ExportFlow.Simulation.Tests.Cli.CliTestHelper;

namespace ExportFlow.Simulation.Tests.Cli;

public class PosteriorRunTests
{
    private static readonly string[] PosteriorInputs = ["S", "d"];

    private const string Scenario = """
        name: small-network
        horizon: { periods: 3 }
        run: { trials: 2000, seed: 5 }
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
        policies:
          - name: watch
            rules:
              - { edges: { id: sg-cn }, set: { detection: 0.5 } }
        """;

    private static string Write(string text, string extension)
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

    private static double Mean(JsonNode summary, string outcome) => (double)summary[outcome]!["mean"]!;

    [Test]
    public void Run_Posterior_TrialITakesParticleIModN()
    {
        // Two particles: supply is 3·S exactly, so over 2,000 trials its mean is 3·(3000 + 5000)/2 = 12,000 and its
        // values are only 9,000 and 15,000.
        string posterior = Write("particle,z:S,z:d,S,d\n0,0,0,3000,0.2\n1,0,0,5000,0.4\n", ".csv");

        JsonNode json = Json(Run("run", Write(Scenario, ".yaml"), "--posterior", posterior, "--format", "json", "--quiet"));

        Assert.Multiple(() =>
        {
            Assert.That(Mean(json, "supply"), Is.EqualTo(12_000).Within(1e-9));
            Assert.That((double)json["supply"]!["min"]!, Is.EqualTo(9_000).Within(1e-9));
            Assert.That((double)json["supply"]!["max"]!, Is.EqualTo(15_000).Within(1e-9));
        });
    }

    [Test]
    public void RunAndCompare_Posterior_SummaryNamesTheFileItsSha256AndParticles()
    {
        string text = "particle,z:S,z:d,S,d\n0,0,0,3000,0.2\n1,0,0,5000,0.4\n";
        string posterior = Write(text, ".csv");
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        string scenario = Write(Scenario, ".yaml");

        JsonNode run = Json(Run("run", scenario, "--posterior", posterior, "--format", "json", "--quiet"));
        JsonNode compare = Json(Run("compare", scenario, "--posterior", posterior, "--format", "json", "--quiet"));
        JsonNode prior = Json(Run("run", scenario, "--format", "json", "--quiet"));

        Assert.Multiple(() =>
        {
            foreach (JsonNode json in new[] { run, compare, compare["runs"]![1]!["summary"]! })
            {
                Assert.That((string?)json["posterior"]!["file"], Is.EqualTo(posterior));
                Assert.That((string?)json["posterior"]!["sha256"], Is.EqualTo(expected));
                Assert.That((int)json["posterior"]!["particles"]!, Is.EqualTo(2));
                Assert.That(json["posterior"]!["inputs"]!.AsArray().Select(x => (string?)x), Is.EqualTo(PosteriorInputs));
            }

            Assert.That(prior.AsObject().ContainsKey("posterior"), Is.False, "a run under the priors has no posterior key");
        });
    }

    [Test]
    public void Compare_Posterior_EveryPolicySeesTheSameParticleInATrial()
    {
        // The policy only changes detection, so with the same inputs in each trial supply is identical trial by trial.
        string posterior = Write("particle,z:S,z:d,S,d\n0,0,0,3000,0.2\n1,0,0,5000,0.4\n2,0,0,4000,0.3\n", ".csv");

        JsonNode json = Json(Run("compare", Write(Scenario, ".yaml"), "--posterior", posterior, "--format", "json", "--quiet"));

        string text = json.ToJsonString();
        JsonNode supply = json["comparisons"]![0]!["paired"]!["supply"]!;
        Assert.Multiple(() =>
        {
            Assert.That((double)supply["meanDifference"]!, Is.EqualTo(0), text[..Math.Min(2000, text.Length)]);
            Assert.That((double)supply["probabilityEqual"]!, Is.EqualTo(1));
        });
    }

    [Test]
    public void Run_Posterior_SameNumbersOnOneAndTwoThreads()
    {
        string s = Write(Scenario, ".yaml"), posterior = Write("particle,z:S,z:d,S,d\n0,0,0,3000,0.2\n1,0,0,5000,0.4\n", ".csv");

        JsonNode one = Json(Run("run", s, "--posterior", posterior, "-t", "1", "--format", "json", "--quiet"));
        JsonNode two = Json(Run("run", s, "--posterior", posterior, "-t", "2", "--format", "json", "--quiet"));
        Assert.Multiple(() =>
        {
            Assert.That(two["leaked"]!.ToJsonString(), Is.EqualTo(one["leaked"]!.ToJsonString()));
            Assert.That(two["interdicted"]!.ToJsonString(), Is.EqualTo(one["interdicted"]!.ToJsonString()));
            Assert.That(two["bySource"]!.ToJsonString(), Is.EqualTo(one["bySource"]!.ToJsonString()));
        });
    }

    [TestCase("particle,z:S,z:x,S,x\n0,0,0,1,1\n", "", ":1:20: error:", "input 'x' of the posterior is not an uncertain per-trial input")]
    [TestCase("particle,z:S,S\n0,0,3000\n", "--sampling sobol", "", "--posterior fixes the calibrated inputs from the particles, and --sampling")]
    [TestCase("particle,z:S,S\n0,0,3000\n", "--trial 3", "", "leave out --posterior to replay one")]
    public void Run_BadPosterior_IsExit2(string posterior, string extra, string position, string message)
    {
        string file = Write(posterior, ".csv");
        string[] args = ["run", Write(Scenario, ".yaml"), "--posterior", file, .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

        CliResult r = Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr, Does.Contain(position.Length == 0 ? "error" : file + position));
        });
    }

    [Test]
    public void Run_PartialPosterior_WarnsThatTheOtherInputsKeepTheirPriors()
    {
        CliResult r = Run("run", Write(Scenario, ".yaml"), "--posterior", Write("particle,z:S,S\n0,0,3000\n", ".csv"), "--quiet");

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stderr, Does.Contain("does not fix d: drawn from their priors"));
        });
    }

    [TestCase("run")]
    [TestCase("compare")]
    public void LhsWithPrecision_IsExit2(string command)
    {
        CliResult r = Run(command, Write(Scenario, ".yaml"), "--sampling", "lhs", "--precision", "1%");

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stderr, Does.Contain("--sampling lhs divides a trial count fixed in advance"));
        });
    }
}
