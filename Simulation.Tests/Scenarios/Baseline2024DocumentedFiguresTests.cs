using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// docs/scenarios.md, baseline-2024 (capacity-weighted route choice): the calibration targets table, the baseline's and
/// two policies' rows of the policy tables, the billing line for Singapore and the capacity-weighted column of the
/// route-choice comparison reproduce to the printed digit from the commands the page gives (run, 20,000 trials,
/// seed 2024 from the file, --format json; the console's numbers are the JSON's, formatted).
/// </summary>
public class Baseline2024DocumentedFiguresTests
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private static readonly string[] s_sourceCountries = ["MY", "TH", "SG", "US", "VN", "TW", "AE", "IN"];
    private static readonly string[] s_tallies = ["interdicted", "flagged", "deterred", "delivered", "blockedByLicence", "blockedByCap"];

    [Test]
    public void Baseline2024_PolicyTablesAndRouteChoiceComparison_ReproduceToThePrintedDigit()
    {
        using JsonDocument baseline = Run(null);
        using JsonDocument singapore = Run("tighten-singapore");
        using JsonDocument malaysia = Run("malaysia-permit-2025");
        string doc = DocSections.Of("scenarios.md", "## baseline-2024");
        double baseMean = Stat(baseline, "leaked", "mean");

        Assert.Multiple(() =>
        {
            // Calibration result: run against the targets.
            Assert.That(doc, Does.Contain(F($"| median | {Stat(baseline, "leaked", "p50"):N0} | 60,000–250,000 |")));
            Assert.That(doc, Does.Contain(F($"| p05 | {Stat(baseline, "leaked", "p05"):N0} | 5,000–30,000 |")));
            Assert.That(doc, Does.Contain(F($"| p95 | {Stat(baseline, "leaked", "p95"):N0} | 200,000–800,000 |")));
            Assert.That(doc, Does.Contain(F($"| mean | {baseMean:N0} | | |")));

            // Policies: the tallies table and the leaked-by-source-country table, one row per run.
            foreach (var (name, run) in new[] { ("baseline", baseline), ("tighten-singapore", singapore), ("malaysia-permit-2025", malaysia) })
            {
                double mean = Stat(run, "leaked", "mean");
                double change = 100 * (mean - baseMean) / baseMean;
                string row = F($"| {name} | {mean:N0} | {Stat(run, "leaked", "p05"):N0} | {Stat(run, "leaked", "p50"):N0} | {Stat(run, "leaked", "p95"):N0} | ") +
                    change.ToString("+0.0;-0.0;+0.0", s_inv) + "% | " +
                    string.Join(" | ", s_tallies.Select(o => Stat(run, o, "mean").ToString("N0", s_inv))) + " |";
                Assert.That(doc, Does.Contain(row), $"{name}: tallies row");

                string byCountry = $"| {name} | " + string.Join(" | ", s_sourceCountries.Select(c => Source(run, c).ToString("N0", s_inv))) + " |";
                Assert.That(doc, Does.Contain(byCountry), $"{name}: leaked by source country");
            }

            // Billing: Singapore billed vs received vs leaked through it.
            JsonElement sg = baseline.RootElement.GetProperty("billing").EnumerateArray().Single(c => c.GetProperty("country").GetString() == "SG");
            double billed = sg.GetProperty("billed").GetProperty("mean").GetDouble(), received = sg.GetProperty("received").GetProperty("mean").GetDouble();
            Assert.That(doc, Does.Contain(F($"receives 3.0 % ({received:N0}), and {Source(baseline, "SG"):N0} leak through it")));
            Assert.That(doc, Does.Contain(F($"Singapore is billed 20 % of controlled supply ({billed:N0} of")));

            // The route-choice comparison, capacity-weighted column (the file).
            JsonElement regime = baseline.RootElement.GetProperty("regime");
            Assert.That(doc, Does.Contain(F($"| {baseMean:N0} ± {Stat(baseline, "leaked", "standardError"):N0} |")));
            Assert.That(doc, Does.Contain(F($"| {Stat(baseline, "leaked", "p05"):N0} / {Stat(baseline, "leaked", "p50"):N0} / {Stat(baseline, "leaked", "p95"):N0} |")));
            Assert.That(doc, Does.Contain(F($"| deterred, mean | 1,279 | {Stat(baseline, "deterred", "mean"):N0} |")));
            Assert.That(doc, Does.Contain(F($"| unmet, mean | 239,018 | {Stat(baseline, "unmet", "mean"):N0} |")));
            Assert.That(doc, Does.Contain(F($"| P(unmet > 0) | 0.453 | {regime.GetProperty("probabilityUnmet").GetDouble():0.000} |")));
            Assert.That(doc, Does.Contain(F($"| share of active sources saturated (mean) | 0.722 | {regime.GetProperty("saturatedShare").GetProperty("mean").GetDouble():0.000} |")));
            Assert.That(doc, Does.Contain(F($"| 52,793 / 20,096 / 18,430 | {Source(baseline, "MY"):N0} / {Source(baseline, "TH"):N0} / {Source(baseline, "SG"):N0} |")));
        });
    }

    private static string F(FormattableString s) => s.ToString(s_inv);

    // The baseline-2024 section only, so that a figure found elsewhere on the page cannot pass for it.
    private static JsonDocument Run(string? policy)
    {
        string file = Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "baseline-2024.yaml");
        string[] args = ["run", file, "--trials", "20000", "--quiet", "--format", "json"];
        if (policy is not null)
        {
            args = [.. args, "--policy", policy];
        }

        CliResult r = CliTestHelper.Run(args);
        Assert.That(r.Code, Is.Zero, r.Stderr);
        return JsonDocument.Parse(r.Stdout);
    }

    private static double Stat(JsonDocument run, string outcome, string statistic) =>
        run.RootElement.GetProperty(outcome).GetProperty(statistic).GetDouble();

    private static double Source(JsonDocument run, string country) =>
        run.RootElement.GetProperty("byCountry").GetProperty("source").EnumerateArray()
            .Single(c => c.GetProperty("country").GetString() == country).GetProperty("leaked").GetProperty("mean").GetDouble();
}
