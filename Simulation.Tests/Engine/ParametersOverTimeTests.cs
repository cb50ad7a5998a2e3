using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Tests.Engine;

/// <summary>
/// Model v2 parameters: growth, AR(1) autocorrelation in normal scores and rank correlations through a Gaussian
/// copula. Statistical checks use a fixed seed and tolerances of a few standard errors of the estimator.
/// </summary>
public class ParametersOverTimeTests
{
    private const int Periods = 6;

    private static string Network(string parameters, string correlations = "") => $$"""
        name: over-time
        horizon: { periods: {{Periods}}, unit: month }
        parameters:
        {{parameters}}
        {{correlations}}
        nodes:
          - { id: us, kind: supplier, country: US, supply: supply }
          - { id: sg, kind: hub, country: SG, diversion: div }
          - { id: my, kind: hub, country: MY, diversion: divMy }
          - { id: mkt, kind: market, country: SG, demand: .inf }
          - { id: cn, kind: restricted, country: CN, illicitDemand: demand }
        edges:
          - { from: us, to: sg, channel: legit }
          - { from: us, to: my, channel: legit }
          - { from: sg, to: mkt, channel: legit }
          - { from: my, to: mkt, channel: legit }
          - { from: sg, to: cn, channel: illicit, detection: 0.1 }
          - { from: my, to: cn, channel: illicit, detection: 0.1 }
        """;

    private const string Plain = """
          supply: 1000
          div: 0.1
          divMy: 0.1
          demand: 50
        """;

    private static (Scenario Scenario, FlowPlan Plan) Compile(string yaml)
    {
        LoadResult result = ScenarioLoader.LoadFromString("v2.yaml", yaml);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return (result.Scenario!, PlanCompiler.Compile(result.Scenario!, null));
    }

    private static int DrawOf(FlowPlan plan, string parameter) => Array.IndexOf(plan.DrawKeys, SplitMix64.HashString($"p:{parameter}"));

    /// <summary>The value of <paramref name="parameter"/>'s draw in every period of trials 0..n−1: [trial][period − 1].</summary>
    private static double[][] Series(FlowPlan plan, string parameter, int trials)
    {
        int d = DrawOf(plan, parameter);
        Assert.That(d, Is.GreaterThanOrEqualTo(0), $"no draw for {parameter}");
        return [.. Enumerable.Range(0, trials).Select(i => MonteCarloRunner.Replay(plan, 2024, i).Trace.Draws.Select(p => p[d]).ToArray())];
    }

    [Test]
    public void Growth_FixedSupply_GrowsGeometricallyPeriodByPeriod()
    {
        var (_, plan) = Compile(Network(Plain.Replace("supply: 1000", "supply: { value: 1000, growth: 0.1 }", StringComparison.Ordinal)));

        var (_, trace) = MonteCarloRunner.Replay(plan, 1, 0);

        for (int t = 1; t <= Periods; t++)
        {
            Assert.That(trace.Periods[t - 1].Outcomes[(int)Outcome.Supply], Is.EqualTo(1000 * Math.Pow(1.1, t - 1)).Within(1e-9), $"period {t}");
        }
    }

    [Test]
    public void Growth_PerTrialDraw_IsDrawnOnceAndGrows()
    {
        var (_, plan) = Compile(Network(Plain.Replace("supply: 1000", "supply: { value: \"uniform(900, 1100)\", growth: -0.05 }", StringComparison.Ordinal)));

        foreach (double[] series in Series(plan, "supply", 20))
        {
            for (int t = 2; t <= Periods; t++)
            {
                Assert.That(series[t - 1] / series[0], Is.EqualTo(Math.Pow(0.95, t - 1)).Within(1e-12));
            }
        }
    }

