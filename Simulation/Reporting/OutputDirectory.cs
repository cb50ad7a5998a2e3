using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// The <c>--out</c> folder: summary.json, samples.csv and manifest.json, each written to a temporary
/// file first and renamed into place, so an interrupted run never leaves a half-written file.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private readonly string _directory;
    private StreamWriter? _samples;
    private string? _samplesTemp;

    private OutputDirectory(string directory) => _directory = directory;

    /// <summary>Creates the folder if needed; null when no folder was asked for.</summary>
    public static OutputDirectory? Prepare(string? directory)
    {
        if (directory is null)
        {
            return null;
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

        return new OutputDirectory(directory);
    }

    /// <summary>Starts samples.csv (in a temporary file) and returns the sink that writes its rows.</summary>
    public Action<long, int, double[]> OpenSamples(IReadOnlyList<FlowPlan> plans)
    {
        _samplesTemp = AtomicFile.TempPathFor(Path.Combine(_directory, "samples.csv"));
        _samples = new StreamWriter(_samplesTemp, false, new UTF8Encoding(false));
        _samples.WriteLine("trial,policy," + string.Join(',', Enum.GetValues<Outcome>().Select(RunSummaryWriter.Key)));
        var names = plans.Select(p => p.PolicyName).ToArray();
        var line = new StringBuilder();
        return (trial, plan, row) =>
        {
            line.Clear();
            line.Append(trial.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvField(names[plan]));
            foreach (double v in row)
            {
                line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            _samples.WriteLine(line);
        };
    }

    /// <summary>
    /// Writes the summary and the manifest and moves samples.csv into place. A run without samples
    /// removes a samples.csv an earlier run left in the folder, so the folder never mixes two runs.
    /// </summary>
    public void Finish(MonteCarloResult result, string summaryJson, IReadOnlyList<string> arguments, Scenario scenario, string summaryName = "summary.json")
    {
        string samplesPath = Path.Combine(_directory, "samples.csv");
        if (_samples is not null)
        {
            _samples.Dispose();
            AtomicFile.Commit(_samplesTemp!, samplesPath);
            _samples = null;
        }
        else if (summaryName == "summary.json" && File.Exists(samplesPath))
        {
            File.Delete(samplesPath);
        }

        AtomicFile.WriteAllText(Path.Combine(_directory, summaryName), summaryJson);
        AtomicFile.WriteAllText(Path.Combine(_directory, "manifest.json"), Manifest(result, arguments, scenario));
    }

    /// <summary>Full path of a file in the folder.</summary>
    public string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        if (_samples is not null)
        {
            _samples.Dispose();
            File.Delete(_samplesTemp!);
        }
    }

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

    private static string Manifest(MonteCarloResult result, IReadOnlyList<string> arguments, Scenario scenario)
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
                w.WriteNumber("trialsRequested", result.Options.Trials);
                w.WriteNumber("trialsCompleted", result.TrialsCompleted);
                w.WriteBoolean("partial", result.Partial);
                w.WriteNumber("threads", result.Threads);
                w.WriteNumber("wallSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                w.WriteString("finishedUtc", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("commandLine", "exportflow " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
                w.WriteString("reproduce", Reproduce(arguments, result));
                w.WriteEndObject();
        });
    }
}
