using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// scenarios/asean-2025.yaml and evidence/asean-2025.yaml: the scenario validates without warnings, its event
/// dates are those of the seeds/facts.csv rows they cite, its policies are the events they claim to be, every
/// figure of the asean-2025 section of docs/scenarios.md is what the commands printed there give, and a small
/// calibration is the same bit for bit on any thread count.
/// </summary>
public sealed partial class Asean2025ScenarioTests
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static readonly string[] s_eventRows =
        ["bis-oct2023-ac-rule", "sg-fraud-charged", "h20-licence-required-2025", "my-permit-notice", "aid-compliance-date"];

    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    // One `from:` line of a dated rule: `from: 28   # event: h20-licence-required-2025, 2025-04-09`.
    [GeneratedRegex(@"^\s*from:\s*(?<period>\d+)\s*#\s*event:\s*(?<id>[A-Za-z0-9_.-]+),\s*(?<date>\d{4}-\d{2}-\d{2})\s*$")]
    private static partial Regex EventLine();

    [GeneratedRegex(@"^\s*from:\s*\d")]
    private static partial Regex AnyFromLine();

    // A date written in a row's figure: "(9 Apr 2025)".
    [GeneratedRegex(@"\((?<d>\d{1,2}) (?<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<y>\d{4})\)")]
    private static partial Regex FigureDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex FullDate();

    private static string ScenarioPath => Path.Combine(CliTestHelper.RepositoryRoot(), "scenarios", "asean-2025.yaml");

    private static string EvidencePath => Path.Combine(CliTestHelper.RepositoryRoot(), "evidence", "asean-2025.yaml");

    private static Scenario LoadScenario()
    {
        LoadResult loaded = ScenarioLoader.Load(ScenarioPath);
        Assert.That(loaded.Scenario, Is.Not.Null, string.Join("\n", loaded.Diagnostics.Select(d => d.ToString())));
        return loaded.Scenario!;
    }

    [Test]
    public void Scenario_ValidatesStrictly_WithoutAnyWarning()
    {
        CliResult r = CliTestHelper.Run("validate", "--strict", ScenarioPath);

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(0), r.Stdout + r.Stderr);
            Assert.That(r.Stdout, Does.Contain("OK"));
            Assert.That(r.Stdout + r.Stderr, Does.Not.Contain("warning"));
        });
    }

    [Test]
    public void Scenario_UsesTheModelV2KeysTheIssueAsksFor()
    {
        Scenario s = LoadScenario();

        Assert.Multiple(() =>
        {
            Assert.That(s.Periods, Is.EqualTo(36));
            Assert.That(s.RouteChoice, Is.EqualTo(RouteChoice.Capacity));
            Assert.That(s.Correlations, Is.Not.Empty);
            Assert.That(s.Parameters.Single(p => p.Name == "supplyMonthly").Growth, Is.GreaterThan(0));
            Assert.That(s.Nodes.Single(n => n.Kind == NodeKind.Restricted).Attributes.ContainsKey(AttributeId.Learning), Is.True);
            Assert.That(File.ReadAllText(ScenarioPath), Does.Contain("period 1 = January 2023"));
        });
    }

    [Test]
    public void EventDates_MatchTheFactsRowsTheyCite_AndTheirPeriodIsTheMonthOfTheDate()
    {
        Dictionary<string, Dictionary<string, string>> facts = SeedDataTests
            .ReadCsv(Path.Combine(CliTestHelper.RepositoryRoot(), "seeds", "facts.csv"))
            .ToDictionary(r => r["id"], StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(ScenarioPath);
        var cited = new HashSet<string>(StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            for (int i = 0; i < lines.Length; i++)
            {
                if (!AnyFromLine().IsMatch(lines[i]))
                {
                    continue;
                }

                string where = $"asean-2025.yaml:{i + 1}";
                Match m = EventLine().Match(lines[i]);
                if (!m.Success)
                {
                    Assert.Fail($"{where}: a dated rule without '# event: <facts row>, <yyyy-mm-dd>': {lines[i].Trim()}");
                    continue;
                }

                string id = m.Groups["id"].Value;
                cited.Add(id);
                if (!facts.TryGetValue(id, out Dictionary<string, string>? row))
                {
                    Assert.Fail($"{where}: '{id}' is not a row of seeds/facts.csv");
                    continue;
                }

                DateOnly written = DateOnly.ParseExact(m.Groups["date"].Value, "yyyy-MM-dd", s_inv);
                DateOnly? fromRow = EventDate(row);
                Assert.That(fromRow, Is.Not.Null, $"{where}: row '{id}' states no day-exact date (in its figure or its date column)");
                Assert.That(written, Is.EqualTo(fromRow), $"{where}: the date written differs from row '{id}'");
                int period = ((written.Year - 2023) * 12) + written.Month;
                Assert.That(int.Parse(m.Groups["period"].Value, s_inv), Is.EqualTo(period), $"{where}: {written} is period {period}");
            }
        });

        Assert.That(cited, Is.EquivalentTo(s_eventRows));
    }

    [Test]
    public void Policies_HistoryHoldsEveryRealEvent_AndEachRemovalDropsExactlyOne()
    {
        Scenario s = LoadScenario();
        Dictionary<string, int[]> windows = s.Policies.ToDictionary(p => p.Name, p => p.Rules.Select(r => r.From).Distinct().Order().ToArray());
        int[] events = [10, 27, 28, 31];

        Assert.Multiple(() =>
        {
            Assert.That(windows["history"], Is.EqualTo(events));
            Assert.That(windows["history-without-oct-2023-rule"], Is.EqualTo(events.Except([10])));
            Assert.That(windows["history-without-sg-enforcement"], Is.EqualTo(events.Except([27])));
            Assert.That(windows["history-without-h20-licence"], Is.EqualTo(events.Except([28])));
            Assert.That(windows["history-without-my-permit"], Is.EqualTo(events.Except([31])));
            Assert.That(windows["history-with-diffusion-caps"], Is.EqualTo(events.Append(29).Order()));
            Assert.That(s.Policies.Single(p => p.Name == "history").Rules, Has.Count.EqualTo(5), "Singapore's event has two rules");
        });
    }

    [Test]
    public void DocumentedFigures_ReproduceToThePrintedDigit()
    {
        string section = DocSections.Of("scenarios.md", "## asean-2025");

        string[] run = ["run", "scenarios/asean-2025.yaml", "--policy", "history", "--by-period", "--quiet", "--format", "json"];
        string[] compare = ["compare", "scenarios/asean-2025.yaml", "--quiet", "--format", "json"];
        string[] withinHistory = ["compare", "scenarios/asean-2025.yaml", "--reference", "history", "--quiet", "--format", "json"];
        string[] calibrate = ["calibrate", "scenarios/asean-2025.yaml", "evidence/asean-2025.yaml", "--policy", "history", "--particles", "1000", "--quiet", "--format", "json"];
        foreach (string[] command in new[] { run, compare, withinHistory, calibrate })
        {
            Assert.That(section, Does.Contain("dotnet Simulation/bin/Release/net10.0/exportflow.dll " + string.Join(' ', command)));
        }

        var expected = new List<string>();
        using (JsonDocument h = RunJson(run))
        {
            Assert.That(h.RootElement.GetProperty("warnings").GetArrayLength(), Is.EqualTo(0));
            expected.AddRange(PerPeriodRows(h.RootElement));
        }

        using (JsonDocument c = RunJson(compare))
        using (JsonDocument r = RunJson(withinHistory))
        {
            Assert.That(c.RootElement.GetProperty("warnings").GetArrayLength(), Is.EqualTo(0));
            Assert.That(r.RootElement.GetProperty("reference").GetString(), Is.EqualTo("history"));
            expected.AddRange(CompareRows(c.RootElement));
            expected.AddRange(RemovalRows(c.RootElement, r.RootElement));
            expected.AddRange(CapRows(c.RootElement));
        }

        using (JsonDocument k = RunJson(calibrate))
        {
            expected.AddRange(CalibrationRows(k.RootElement));
        }

        string[] docLines = section.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Count.EqualTo(12 + 11 + 4 + 12 + 8 + 14));
            foreach (string line in expected)
            {
                if (!docLines.Contains(line, StringComparer.Ordinal))
                {
                    string key = line[..(line.IndexOf(" |", 2, StringComparison.Ordinal) + 2)];
                    string[] printed = [.. docLines.Where(l => l.StartsWith(key, StringComparison.Ordinal))];
                    Assert.Fail($"docs/scenarios.md, asean-2025, lacks the row\n  {line}\nrows printed with that key:\n  {string.Join("\n  ", printed)}");
                }
            }
        });
    }

    [Test]
    public void Calibration_SmallSmoke_IsTheSameBitForBitOnOneAndTwoThreads()
    {
        Scenario scenario = LoadScenario();
        EvidenceLoadResult loaded = EvidenceLoader.Load(EvidencePath, scenario);
        Assert.That(loaded.Diagnostics, Is.Empty);
        Policy history = scenario.Policies.Single(p => p.Name == "history");

        SmcResult Run(int threads) =>
            TemperedSmc.Run(new EngineCalibrationModel(scenario, PlanCompiler.Compile(scenario, history), loaded.Evidence!.Observations),
                new SmcOptions { Particles = 48, Seed = 2025, Threads = threads });

        SmcResult one = Run(1), two = Run(2);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Evidence!.Observations, Has.Count.EqualTo(14));
            Assert.That(two.Scores, Is.EqualTo(one.Scores).AsCollection);
            Assert.That(two.Outcomes, Is.EqualTo(one.Outcomes).AsCollection);
            Assert.That(two.LogLikelihoods, Is.EqualTo(one.LogLikelihoods).AsCollection);
            Assert.That(two.Steps.Count, Is.EqualTo(one.Steps.Count));
            Assert.That(one.LogLikelihoods.All(double.IsFinite), Is.True, "every particle fits the evidence with a finite likelihood");
        });
    }

    // ---------------- the rows of the documented tables, formatted as docs/scenarios.md prints them ----------------

    private static IEnumerable<string> PerPeriodRows(JsonElement run)
    {
        (int Period, string Month)[] periods =
        [
            (1, "Jan 2023"), (9, "Sep 2023"), (10, "Oct 2023"), (12, "Dec 2023"), (24, "Dec 2024"), (26, "Feb 2025"),
            (27, "Mar 2025"), (28, "Apr 2025"), (29, "May 2025"), (30, "Jun 2025"), (31, "Jul 2025"), (36, "Dec 2025"),
        ];
        foreach ((int p, string month) in periods)
        {
            Assert.That(month, Is.EqualTo($"{s_months[(p - 1) % 12]} {2023 + ((p - 1) / 12)}"));
            JsonElement r = run.GetProperty("byPeriod")[p - 1];
            Assert.That(r.GetProperty("period").GetInt32(), Is.EqualTo(p));
            JsonElement l = r.GetProperty("leaked");
            Dictionary<string, double> byCountry = r.GetProperty("leakedBySourceCountry").EnumerateArray()
                .ToDictionary(x => x.GetProperty("country").GetString()!, x => x.GetProperty("leaked").GetProperty("mean").GetDouble());
            yield return $"| {p} | {month} | {N0(l, "mean")} | {N0(l, "standardError")} | {N0(l, "p05")} | {N0(l, "p95")} | " +
                $"{N0(byCountry["MY"])} | {N0(byCountry["SG"])} | {N0(byCountry["TH"])} | {N0(r.GetProperty("licensedToRestricted"), "mean")} |";
        }
    }

    private static IEnumerable<string> CompareRows(JsonElement c)
    {
        foreach (JsonElement run in c.GetProperty("runs").EnumerateArray())
        {
            string label = run.GetProperty("label").GetString()!;
            JsonElement s = run.GetProperty("summary").GetProperty("leaked");
            if (label == "baseline")
            {
                yield return $"| baseline | {N0(s, "mean")} | {N0(s, "standardError")} | | | |";
                continue;
            }

            JsonElement p = Paired(c, label);
            yield return $"| {label} | {N0(s, "mean")} | {N0(s, "standardError")} | {N0(p, "meanDifference")} | " +
                $"{N0(p, "differenceLow")} to {N0(p, "differenceHigh")} | {N0(p, "pairedIntervalWidth")} |";
        }
    }

    private static IEnumerable<string> RemovalRows(JsonElement c, JsonElement withinHistory)
    {
        (string Event, string Month, string Without)[] events =
        [
            ("oct-2023-rule", "Oct 2023", "history-without-oct-2023-rule"),
            ("sg-enforcement", "Mar 2025", "history-without-sg-enforcement"),
            ("h20-licence", "Apr 2025", "history-without-h20-licence"),
            ("my-permit", "Jul 2025", "history-without-my-permit"),
        ];
        JsonElement history = Run(c, "history");
        foreach ((string e, string month, string without) in events)
        {
            JsonElement w = Run(c, without);
            double change = Leaked(history) - Leaked(w);
            // The event's effect within history is −(history-without-it − history), paired with history trial by trial.
            JsonElement paired = Paired(withinHistory, without);
            Assert.That(-paired.GetProperty("meanDifference").GetDouble(), Is.EqualTo(change).Within(1e-6 * Math.Max(1, Math.Abs(change))), "the paired mean equals the difference of the means");
            double halfWidth = paired.GetProperty("pairedIntervalWidth").GetDouble() / 2;
            yield return $"| {e} | {month} | {N0(change)} | {N0(halfWidth)} | {Cell(history, w, "source", "MY")} | {Cell(history, w, "source", "SG")} | " +
                $"{Cell(history, w, "source", "TH")} | {Cell(history, w, "source", "US")} | {Cell(history, w, "transit", "HK")} |";
        }
    }

    private static IEnumerable<string> CapRows(JsonElement c)
    {
        JsonElement h = Run(c, "history").GetProperty("summary"), k = Run(c, "history-with-diffusion-caps").GetProperty("summary");
        foreach (string key in new[] { "leaked", "interdicted", "delivered", "blockedByCap", "blockedByLicence", "unmet" })
        {
            double a = h.GetProperty(key).GetProperty("mean").GetDouble(), b = k.GetProperty(key).GetProperty("mean").GetDouble();
            yield return $"| {key} | {N0(a)} | {N0(b)} | {N0(b - a)} |";
        }

        foreach (string country in new[] { "MY", "SG", "TH", "VN", "US", "TW" })
        {
            double a = ByCountry(h, "source", country).GetProperty("mean").GetDouble(), b = ByCountry(k, "source", country).GetProperty("mean").GetDouble();
            yield return $"| leaked from {country} | {N0(a)} | {N0(b)} | {N0(b - a)} |";
        }
    }

    private static IEnumerable<string> CalibrationRows(JsonElement k)
    {
        Dictionary<string, JsonElement> inputs = k.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        foreach ((string name, Func<double, string> f) in new (string, Func<double, string>)[]
        {
            ("prcDemand", N0), ("wMy", F4), ("wSg", F4), ("divSeaDist", F4), ("divSeaCloud", F4), ("supplyMonthly", N0),
        })
        {
            yield return $"| {name} | {Spread(inputs[name].GetProperty("priorSpread"), f)} | {Spread(inputs[name].GetProperty("posteriorSpread"), f)} |";
        }

        foreach (string key in new[] { "leaked", "illicitDemand" })
        {
            JsonElement o = k.GetProperty("outcomes").GetProperty(key);
            yield return $"| {key} (36 months) | {Spread(o.GetProperty("prior"), N0)} | {Spread(o.GetProperty("posterior"), N0)} |";
        }

        foreach (JsonElement o in k.GetProperty("observations").EnumerateArray())
        {
            JsonElement prior = o.GetProperty("priorModelValue"), posterior = o.GetProperty("posteriorModelValue");
            string over = o.TryGetProperty("denominatorFrom", out JsonElement df) ? $" over {df.GetInt32()}–{o.GetProperty("denominatorUntil").GetInt32()}" : "";
            yield return $"| {o.GetProperty("id").GetString()} | {o.GetProperty("outcome").GetString()}, {o.GetProperty("from").GetInt32()}–{o.GetProperty("until").GetInt32()}{over} | " +
                $"{Value(o.GetProperty("observed").GetDouble())} | {o.GetProperty("error").GetString()} | {Value(prior.GetProperty("p50").GetDouble())} | " +
                $"{Value(posterior.GetProperty("p50").GetDouble())} [{Value(posterior.GetProperty("p05").GetDouble())}, {Value(posterior.GetProperty("p95").GetDouble())}] | " +
                $"{o.GetProperty("priorTail").GetDouble().ToString("F3", s_inv)} |";
        }
    }

    // ---------------- helpers ----------------

    // Runs a documented command in-process, with its repository-relative paths made absolute (the working directory
    // is not changed, since other tests run alongside).
    internal static JsonDocument RunJson(string[] args)
    {
        string[] absolute = [.. args.Select(a => a.EndsWith(".yaml", StringComparison.Ordinal) ? Path.Combine(CliTestHelper.RepositoryRoot(), a) : a)];
        CliResult r = CliTestHelper.Run(absolute);
        Assert.That(r.Code, Is.EqualTo(0), string.Join(' ', args) + "\n" + r.Stderr);
        return JsonDocument.Parse(r.Stdout);
    }

    private static DateOnly? EventDate(Dictionary<string, string> row)
    {
        Match m = FigureDate().Match(row["figure"]);
        if (m.Success)
        {
            return new DateOnly(int.Parse(m.Groups["y"].Value, s_inv), Array.IndexOf(s_months, m.Groups["m"].Value) + 1, int.Parse(m.Groups["d"].Value, s_inv));
        }

        return FullDate().IsMatch(row["date"]) ? DateOnly.ParseExact(row["date"], "yyyy-MM-dd", s_inv) : null;
    }

    private static JsonElement Run(JsonElement c, string label) =>
        c.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label);

    private static JsonElement Paired(JsonElement c, string label) =>
        c.GetProperty("comparisons").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label).GetProperty("paired").GetProperty("leaked");

    private static double Leaked(JsonElement run) => run.GetProperty("summary").GetProperty("leaked").GetProperty("mean").GetDouble();

    private static JsonElement ByCountry(JsonElement summary, string kind, string country) =>
        summary.GetProperty("byCountry").GetProperty(kind).EnumerateArray().Single(x => x.GetProperty("country").GetString() == country).GetProperty("leaked");

    // Change of the mean by country, ± the noise of independent runs 1.96·√(se₁² + se₂²) (docs/compare.md).
    private static string Cell(JsonElement a, JsonElement b, string kind, string country)
    {
        JsonElement x = ByCountry(a.GetProperty("summary"), kind, country), y = ByCountry(b.GetProperty("summary"), kind, country);
        double change = x.GetProperty("mean").GetDouble() - y.GetProperty("mean").GetDouble();
        double noise = 1.96 * Math.Sqrt(Math.Pow(x.GetProperty("standardError").GetDouble(), 2) + Math.Pow(y.GetProperty("standardError").GetDouble(), 2));
        return $"{N0(change)} ± {N0(noise)}";
    }

    private static string Spread(JsonElement s, Func<double, string> f) =>
        $"{f(s.GetProperty("p50").GetDouble())} [{f(s.GetProperty("p05").GetDouble())}, {f(s.GetProperty("p95").GetDouble())}]";

    private static string Value(double x) => Math.Abs(x) >= 10 || x == Math.Round(x) ? N0(x) : F4(x);

    private static string N0(JsonElement e, string property) => N0(e.GetProperty(property).GetDouble());

    private static string N0(double x) => x.ToString("N0", s_inv);

    private static string F4(double x) => x.ToString("F4", s_inv);
}