    [TestCase("gamma(2, 500)")]
    [TestCase("pert(10, 40, 200)")]
    [TestCase("beta(0.5, 3, 0, 400)")]
    [TestCase("lognormal(p05=20, p95=900)")]
    [TestCase("normal(100, 30, 0, 150)")]
    public void Autocorrelation_EveryPeriodHasTheStatedMarginal_AndLagKScoresCorrelateAsRhoToTheK(string distribution)
    {
        const double Rho = 0.7;
        const int Trials = 4000;
        string parameters = Plain.Replace("demand: 50", $"demand: {{ value: \"{distribution}\", perPeriod: true, autocorrelation: {Rho} }}", StringComparison.Ordinal);
        var (scenario, plan) = Compile(Network(parameters));
        Distribution f = ((DistributionQuantity)scenario.Parameters.Single(p => p.Name == "demand").Value).Distribution;

        double[][] values = Series(plan, "demand", Trials);

        // Kolmogorov–Smirnov against F in every period (critical value at α = 0.001: 1.95/√n).
        for (int t = 0; t < Periods; t++)
        {
            double[] sorted = [.. values.Select(v => v[t]).Order()];
            double d = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                double cdf = Cdf.Of(f, sorted[i]);
                d = Math.Max(d, Math.Max(((i + 1.0) / sorted.Length) - cdf, cdf - ((double)i / sorted.Length)));
            }

            Assert.That(d, Is.LessThan(1.95 / Math.Sqrt(Trials)), $"KS distance in period {t + 1}");
        }

