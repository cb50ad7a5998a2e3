using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Tests.Cli;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// The figures the docs print from <c>exportflow calibrate</c> reproduce to the printed digit from the commands the
/// docs give, each run once in-process with <c>--format json</c> (the console's numbers are the JSON's, formatted):
/// docs/calibration.md's baseline-2024 worked example (its observations, inputs, leakage and drop-one tables from
/// the full run, and the figures its text quotes from that run), the capacity-weighted column of docs/scenarios.md's
/// "Prior against posterior" table for baseline-2024, and docs/scenarios.md's seed-claim observations table with
/// the figures its bullets quote from it. Every row is built as the page formats it and must be found verbatim.
/// </summary>
public sealed partial class CalibrationDocumentedFiguresTests
{
    private const string Exe = "dotnet Simulation/bin/Release/net10.0/exportflow.dll ";

    // The documented commands, as the pages print them (docs/calibration.md breaks the first over two lines).
    private const string BaselineCommand = "calibrate scenarios/baseline-2024.yaml evidence/baseline-2024.yaml --particles 2000 --seed 2024 --out out/calibration";
    private const string RouteCalibrateCommand = "calibrate baseline-2024-routes.yaml evidence/baseline-2024.yaml --particles 2000 --seed 2024 --out out/calibration-routes";
    private const string RoutePosteriorCommand = "run baseline-2024-routes.yaml --trials 20000 --quiet --posterior out/calibration-routes/posterior.csv --format json";
    private const string SeedClaimCommand = "calibrate scenarios/seed-claim.yaml evidence/seed-claim.yaml --quiet --out out/seed-claim-calibration";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] s_monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] s_numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    // The baseline calibration is run once, with --out (as documented) into a temporary folder, so that its
    // posterior.csv can be counted and fed to `run --posterior`; the seed-claim one once, with --format json only.
    private static readonly string s_outDirectory = CliTestHelper.TempDirectory();
    private static readonly Lazy<BaselineRuns> s_baseline = new(RunBaseline);
    private static readonly Lazy<JsonDocument> s_seedClaim = new(() => Asean2025ScenarioTests.RunJson(
        [.. SeedClaimCommand.Replace("--out out/seed-claim-calibration", "--format json", StringComparison.Ordinal).Split(' ')]));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^lognormal\((?<s>[0-9.]+)\)$")]
    private static partial Regex LognormalError();

    private sealed record BaselineRuns(JsonElement Calibration, string PosteriorCsv, JsonElement UnderPosterior);

    [OneTimeTearDown]
    public void RemoveOutput()
    {
        if (Directory.Exists(s_outDirectory))
        {
            Directory.Delete(s_outDirectory, recursive: true);
        }
    }

    [Test]
    public void CalibrationMd_Baseline2024WorkedExample_ReproducesToThePrintedDigit()
    {
        string section = DocSections.Of("calibration.md", "## Worked example: baseline-2024");
        string prose = Prose(section);
        string[] lines = section.Split('\n');
        Assert.That(prose, Does.Contain(Exe + BaselineCommand), "the worked example's command");
        BaselineRuns runs = s_baseline.Value;
        JsonElement k = runs.Calibration;

        var rows = new List<string>();

        // Observations: model value, median [5th, 95th percentile]; the formats are the page's, row by row.
        foreach ((string id, Func<double, string> observed, Func<double, string> value, bool withMean) in new (string, Func<double, string>, Func<double, string>, bool)[]
        {
            ("my-gpu-imports-2024", N0, N0, true),
            ("sg-physical-share-aug-oct-2024", x => Sig(x, 2), x => Sig(x, 3), false),
            ("sg-billing-share-feb-oct-2024", x => Sig(x, 2), x => Sig(x, 3), false),
            ("alx-interdicted-dec-2024", N0, N0, false),
        })
        {
            JsonElement o = Observation(k, id);
            JsonElement prior = o.GetProperty("priorModelValue");
            string mean = withMean ? $" (mean {N0(prior.GetProperty("mean").GetDouble())})" : "";
            double tail = o.GetProperty("priorTail").GetDouble();
            string tailText = tail >= 0.01 ? F(tail, 2) : Sig(tail, 1);
            rows.Add($"| `{o.GetProperty("outcome").GetString()}`, {Months2024(o)} | {Bound(o)}{observed(o.GetProperty("observed").GetDouble())} | " +
                $"{Spread(prior, value)}{mean} | {Spread(o.GetProperty("posteriorModelValue"), value)} | " +
                (o.GetProperty("surprisingUnderPrior").GetBoolean() ? $"**{tailText} !**" : tailText) + " |");
        }

        // Inputs that moved.
        foreach ((string name, string description, Func<double, string> f) in new (string, string, Func<double, string>)[]
        {
            ("wMy", "supplier → Malaysia weight", x => F(x, 3)),
            ("wSg", "supplier → Singapore weight", x => F(x, 3)),
            ("supplyMonthly", "H100e per month", N0),
        })
        {
            JsonElement i = Input(k, name);
            rows.Add($"| `{name}` ({description}) | {i.GetProperty("prior").GetString()} | {Spread(i.GetProperty("priorSpread"), f)} | {Spread(i.GetProperty("posteriorSpread"), f)} |");
        }

        // Leakage in 2024, and the two rows of the drop-one table that are this run (wMy and wSg as the console prints them).
        JsonElement leaked = k.GetProperty("outcomes").GetProperty("leaked");
        foreach ((string label, string dropLabel, string key) in new[] { ("prior", "none (the prior)", "priorSpread"), ("posterior", "all four", "posteriorSpread") })
        {
            JsonElement l = leaked.GetProperty(label);
            string leak = $"{Spread(l, N0)} | {N0(l.GetProperty("mean").GetDouble())}";
            rows.Add($"| {label} | {leak} |");
            rows.Add($"| {dropLabel} | {leak} | {Spread(Input(k, "wMy").GetProperty(key), ConsoleFormat)} | {Spread(Input(k, "wSg").GetProperty(key), ConsoleFormat)} |");
        }

        JsonElement my = Observation(k, "my-gpu-imports-2024"), sgPhysical = Observation(k, "sg-physical-share-aug-oct-2024");
        JsonElement wMy = Input(k, "wMy"), wSg = Input(k, "wSg");
        JsonElement sampler = k.GetProperty("sampler"), steps = sampler.GetProperty("steps");
        double myObserved = my.GetProperty("observed").GetDouble(), myPosterior = my.GetProperty("posteriorModelValue").GetProperty("p50").GetDouble();
        double physicalBound = sgPhysical.GetProperty("observed").GetDouble(), physicalTail = sgPhysical.GetProperty("priorTail").GetDouble();
        double sigma = double.Parse(LognormalError().Match(my.GetProperty("error").GetString()!).Groups["s"].Value, s_inv);
        int meeting = PosteriorColumn(runs.PosteriorCsv, "obs:sg-physical-share-aug-oct-2024").Count(v => v <= physicalBound);
        string[] texts =
        [
            $"({steps.GetArrayLength()} tempering steps, γ = {string.Join(" then ", steps.EnumerateArray().Select(s => Gamma(s.GetProperty("gamma").GetDouble())))}; " +
                $"ESS {string.Join(" and ", steps.EnumerateArray().Select(s => N0(s.GetProperty("ess").GetDouble())))}; " +
                $"acceptance {string.Join(" and ", steps.EnumerateArray().Select(s => F(s.GetProperty("acceptanceRate").GetDouble(), 2)).Distinct())}; " +
                $"{N0(sampler.GetProperty("trials").GetDouble())} trials)",
            $"the fall of the 95th percentile from about {Thousands(leaked.GetProperty("prior").GetProperty("p95").GetDouble())} to about {Thousands(leaked.GetProperty("posterior").GetProperty("p95").GetDouble())}",
            $"The prior sent {Thousands(my.GetProperty("priorModelValue").GetProperty("mean").GetDouble())} H100e into Malaysia on average, with a long upper tail " +
                $"(95th percentile {Thousands(my.GetProperty("priorModelValue").GetProperty("p95").GetDouble())})",
            $"(95th percentile {F(wMy.GetProperty("priorSpread").GetProperty("p95").GetDouble(), 3)} → {F(wMy.GetProperty("posteriorSpread").GetProperty("p95").GetDouble(), 3)})",
            $"moves `wSg`** from {F(wSg.GetProperty("priorSpread").GetProperty("p50").GetDouble(), 3)} to {F(wSg.GetProperty("posteriorSpread").GetProperty("p50").GetDouble(), 3)}",
            $"nearly every prior trial meets ({F(100 * Observation(k, "alx-interdicted-dec-2024").GetProperty("priorTail").GetDouble(), 0)} %)",
            $"keeps its prior {Spread(Input(k, "prcDemand").GetProperty("priorSpread"), N0)} → {Spread(Input(k, "prcDemand").GetProperty("posteriorSpread"), N0)} per month",
            $"({Spread(Input(k, "divSeaDist").GetProperty("priorSpread"), x => F(x, 2))} → {Spread(Input(k, "divSeaDist").GetProperty("posteriorSpread"), x => F(x, 2))})",
            $"had a prior tail of {Sig(physicalTail, 1)}: only {F(100 * physicalTail, 1)}% of prior trials met it",
            $"the model's share is {Spread(sgPhysical.GetProperty("posteriorModelValue"), x => F(x, 3))}, and only {F(100.0 * meeting / k.GetProperty("particles").GetInt32(), 2)}% of posterior particles meet the bound",
            $"({F(100 * wSg.GetProperty("posteriorShareBelowPriorP025").GetDouble(), 0)}% of particles below the prior's 2.5th percentile",
            $"the posterior median of {Thousands(myPosterior)} lies {F(Math.Log(myPosterior / myObserved) / sigma, 2)} error widths above the observed {N0(myObserved)} " +
                $"(ln({N0(myPosterior)}/{N0(myObserved)}) / {sigma.ToString(s_inv)})",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(4 + 3 + 4));
            ExpectRows("docs/calibration.md, worked example", lines, rows);
            ExpectTexts("docs/calibration.md, worked example", prose, texts);
        });
    }

    [Test]
    public void ScenariosMd_Baseline2024PriorAgainstPosterior_CapacityWeightedColumn_ReproducesToThePrintedDigit()
    {
        string section = DocSections.Of("scenarios.md", "### The switch to capacity-weighted route choice");
        string prose = Prose(section);
        Assert.Multiple(() =>
        {
            Assert.That(prose, Does.Contain(Exe + RouteCalibrateCommand), "the route-weighted calibration, rerun here on the bundled file");
            Assert.That(prose, Does.Contain(Exe + RoutePosteriorCommand), "the run under the posterior, rerun here on the bundled file");
            Assert.That(prose, Does.Contain("The same commands on `scenarios/baseline-2024.yaml` give the capacity-weighted column"));
            Assert.That(RouteCalibrateCommand.Replace("baseline-2024-routes.yaml", "scenarios/baseline-2024.yaml", StringComparison.Ordinal).Replace("-routes", "", StringComparison.Ordinal),
                Is.EqualTo(BaselineCommand), "the capacity-weighted column's calibration is the worked example's of docs/calibration.md");
        });
        BaselineRuns runs = s_baseline.Value;
        JsonElement k = runs.Calibration, u = runs.UnderPosterior;

        JsonElement my = Observation(k, "my-gpu-imports-2024"), sgPhysical = Observation(k, "sg-physical-share-aug-oct-2024");
        var cells = new List<(string Row, string Cell)>();
        foreach (string label in new[] { "prior", "posterior" })
        {
            JsonElement l = k.GetProperty("outcomes").GetProperty("leaked").GetProperty(label);
            cells.Add(($"leaked, {label}", $"{Spread(l, N0)}, mean {N0(l.GetProperty("mean").GetDouble())}"));
        }

        cells.Add(($"`received[MY]`, posterior (observed {N0(my.GetProperty("observed").GetDouble())})", Spread(my.GetProperty("posteriorModelValue"), N0)));
        cells.Add(($"`{sgPhysical.GetProperty("outcome").GetString()}`, {Months2024(sgPhysical)}, posterior (observed {Bound(sgPhysical)}{Sig(sgPhysical.GetProperty("observed").GetDouble(), 2)}; " +
            $"prior tail {Sig(sgPhysical.GetProperty("priorTail").GetDouble(), 1)} in both)", Spread(sgPhysical.GetProperty("posteriorModelValue"), x => Sig(x, 3))));
        foreach (string name in new[] { "wMy", "wSg" })
        {
            JsonElement i = Input(k, name);
            cells.Add(($"`{name}`, posterior (prior {Spread(i.GetProperty("priorSpread"), x => F(x, 3))})", Spread(i.GetProperty("posteriorSpread"), x => F(x, 3))));
        }

        string[] from = ["MY", "TH", "SG"];
        cells.Add(($"under the posterior (`run --posterior`, 20,000 trials): leaked mean; from {string.Join(" / ", from)}",
            $"{N0(u.GetProperty("leaked").GetProperty("mean").GetDouble())}; {string.Join(" / ", from.Select(c => N0(SourceLeaked(u, c))))}"));

        string[] lines = section.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(u.GetProperty("trials").GetInt32(), Is.EqualTo(20000));
            Assert.That(cells, Has.Count.EqualTo(7));
            foreach ((string row, string cell) in cells)
            {
                string[] printed = [.. lines.Where(l => l.StartsWith($"| {row} | ", StringComparison.Ordinal))];
                if (!printed.Any(l => l.EndsWith($" | {cell} |", StringComparison.Ordinal)))
                {
                    Assert.Fail($"docs/scenarios.md, baseline-2024, Prior against posterior: the row '{row}' lacks the capacity-weighted cell\n  {cell}\n" +
                        $"rows printed with that label:\n  {string.Join("\n  ", printed)}");
                }
            }
        });
    }

    [Test]
    public void ScenariosMd_SeedClaimCheckedAgainstEachYearsEvidence_ReproducesToThePrintedDigit()
    {
        string section = DocSections.Of("scenarios.md", "### Checked against each year's evidence");
        string prose = Prose(section);
        Assert.That(prose, Does.Contain(Exe + SeedClaimCommand), "the documented command");
        JsonElement k = s_seedClaim.Value.RootElement;

        var rows = new List<string>();
        foreach (JsonElement o in k.GetProperty("observations").EnumerateArray())
        {
            double tail = o.GetProperty("priorTail").GetDouble();
            string tailText = tail == 0 ? "0" : F(tail, 3);
            rows.Add($"| `{o.GetProperty("outcome").GetString()}`, {Months(o)} | {Bound(o)}{ConsoleFormat(o.GetProperty("observed").GetDouble())} | " +
                $"{Spread(o.GetProperty("priorModelValue"), ConsoleFormat)} | {Spread(o.GetProperty("posteriorModelValue"), ConsoleFormat)} | " +
                (o.GetProperty("surprisingUnderPrior").GetBoolean() ? $"**! {tailText}**" : tailText) + " |");
        }

        JsonElement b2023 = Observation(k, "sg-billing-share-aug-oct-2023"), b2024 = Observation(k, "sg-billing-share-feb-oct-2024");
        JsonElement b2025 = Observation(k, "sg-billing-share-feb-apr-2025"), physical = Observation(k, "sg-physical-share-aug-oct-2024");
        JsonElement receivedOfBilled = Observation(k, "sg-received-of-billed-feb-apr-2025"), wMy = Input(k, "wMy");
        double[] billingPosterior = [.. new[] { b2023, b2024, b2025 }.Select(o => Median(o, "posteriorModelValue"))];
        double wMyPosterior = wMy.GetProperty("posteriorSpread").GetProperty("p50").GetDouble(), wMyPriorP95 = wMy.GetProperty("priorSpread").GetProperty("p95").GetDouble();
        JsonElement sampler = k.GetProperty("sampler");
        string[] texts =
        [
            $"({N0(k.GetProperty("particles").GetDouble())} particles and seed {k.GetProperty("seed").GetUInt64()}, the defaults; " +
                $"{sampler.GetProperty("steps").GetArrayLength()} tempering steps, {N0(sampler.GetProperty("trials").GetDouble())} trials",
            $"The claim bills {Percent(Median(b2023, "priorModelValue"), 1)} % of supply to Singapore in {Months(b2023)} against {Percent(Observed(b2023), 0)} % reported " +
                $"(prior tail {F(b2023.GetProperty("priorTail").GetDouble(), 2)})",
            $"The model bills {Percent(Median(b2024, "priorModelValue"), 1)} % (almost {Percent(Observed(b2024), 0)} % reported, prior tail {F(b2024.GetProperty("priorTail").GetDouble(), 2)})",
            $"puts {Percent(Median(physical, "priorModelValue"), 1)} % of supply physically into Singapore in {Months(physical)}, " +
                $"{F(Median(physical, "priorModelValue") / Observed(physical), 0)} times the minister's bound of {Percent(Observed(physical), 1)} %",
            $"{Percent(Median(b2025, "priorModelValue"), 1)} % billed against {Percent(Observed(b2025), 0)} % reported",
            $"under the claim it is {Percent(receivedOfBilled.GetProperty("priorModelValue").GetProperty("p05").GetDouble(), 0)} % in every trial",
            $"the posterior cuts the Singapore share to {Percent(billingPosterior.Min(), 1)}–{Percent(billingPosterior.Max(), 1)} %",
            $"by swelling Malaysia's weight `wMy` to {Spread(wMy.GetProperty("posteriorSpread"), x => F(x, 2))}, " +
                $"{s_numberWords[(int)Math.Round(wMyPosterior / wMyPriorP95)]} times its prior's 95th percentile " +
                $"(the command warns that {Percent(wMy.GetProperty("posteriorShareAbovePriorP975").GetDouble(), 0)} % of particles lie above it)",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(5));
            Assert.That(physical.GetProperty("priorTail").GetDouble(), Is.Zero, "\"Not one prior particle meets it.\"");
            Assert.That(receivedOfBilled.GetProperty("priorModelValue").GetProperty("p95").GetDouble(),
                Is.EqualTo(receivedOfBilled.GetProperty("priorModelValue").GetProperty("p05").GetDouble()), "\"100 % in every trial\"");
            Assert.That(wMy.TryGetProperty("warning", out _), Is.True, "\"the command warns\"");
            ExpectRows("docs/scenarios.md, seed-claim, Checked against each year's evidence", section.Split('\n'), rows);
            ExpectTexts("docs/scenarios.md, seed-claim, Checked against each year's evidence", prose, texts);
        });
    }

    // ---------------- the runs ----------------

    private static BaselineRuns RunBaseline()
    {
        string[] calibrate = [.. BaselineCommand.Replace("out/calibration", s_outDirectory, StringComparison.Ordinal).Split(' '), "--quiet", "--format", "json"];
        JsonElement calibration = Asean2025ScenarioTests.RunJson(calibrate).RootElement;
        string posterior = Path.Combine(s_outDirectory, "posterior.csv");
        string[] run = [.. RoutePosteriorCommand.Replace("baseline-2024-routes.yaml", "scenarios/baseline-2024.yaml", StringComparison.Ordinal)
            .Replace("out/calibration-routes/posterior.csv", posterior, StringComparison.Ordinal).Split(' ')];
        JsonElement underPosterior = Asean2025ScenarioTests.RunJson(run).RootElement;
        return new BaselineRuns(calibration, File.ReadAllText(posterior), underPosterior);
    }

    // ---------------- the page ----------------

    // The section under the heading that starts with `heading`, down to the next heading of the same or a higher
    // level (headings inside ``` blocks do not count), so that a figure printed elsewhere cannot pass for it.
    // The section's text with line breaks (and a shell line's continuation) read as single spaces.
    private static string Prose(string section) => Whitespace().Replace(section.Replace("\\\n", " ", StringComparison.Ordinal), " ");

    private static void ExpectRows(string where, string[] lines, IEnumerable<string> rows)
    {
        foreach (string row in rows)
        {
            if (!lines.Contains(row, StringComparer.Ordinal))
            {
                string key = row[..(row.IndexOf(" |", 2, StringComparison.Ordinal) + 2)];
                string[] printed = [.. lines.Where(l => l.StartsWith(key, StringComparison.Ordinal))];
                Assert.Fail($"{where} lacks the row\n  {row}\nrows printed with that key:\n  {string.Join("\n  ", printed)}");
            }
        }
    }

    private static void ExpectTexts(string where, string prose, IEnumerable<string> texts)
    {
        foreach (string text in texts)
        {
            if (!prose.Contains(text, StringComparison.Ordinal))
            {
                Assert.Fail($"{where} lacks the text\n  {text}");
            }
        }
    }

    // ---------------- calibration.json ----------------

    private static JsonElement Observation(JsonElement k, string id) =>
        k.GetProperty("observations").EnumerateArray().Single(o => o.GetProperty("id").GetString() == id);

    private static JsonElement Input(JsonElement k, string name) =>
        k.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);

    private static double Observed(JsonElement o) => o.GetProperty("observed").GetDouble();

    private static double Median(JsonElement o, string spread) => o.GetProperty(spread).GetProperty("p50").GetDouble();

    private static double SourceLeaked(JsonElement run, string country) =>
        run.GetProperty("byCountry").GetProperty("source").EnumerateArray()
            .Single(c => c.GetProperty("country").GetString() == country).GetProperty("leaked").GetProperty("mean").GetDouble();

    // One column of posterior.csv (one row per equally weighted particle; no field of the data rows is quoted).
    private static IEnumerable<double> PosteriorColumn(string csv, string column)
    {
        string[] rows = csv.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        int index = Array.IndexOf(rows[0].Split(','), column);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"posterior.csv has the column {column}");
        return rows.Skip(1).Select(r => double.Parse(r.Split(',')[index], s_inv));
    }

    // "≤ " or "≥ " before a bound's observed value, as the tables print it.
    private static string Bound(JsonElement o)
    {
        string error = o.GetProperty("error").GetString()!;
        return error.StartsWith("atMost(", StringComparison.Ordinal) ? "≤ " : error.StartsWith("atLeast(", StringComparison.Ordinal) ? "≥ " : "";
    }

    // baseline-2024's periods 1–12 are January–December 2024: "Aug–Oct", or one month in full ("December").
    private static string Months2024(JsonElement o)
    {
        int from = o.GetProperty("from").GetInt32(), until = o.GetProperty("until").GetInt32();
        Assert.That(until, Is.InRange(from, 12));
        return from == until ? s_monthNames[from - 1] : $"{s_months[from - 1]}–{s_months[until - 1]}";
    }

    // seed-claim's periods 1–36 are January 2023 to December 2025: "Aug–Oct 2023".
    private static string Months(JsonElement o)
    {
        int from = o.GetProperty("from").GetInt32() - 1, until = o.GetProperty("until").GetInt32() - 1;
        Assert.That(from / 12, Is.EqualTo(until / 12), "a window within one year");
        return $"{s_months[from % 12]}–{s_months[until % 12]} {2023 + (from / 12)}";
    }

    // ---------------- numbers as the pages print them ----------------

    private static string Spread(JsonElement s, Func<double, string> f) =>
        $"{f(s.GetProperty("p50").GetDouble())} [{f(s.GetProperty("p05").GetDouble())}, {f(s.GetProperty("p95").GetDouble())}]";

    // The console's format (CalibrationOutput): thousands separators from 100 up, else up to four decimals.
    private static string ConsoleFormat(double x) => Math.Abs(x) >= 100 ? x.ToString("#,0", s_inv) : x.ToString("0.####", s_inv);

    private static string N0(double x) => x.ToString("N0", s_inv);

    private static string F(double x, int decimals) => x.ToString("F" + decimals.ToString(s_inv), s_inv);

    // `digits` significant digits, trailing zeros kept (0.200, 0.0274); for values below 1.
    private static string Sig(double x, int digits) =>
        F(x, Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x)))));

    private static string Percent(double share, int decimals) => F(100 * share, decimals);

    // Rounded to the thousand: 278,446 → "278,000".
    private static string Thousands(double x) => N0(1000 * Math.Round(x / 1000));

    // A tempering exponent as the page writes it: 0.32, then 1 for the last step.
    private static string Gamma(double g) => g == 1 ? "1" : F(g, 2);
}
