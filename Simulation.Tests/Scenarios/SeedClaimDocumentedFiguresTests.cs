using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// docs/scenarios.md, seed-claim: the per-year table ("The claim year by year") and the totals quoted in the text
/// reproduce to the printed digit from the commands the page gives (run --by-period, 20,000 trials, seed 2024,
/// baseline and tighten-singapore), with each year's sum of monthly means and its bound on the standard error
/// (the sum of the months' standard errors) computed here from summary.json as the page's jq lines do.
/// </summary>
public class SeedClaimDocumentedFiguresTests
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    [Test]
    public void SeedClaim_PerYearTable_ReproducesToThePrintedDigit()
    {
        using JsonDocument claim = Run(null);
        using JsonDocument tightened = Run("tighten-singapore");
        string doc = File.ReadAllText(Path.Combine(CliTestHelper.RepositoryRoot(), "docs", "scenarios.md"));

        Assert.Multiple(() =>
        {
            for (int year = 0; year < 3; year++)
            {
                var (supply, supplySe) = YearSum(claim, year, p => p.GetProperty("supply"));
                var (leaked, leakedSe) = YearSum(claim, year, p => p.GetProperty("leaked"));
                var (sg, sgSe) = YearSum(claim, year, Singapore);
                var (sgPolicy, sgPolicySe) = YearSum(tightened, year, Singapore);
                var (leakedPolicy, leakedPolicySe) = YearSum(tightened, year, p => p.GetProperty("leaked"));
                string row = string.Create(s_inv,
                    $"| {2023 + year} | {supply:N0} ± {supplySe:N0} | {leaked:N0} ± {leakedSe:N0} | {sg:N0} ± {sgSe:N0} | " +
                    $"{Math.Round(100 * sg / leaked):0} % | {sgPolicy:N0} ± {sgPolicySe:N0} | {leakedPolicy:N0} ± {leakedPolicySe:N0} |");
                Assert.That(doc, Does.Contain(row), $"year {2023 + year}: the row the runs give");
            }

            double billedSg = claim.RootElement.GetProperty("billing").EnumerateArray()
                .Single(c => c.GetProperty("country").GetString() == "SG").GetProperty("billed").GetProperty("mean").GetDouble();
            double leakedTotal = claim.RootElement.GetProperty("leaked").GetProperty("mean").GetDouble();
            Assert.That(doc, Does.Contain(string.Create(s_inv, $"the claim bills {billedSg:N0} H100e to Singapore")));
            Assert.That(doc, Does.Contain(string.Create(s_inv, $"│ leaked               │ {leakedTotal:N0} │")));
        });
    }

    private static JsonDocument Run(string? policy)
    {
        string file = Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "seed-claim.yaml");
        string[] args = ["run", file, "--trials", "20000", "--quiet", "--by-period", "--format", "json"];
        if (policy is not null)
        {
            args = [.. args, "--policy", policy];
        }

        CliResult r = CliTestHelper.Run(args);
        Assert.That(r.Code, Is.Zero, r.Stderr);
        return JsonDocument.Parse(r.Stdout);
    }

    private static JsonElement Singapore(JsonElement period) =>
        period.GetProperty("leakedBySourceCountry").EnumerateArray().Single(c => c.GetProperty("country").GetString() == "SG").GetProperty("leaked");

    // Sum of the year's twelve monthly means (the year's mean) and of their standard errors (a bound on its own).
    private static (double Mean, double StandardErrorBound) YearSum(JsonDocument run, int year, Func<JsonElement, JsonElement> stat)
    {
        double mean = 0, se = 0;
        foreach (JsonElement period in run.RootElement.GetProperty("byPeriod").EnumerateArray().Skip(12 * year).Take(12))
        {
            JsonElement s = stat(period);
            mean += s.GetProperty("mean").GetDouble();
            se += s.GetProperty("standardError").GetDouble();
        }

        return (Math.Round(mean), Math.Round(se));
    }
}