        // Lag-k correlation of the normal scores: Fisher's z has standard error 1/√(n − 3).
        double[][] scores = [.. values.Select(v => v.Select(x => Cdf.NormalScore(f, x)).ToArray())];
        for (int k = 1; k <= 3; k++)
        {
            double r = Pearson([.. scores.Select(z => z[0])], [.. scores.Select(z => z[k])]);
            double se = 1 / Math.Sqrt(Trials - 3);
            Assert.That(Math.Atanh(r), Is.EqualTo(Math.Atanh(Math.Pow(Rho, k))).Within(4 * se), $"lag {k}: r = {r}");
        }
    }

    [TestCase(0.6)]
    [TestCase(-0.4)]
    public void Correlations_PerTrial_SampleRankCorrelationMeetsTheTarget(double rank)
    {
        const int Trials = 6000;
        string parameters = Plain.Replace("div: 0.1", "div: \"pert(0.01, 0.05, 0.3)\"", StringComparison.Ordinal)
            .Replace("divMy: 0.1", "divMy: \"beta(2, 30)\"", StringComparison.Ordinal);
        string correlations = $"correlations:\n  - {{ between: [div, divMy], rank: {rank} }}";
        var (_, plan) = Compile(Network(parameters, correlations));
        double[] a = [.. Series(plan, "div", Trials).Select(s => s[0])];
        double[] b = [.. Series(plan, "divMy", Trials).Select(s => s[0])];

        double rs = Pearson(Ranks(a), Ranks(b));

        // Fisher's z of Spearman's ρ has standard error √(1.06/(n − 3)).
        Assert.That(Math.Atanh(rs), Is.EqualTo(Math.Atanh(rank)).Within(3 * Math.Sqrt(1.06 / (Trials - 3))), $"r_s = {rs}");
    }

    [Test]
    public void Correlations_PerPeriodWithSharedAutocorrelation_KeepBothCrossAndSerialCorrelation()
    {
        const int Trials = 4000;
        const double Rank = 0.5, Rho = 0.6;
        string parameters = Plain.Replace("div: 0.1", $"div: {{ value: \"uniform(0.01, 0.2)\", perPeriod: true, autocorrelation: {Rho} }}", StringComparison.Ordinal)
            .Replace("divMy: 0.1", $"divMy: {{ value: \"uniform(0.01, 0.2)\", perPeriod: true, autocorrelation: {Rho} }}", StringComparison.Ordinal);
        var (_, plan) = Compile(Network(parameters, $"correlations:\n  - {{ between: [div, divMy], rank: {Rank} }}"));
        double[][] a = Series(plan, "div", Trials), b = Series(plan, "divMy", Trials);

        double se = Math.Sqrt(1.06 / (Trials - 3));
        for (int t = 0; t < Periods; t += 2)
        {
            double rs = Pearson(Ranks([.. a.Select(s => s[t])]), Ranks([.. b.Select(s => s[t])]));
            Assert.That(Math.Atanh(rs), Is.EqualTo(Math.Atanh(Rank)).Within(3 * se), $"cross, period {t + 1}");
        }

        // Uniform(0.01, 0.2) is linear in Φ(z), so the rank correlation of z_1 and z_2 is that of the values.
        double serial = Pearson(Ranks([.. a.Select(s => s[0])]), Ranks([.. a.Select(s => s[1])]));
        double expected = 6 / Math.PI * Math.Asin(Rho / 2);
        Assert.That(Math.Atanh(serial), Is.EqualTo(Math.Atanh(expected)).Within(3 * se), $"serial r_s = {serial}");
    }

    [Test]
    public void Correlations_NotPositiveDefinite_IsALocatedErrorNamingTheParameters()
    {
        string parameters = Plain.Replace("div: 0.1", "div: \"uniform(0, 0.2)\"", StringComparison.Ordinal)
            .Replace("divMy: 0.1", "divMy: \"uniform(0, 0.2)\"\n  third: \"uniform(0, 1)\"", StringComparison.Ordinal);
        string correlations = "correlations:\n  - { between: [div, divMy], rank: 0.9 }\n  - { between: [div, third], rank: 0.9 }\n  - { between: [divMy, third], rank: -0.9 }";

        LoadResult result = ScenarioLoader.LoadFromString("pd.yaml", Network(parameters, correlations));

        Diagnostic error = result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain("not positive definite").And.Contain("div, divMy, third"));
        Assert.That(error.Location.Line, Is.EqualTo(10));
    }

    [TestCase("div: { value: \"uniform(0, 0.2)\", autocorrelation: 0.5 }", "needs 'perPeriod: true'", 5)]
    [TestCase("div: { value: 0.1, perPeriod: true, autocorrelation: 0.5 }", "needs a distribution", 5)]
    [TestCase("div: { value: \"uniform(0, 0.2)\", perPeriod: true, autocorrelation: 1 }", "out of range; allowed: 0 ≤ ρ < 1", 5)]
    [TestCase("div: { value: 0.1, growth: -1 }", "greater than −1", 5)]
    public void ParameterKeys_Invalid_AreLocatedErrors(string line, string message, int lineNumber)
    {
        LoadResult result = ScenarioLoader.LoadFromString("keys.yaml", Network(Plain.Replace("div: 0.1", line, StringComparison.Ordinal)));

        Diagnostic error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain(message), string.Join("\n", result.Diagnostics));
        Assert.That(error.Location.Line, Is.EqualTo(lineNumber));
    }

    [TestCase("  - { between: [div, divMy], rank: 0.5 }", "per-trial parameters (divMy) with per-period ones (div)")]
    [TestCase("  - { between: [div, dvMy], rank: 0.5 }", "did you mean 'divMy'?")]
    [TestCase("  - { between: [div, divMy], rank: 1 }", "out of range")]
    public void Correlations_Invalid_AreLocatedErrors(string pair, string message)
    {
        string parameters = Plain.Replace("div: 0.1", "div: { value: \"uniform(0, 0.2)\", perPeriod: true }", StringComparison.Ordinal)
            .Replace("divMy: 0.1", "divMy: \"uniform(0, 0.2)\"", StringComparison.Ordinal);

        LoadResult result = ScenarioLoader.LoadFromString("corr.yaml", Network(parameters, "correlations:\n" + pair));

        Diagnostic error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain(message), string.Join("\n", result.Diagnostics));
        Assert.That(error.Location.Line, Is.EqualTo(9));
    }

    [Test]
    public void Correlations_PerPeriodWithDifferentAutocorrelations_IsAnError()
    {
        string parameters = Plain.Replace("div: 0.1", "div: { value: \"uniform(0, 0.2)\", perPeriod: true, autocorrelation: 0.5 }", StringComparison.Ordinal)
            .Replace("divMy: 0.1", "divMy: { value: \"uniform(0, 0.2)\", perPeriod: true }", StringComparison.Ordinal);

        LoadResult result = ScenarioLoader.LoadFromString("corr.yaml", Network(parameters, "correlations:\n  - { between: [div, divMy], rank: 0.3 }"));

        Assert.That(result.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error).Message, Does.Contain("must share one autocorrelation"));
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(double[] x)
    {
        int[] order = [.. Enumerable.Range(0, x.Length).OrderBy(i => x[i])];
        var ranks = new double[x.Length];
        for (int r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r;
        }

        return ranks;
    }
}
