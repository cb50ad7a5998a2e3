using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The <c>--out</c> folder: summary.json (or comparison.json), samples.csv and samples.parquet, the charts and manifest.json.
/// Every file is written in the hidden staging folder and renamed into place (<see cref="AtomicFile"/>), so
/// each file in the folder is always complete; manifest.json is written last and lists the files of its run
/// with their SHA-256, and the first new file of a run deletes the old manifest, so a manifest never
/// describes files from another run. See docs/output-format.md.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private readonly string _directory;
    private StreamWriter? _samples;
    private string? _samplesTemp;
    private ParquetRowWriter? _samplesParquet;

    private OutputDirectory(string directory) => _directory = directory;

    /// <summary>
    /// Checks that <paramref name="directory"/> is (or can be made) a folder this process can write in, creates
    /// it, and removes temporaries that killed runs left there; null when no folder was asked for.
    /// </summary>
    /// <exception cref="Cli.UserErrorException">The path is a file, or the folder cannot be created or written.</exception>
    public static OutputDirectory? Prepare(string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        if (directory.Trim().Length == 0)
        {
            throw new Cli.UserErrorException("--out needs a folder name");
        }

        if (File.Exists(directory))
        {
            throw new Cli.UserErrorException($"--out '{directory}' is a file; give a folder (it is created if missing)");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new Cli.UserErrorException($"--out '{directory}': cannot create the folder: {ex.Message}");
        }

        // Permissions do not tell (root writes anywhere, except in places such as /proc): write a file and delete it.
        try
        {
            AtomicFile.RemoveStale(directory);
            string probe = AtomicFile.TempPathFor(Path.Combine(directory, "probe"));
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            AtomicFile.RemoveStagingIfEmpty(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Cli.UserErrorException($"--out '{directory}': cannot write in the folder: {ex.Message}");
        }

        AtomicFile.BeginSet(directory);
        return new OutputDirectory(directory);
    }

    /// <summary>
    /// Starts samples.csv (in a temporary file) and returns the sink that writes its rows: the outcomes, then one
    /// column per name of <paramref name="inputs"/> (a name that is already a column gets the prefix <c>input:</c>).
    /// samples.parquet gets the same rows and columns, in row groups of <paramref name="rowGroupSize"/> trials.
    /// </summary>
    public Action<long, int, double[]> OpenSamples(IReadOnlyList<FlowPlan> plans, IReadOnlyList<string>? inputs = null, int rowGroupSize = ParquetRowWriter.DefaultRowGroupSize)
    {
        _samplesTemp = AtomicFile.TempPathFor(Path.Combine(_directory, "samples.csv"));
        _samples = new StreamWriter(new FileStream(_samplesTemp, FileMode.CreateNew, FileAccess.Write), new UTF8Encoding(false));
        string[] columns = ["trial", "policy", .. Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key)];
        var taken = new HashSet<string>(columns, StringComparer.Ordinal);
        IEnumerable<string> inputColumns = (inputs ?? []).Select(n => taken.Contains(n) ? "input:" + n : n);
        _samples.WriteLine(string.Join(',', columns.Concat(inputColumns).Select(CsvField)));
        var names = plans.Select(p => p.PolicyName).ToArray();
        var line = new StringBuilder();
        _samplesParquet = ParquetRowWriter.Create(PathOf("samples.parquet"),
            [new("trial", ParquetColumnType.Int64), new("policy", ParquetColumnType.String),
             .. columns.Skip(2).Select(c => new ParquetColumn(c, ParquetColumnType.Double)),
             .. inputColumns.Select(c => new ParquetColumn(c, ParquetColumnType.NullableDouble))],
            rowGroupSize);
        ParquetRowWriter parquet = _samplesParquet;
        return (trial, plan, row) =>
        {
            parquet.SetInt64(0, trial);
            parquet.SetString(1, names[plan]);
            for (int c = 0; c < row.Length; c++)
            {
                parquet.SetDouble(c + 2, row[c]);
            }

            parquet.EndRow();

            line.Clear();
            line.Append(trial.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvField(names[plan]));
            foreach (double v in row)
            {
                line.Append(',');
                if (!double.IsNaN(v))
                {
                    line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            _samples.WriteLine(line);
        };
    }

    /// <summary>
    /// Moves samples.csv and samples.parquet into place, writes the summary, and writes the manifest last. Files of an earlier
    /// run that this run does not write again (samples.csv of a run without --samples, charts of a
    /// comparison without trials) are removed, so the folder never mixes two runs.
    /// </summary>
    /// <param name="report">Makes report.html from the names of the files written before it; none when null.</param>
    public void Finish(MonteCarloResult result, string summaryJson, IReadOnlyList<string> arguments, Scenario scenario, string summaryName = "summary.json", Func<IReadOnlyList<string>, string>? report = null)
    {
        var files = new List<string>();
        string samplesPath = Path.Combine(_directory, "samples.csv");
        if (_samples is not null)
        {
            _samples.Flush();
            ((FileStream)_samples.BaseStream).Flush(flushToDisk: true);
            _samples.Dispose();
            _samples = null;
            AtomicFile.Commit(_samplesTemp!, samplesPath);
            files.Add("samples.csv");
        }

        if (_samplesParquet is not null)
        {
            _samplesParquet.Commit();
            _samplesParquet.Dispose();
            _samplesParquet = null;
            files.Add("samples.parquet");
        }

        foreach (string chart in ChartFiles(summaryName))
        {
            if (AtomicFile.CommittedHere(PathOf(chart)))
            {
                files.Add(chart);
            }
        }

        AtomicFile.WriteAllText(Path.Combine(_directory, summaryName), summaryJson);
        files.Insert(0, summaryName);
        if (report is not null)
        {
            AtomicFile.WriteAllText(PathOf(Html.HtmlReport.FileName), report(files));
            files.Add(Html.HtmlReport.FileName);
        }

        RemoveLeftovers(files, summaryName);
        AtomicFile.WriteAllText(Path.Combine(_directory, AtomicFile.ManifestName), Manifest(result, arguments, scenario, files));
        Written = [.. files, AtomicFile.ManifestName];
        AtomicFile.RemoveStagingIfEmpty(_directory);
    }

    /// <summary>The files <see cref="Finish"/> wrote, in the manifest's order, then manifest.json; empty before.</summary>
    public IReadOnlyList<string> Written { get; private set; } = [];

    /// <summary>Full path of a file in the folder.</summary>
    public string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        if (_samples is not null)
        {
            _samples.Dispose();
            _samples = null;
            File.Delete(_samplesTemp!);
        }

        _samplesParquet?.Dispose();
        _samplesParquet = null;

        AtomicFile.RemoveStagingIfEmpty(_directory);
    }

    /// <summary>Deletes the files of an earlier run of the same command that this run did not write.</summary>
    private void RemoveLeftovers(List<string> files, string summaryName)
    {
        IEnumerable<string> ours = summaryName == "comparison.json" ? ChartFiles(summaryName) : ["samples.csv", "samples.parquet", .. ChartFiles(summaryName)];
        foreach (string name in ours.Where(n => !files.Contains(n)))
        {
            File.Delete(PathOf(name));
        }
    }

    /// <summary>
    /// The files a command may write beside its summary: compare's charts (PNG or SVG, and CSV) and table, or run's
    /// charts; and report.html.
    /// </summary>
    private static IEnumerable<string> ChartFiles(string summaryName) =>
        summaryName == "comparison.json"
            ? [.. Charts.Names.SelectMany(ChartFilesOf), "comparison.csv", .. ConvergenceChart.Files, Html.HtmlReport.FileName]
            : [.. PeriodChart.Files, .. RunCharts.Names.SelectMany(ChartFilesOf), .. ConvergenceChart.Files, Html.HtmlReport.FileName];

    private static string[] ChartFilesOf(string name) => [name + ".png", name + ".svg", name + ".csv"];

    /// <summary>The command line with the seed and trial count spelled out, so it reruns the same trials.</summary>
    private static string Reproduce(IReadOnlyList<string> arguments, MonteCarloResult result)
    {
        var args = arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a).ToList();
        if (!arguments.Any(a => a is "--seed" or "-s"))
        {
            args.Add($"--seed {result.Options.Seed}");
        }

        if (!arguments.Any(a => a is "--trials" or "-n"))
        {
            args.Add($"--trials {result.Options.Trials}");
        }

        return "exportflow " + string.Join(' ', args);
    }

    /// <summary>A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string Manifest(MonteCarloResult result, IReadOnlyList<string> arguments, Scenario scenario, IReadOnlyList<string> files)
    {
        return JsonText.Write(w =>
        {
                w.WriteStartObject();
                w.WriteString("tool", "exportflow");
                w.WriteString("version", typeof(OutputDirectory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                w.WriteString("scenarioFile", scenario.File);
                w.WriteString("scenarioSha256", scenario.Sha256);
                w.WriteStartArray("policies");
                foreach (FlowPlan p in result.Plans)
                {
                    w.WriteStringValue(p.PolicyName);
                }

                w.WriteEndArray();
                w.WriteNumber("seed", result.Options.Seed);
                w.WriteString("sampling", result.Options.Sampling.ToString().ToLowerInvariant());
                w.WriteNumber("trialsRequested", result.Options.Trials);
                w.WriteNumber("trialsCompleted", result.TrialsCompleted);
                w.WriteBoolean("partial", result.Partial);
                w.WriteNumber("threads", result.Threads);
                w.WriteNumber("wallSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                w.WriteString("finishedUtc", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("commandLine", "exportflow " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
                w.WriteString("reproduce", Reproduce(arguments, result));
                w.WriteStartArray("files");
                foreach (string name in files)
                {
                    using FileStream stream = File.OpenRead(PathOf(name));
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteNumber("bytes", stream.Length);
                    w.WriteString("sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
        });
    }
}
