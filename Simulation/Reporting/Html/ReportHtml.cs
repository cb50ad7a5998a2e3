using System.Security.Cryptography;
using System.Text;
using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Calibration;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Statistics;
using static ExportFlow.Simulation.Reporting.Html.HtmlText;

namespace ExportFlow.Simulation.Reporting.Html;

/// <summary>
/// report.html of each command's <c>--out</c> folder: the scenario (with its SHA-256), the tables, the verdicts
/// (compare), the charts as inline SVG, the mean flows as a Sankey diagram (run, compare) and the files of the
/// folder with their SHA-256; the summary JSON is embedded as an inert data block. See docs/output-format.md.
/// </summary>
internal static class ReportHtml
{
    /// <summary>The page of <c>run --out</c>.</summary>
    public static string ForRun(Scenario scenario, MonteCarloResult result, string summaryJson, ChartWriter charts, string directory, IReadOnlyList<string> files)
    {
        FlowPlan plan = result.Plans[0];
        RunAccumulator acc = result.Accumulators[0];
        var page = new HtmlReport($"ExportFlow run: {scenario.Name}, policy {plan.PolicyName}");
        page.Section("summary", "Scenario and run", ScenarioFacts(scenario, [
            ("Policy", plan.PolicyName), ("Seed", result.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Trials", $"{result.TrialsCompleted:N0}{(result.Partial ? $" of {result.Options.Trials:N0} (partial: interrupted)" : "")}"),
            ("Sampling", result.Options.Sampling.ToString().ToLowerInvariant()), ("Horizon", $"{plan.Periods} {scenario.PeriodUnit}(s)")]));
        var tables = new StringBuilder();
        tables.Append(Table("outcomes", ["Outcome", "Mean", "Std. error of the mean", "p05", "p50", "p95"],
            Enum.GetValues<Outcome>().Select(o => Stats(RunSummaryWriter.Key(o), RunSummaryWriter.Key(o), acc.Outcomes[(int)o].Summarise())),
            $"Outcomes per trial ({scenario.QuantityUnit}, total over the horizon)"));
        tables.Append(Table("by-source-country", ["Source country", "Mean", "Std. error of the mean", "p05", "p50", "p95"],
            RunCharts.SourceCountries(plan).Select(c => Stats(plan.Countries[c], $"byCountry.source[{c}].leaked", acc.BySourceCountry[c].Summarise())),
            "Leaked by source country (where the diverted units left from)"));
        tables.Append(Table("billing", ["Country", "Billed (mean)", "Received (mean)"],
            Enumerable.Range(0, plan.Countries.Length).Select(c => (IEnumerable<string>)[TextCell(plan.Countries[c]),
                Cell($"billing[{c}].billed.mean", acc.Billed[c].Summarise().Mean), Cell($"billing[{c}].received.mean", acc.Received[c].Summarise().Mean)]),
            "Billed vs received by country (mean units per trial)"));
        page.Section("tables", "Tables", tables.ToString());
        page.Section("charts", "Charts", Charts(charts));
        page.Section("flows", "Mean flows through the network", FlowDiagram.Html(plan, acc));
        page.Section("manifest", "Files", Manifest(directory, files, "summary.json", summaryJson));
        return page.ToString();
    }

    /// <summary>The page of <c>compare --out</c>.</summary>
    public static string ForCompare(IReadOnlyList<Scenario> scenarios, MonteCarloResult result, Comparison comparison, string comparisonJson, string comparisonCsv, ChartWriter charts, string directory, IReadOnlyList<string> files)
    {
        string name = string.Join(" vs ", scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal));
        var page = new HtmlReport($"ExportFlow comparison: {name}");
        var summary = new StringBuilder(ScenarioFacts(scenarios[0], [
            ("Reference", comparison.Reference), ("Compared", string.Join(", ", comparison.Comparisons.Select(c => c.Label))),
            ("Seed", comparison.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Trials", $"{comparison.Trials:N0}{(comparison.Partial ? " (partial: interrupted)" : "")}"),
            ("Sampling", result.Options.Sampling.ToString().ToLowerInvariant()), ("Horizon", $"{comparison.Periods} {comparison.PeriodUnit}(s)")]));
        summary.Append(Table("runs", ["Run", "Scenario", "File", "SHA-256", "Policy", "Mean leaked"],
            comparison.Runs.Select((r, i) => (IEnumerable<string>)[TextCell(r.Label), TextCell(r.Scenario), TextCell(r.File), $"<td><code>{Escape(r.Sha256)}</code></td>", TextCell(r.Policy), Cell($"runs[{i}].summary.leaked.mean", r.Leaked.Mean)]),
            "Runs"));
        page.Section("summary", "Scenario and runs", summary.ToString());
        var verdicts = new StringBuilder();
        foreach (PolicyComparison c in comparison.Comparisons)
        {
            verdicts.Append("<p class=\"verdict\" data-label=\"").Append(Escape(c.Label)).Append("\"><b>").Append(Escape(c.Label)).Append("</b> against ")
                .Append(Escape(comparison.Reference)).Append(": ").Append(Escape(comparison.VerdictOf(c))).AppendLine("</p>");
        }

        verdicts.Append("<p class=\"note\">Two different things are reported, and should not be confused. The <b>spread over trials</b> (5th–95th percentile of "
            + "the trial-by-trial difference, and the share of trials in which leakage rose) says how much the effect varies with the uncertain inputs. "
            + "The <b>Monte Carlo 95% interval</b> says only how precisely the simulation estimated the <i>mean</i> effect; more trials make it narrower, "
            + "and it is not the uncertainty of the effect.</p>");
        page.Section("verdicts", "Verdicts", verdicts.ToString());
        string unit = comparison.QuantityUnit;
        var tables = new StringBuilder();
        tables.Append(Table("effects", ["Compared run", "Mean Δ leaked", "MC 95% low", "MC 95% high", "Spread p05", "Spread p95", "P(leakage rose)", "Mean Δ delivered"],
            comparison.Comparisons.Select((c, i) => (IEnumerable<string>)[TextCell(c.Label),
                Cell($"comparisons[{i}].effects.leaked.meanChange", c.Leakage.MeanDifference),
                Cell($"comparisons[{i}].effects.leaked.meanChange95.low", c.Leakage.DifferenceLow),
                Cell($"comparisons[{i}].effects.leaked.meanChange95.high", c.Leakage.DifferenceHigh),
                Cell($"comparisons[{i}].effects.leaked.spread.p05", c.Leakage.DifferenceP05),
                Cell($"comparisons[{i}].effects.leaked.spread.p95", c.Leakage.DifferenceP95),
                Cell($"comparisons[{i}].effects.leaked.probabilityIncrease", c.Leakage.ProbabilityGreater),
                Cell($"comparisons[{i}].effects.delivered.meanChange", c.Delivered.MeanDifference)]),
            $"Effect against {comparison.Reference} ({unit} per trial, compared − reference)"));
        tables.Append("<details><summary>The full comparison table (comparison.csv, every column)</summary><div class=\"wide\">")
            .Append(CsvTable("comparison-table", comparisonCsv, "The comparison table (comparison.csv)")).Append("</div></details>");
        page.Section("tables", "Tables", tables.ToString());
        page.Section("charts", "Charts", Charts(charts));
        var flows = new StringBuilder();
        for (int j = 0; j < result.Plans.Count; j++)
        {
            flows.Append(FlowDiagram.Html(result.Plans[j], result.Accumulators[j]));
        }

        page.Section("flows", "Mean flows through the network", flows.ToString());
        page.Section("manifest", "Files", Manifest(directory, files, "comparison.json", comparisonJson));
        return page.ToString();
    }

    /// <summary>The page of <c>sensitivity --out</c>.</summary>
    public static string ForSensitivity(Scenario scenario, SensitivityReport report, string json, string csv, ChartWriter charts, string directory, IReadOnlyList<string> files)
    {
        var page = new HtmlReport($"ExportFlow sensitivity: {report.Outcome} in {scenario.Name}");
        page.Section("summary", "Scenario and analysis", ScenarioFacts(scenario, [
            ("Policy", report.Policy), ("Outcome", report.Outcome), ("Seed", report.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Trials (N)", $"{report.Trials:N0}"), ("Evaluations", $"{report.Evaluations:N0}"), ("Inputs", string.Join(", ", report.Inputs))]));
        page.Section("tables", "Tables", CsvTable("sensitivity-table", csv, "Sensitivity of the outcome to each input (sensitivity.csv)"));
        page.Section("charts", "Charts", Charts(charts));
        page.Section("manifest", "Files", Manifest(directory, files, "sensitivity.json", json));
        return page.ToString();
    }

    /// <summary>The page of <c>calibrate --out</c>.</summary>
    public static string ForCalibration(CalibrationSummary s, string json, ChartWriter charts, string directory, IReadOnlyList<string> files)
    {
        var page = new HtmlReport($"ExportFlow calibration: {s.Scenario.Name}");
        page.Section("summary", "Scenario and calibration", ScenarioFacts(s.Scenario, [
            ("Policy", s.Policy), ("Evidence file", s.Evidence.File), ("Seed", s.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Particles", $"{s.Result.Particles:N0}")]));
        var tables = new StringBuilder();
        tables.Append(Table("inputs", ["Input", "Prior", "Prior p05", "Prior p50", "Prior p95", "Posterior p05", "Posterior p50", "Posterior p95"],
            s.Inputs.Select((input, i) => (IEnumerable<string>)[TextCell(input.Name), TextCell(input.Distribution),
                Cell($"inputs[{i}].priorSpread.p05", input.Prior.P05), Cell($"inputs[{i}].priorSpread.p50", input.Prior.P50), Cell($"inputs[{i}].priorSpread.p95", input.Prior.P95),
                Cell($"inputs[{i}].posteriorSpread.p05", input.Posterior.P05), Cell($"inputs[{i}].posteriorSpread.p50", input.Posterior.P50), Cell($"inputs[{i}].posteriorSpread.p95", input.Posterior.P95)]),
            "Inputs: prior and posterior"));
        tables.Append(Table("observations", ["Observation", "Outcome, periods", "Observed", "Error", "Prior p05", "Prior p50", "Prior p95", "Posterior p05", "Posterior p50", "Posterior p95", "Prior tail"],
            s.Observations.Select((o, i) => (IEnumerable<string>)[TextCell(o.Observation.Id), TextCell(CalibrationOutput.Window(o)),
                double.IsFinite(o.Observation.Observed) ? Cell($"observations[{i}].observed", o.Observation.Observed) : TextCell("–"), TextCell(o.Observation.Error.ToString()),
                Cell($"observations[{i}].priorModelValue.p05", o.Prior.P05), Cell($"observations[{i}].priorModelValue.p50", o.Prior.P50), Cell($"observations[{i}].priorModelValue.p95", o.Prior.P95),
                Cell($"observations[{i}].posteriorModelValue.p05", o.Posterior.P05), Cell($"observations[{i}].posteriorModelValue.p50", o.Posterior.P50), Cell($"observations[{i}].posteriorModelValue.p95", o.Posterior.P95),
                Cell($"observations[{i}].priorTail", o.PriorTail)]),
            "Observations: the model's value (spread over prior draws and posterior particles, without the observation's error); a prior tail below 0.05 is evidence the prior did not expect"));
        tables.Append(Table("outcomes", ["Outcome", "Prior mean", "Prior p05", "Prior p95", "Posterior mean", "Posterior p05", "Posterior p95"],
            s.Outcomes.Select(o => (IEnumerable<string>)[TextCell(o.Outcome),
                Cell($"outcomes.{o.Outcome}.prior.mean", o.Prior.Mean), Cell($"outcomes.{o.Outcome}.prior.p05", o.Prior.P05), Cell($"outcomes.{o.Outcome}.prior.p95", o.Prior.P95),
                Cell($"outcomes.{o.Outcome}.posterior.mean", o.Posterior.Mean), Cell($"outcomes.{o.Outcome}.posterior.p05", o.Posterior.P05), Cell($"outcomes.{o.Outcome}.posterior.p95", o.Posterior.P95)]),
            "Outcomes: prior and posterior"));
        page.Section("tables", "Tables", tables.ToString());
        page.Section("charts", "Charts", Charts(charts));
        page.Section("manifest", "Files", Manifest(directory, files, "calibration.json", json));
        return page.ToString();
    }

    private static string ScenarioFacts(Scenario scenario, IEnumerable<(string, string)> more) => Facts([
        ("Scenario", scenario.Name), ("Description", scenario.Description), ("Scenario file", scenario.File), ("Scenario SHA-256", scenario.Sha256),
        .. more, ("Quantity unit", scenario.QuantityUnit), ("Tool", "exportflow " + Cli.CliApp.VersionText)]);

    private static IEnumerable<string> Stats(string label, string key, OutcomeSummary s) =>
        [TextCell(label), Cell(key + ".mean", s.Mean), Cell(key + ".standardError", s.StandardError), Cell(key + ".p05", s.P05), Cell(key + ".p50", s.P50), Cell(key + ".p95", s.P95)];

    private static string Charts(ChartWriter charts)
    {
        if (charts.Charts.Count == 0)
        {
            return "<p class=\"note\">No chart: no trial completed.</p>";
        }

        var html = new StringBuilder();
        foreach (RenderedChart chart in charts.Charts)
        {
            html.Append("<figure id=\"chart-").Append(Escape(chart.Name)).Append("\" class=\"chart\">").Append(InlineSvg.Of(chart.Svg, "c-" + chart.Name))
                .Append("<figcaption>").Append(Escape(chart.Title)).Append(": ").Append(Escape(chart.Image));
            if (chart.Csv is not null)
            {
                html.Append(", data in ").Append(Escape(chart.Csv));
            }

            html.AppendLine("</figcaption></figure>");
        }

        return html.ToString();
    }

    /// <summary>The files of the folder written before this page, with their sizes and SHA-256, and the summary JSON embedded.</summary>
    private static string Manifest(string directory, IReadOnlyList<string> files, string jsonName, string json)
    {
        var rows = new List<IEnumerable<string>>();
        foreach (string name in files.Where(f => f != HtmlReport.FileName))
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            using FileStream stream = File.OpenRead(path);
            long bytes = stream.Length;
            string sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            rows.Add([TextCell(name), $"<td class=\"num\">{bytes:N0}</td>", $"<td><code>{sha}</code></td>"]);
        }

        return Table("files", ["File", "Bytes", "SHA-256"], rows, "Files of this folder, written before this page")
            + "<p class=\"note\">manifest.json, where the command writes one, is written after this page and lists report.html too.</p>"
            + $"<details><summary>{Escape(jsonName)} (embedded)</summary><pre>{Escape(json)}</pre></details>"
            + HtmlReport.JsonBlock("data-json", json);
    }

    /// <summary>A table from CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks).</summary>
    public static string CsvTable(string id, string csv, string caption)
    {
        List<List<string>> rows = ParseCsv(csv.TrimStart('\uFEFF'));
        if (rows.Count == 0)
        {
            return "";
        }

        return Table(id, rows[0], rows.Skip(1).Select(r => r.Select(TextCell)), caption);
    }

    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                if (row.Any(f => f.Length > 0))
                {
                    rows.Add(row);
                }

                row = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
