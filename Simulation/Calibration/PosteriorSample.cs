using System.Globalization;
using ExportFlow.Simulation.Analysis.Sensitivity;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// The particles of a posterior file (<c>posterior.csv</c> from <c>exportflow calibrate --out</c>) as inputs for
/// <c>run</c> and <c>compare</c>: trial i takes particle (i mod N)'s input values, every plan of the trial the same
/// ones, and its own trial key for everything else, so common random numbers between policies stay intact.
/// </summary>
internal sealed class PosteriorSample
{
    private readonly double[] _values;
    private readonly int[][][] _drawsOf;

    private PosteriorSample(string file, string sha256, string[] inputs, double[] values, int[][][] drawsOf)
    {
        File = file;
        Sha256 = sha256;
        Inputs = inputs;
        _values = values;
        _drawsOf = drawsOf;
    }

    /// <summary>The posterior file.</summary>
    public string File { get; }

    /// <summary>SHA-256 of the posterior file's bytes, lower-case hex (recorded in summary.json so a run names the particles it used).</summary>
    public string Sha256 { get; }

    /// <summary>The inputs it fixes, in its column order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Number of particles.</summary>
    public int Particles => _values.Length / Math.Max(1, Inputs.Count);

    /// <summary>
    /// Reads <paramref name="path"/> and binds its inputs to the per-trial inputs of <paramref name="plans"/>; null with
    /// located errors in <paramref name="bag"/> when the file cannot be used. <paramref name="notInPosterior"/> receives
    /// the scenario's per-trial inputs the file does not fix (they are drawn from their priors).
    /// </summary>
    public static PosteriorSample? Load(string path, Scenario scenario, IReadOnlyList<FlowPlan> plans, DiagnosticBag bag, out IReadOnlyList<string> notInPosterior)
    {
        notInPosterior = [];
        var fileOnly = new SourceLocation(path, 0, 0);
        if (!System.IO.File.Exists(path))
        {
            bag.Error(fileOnly, "", "posterior file not found; give the posterior.csv written by 'exportflow calibrate --out DIR'");
            return null;
        }

        string[] lines;
        string sha256;
        try
        {
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            var read = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                read.Add(line);
            }

            lines = [.. read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.Error(fileOnly, "", $"cannot read the file: {ex.Message}");
            return null;
        }

        if (lines.Length < 2)
        {
            bag.Error(SourceLocation.StartOf(path), "", "the file has no particles; a posterior file has a header line and one line per particle (posterior.csv from 'exportflow calibrate --out DIR')");
            return null;
        }

        string[] header = Split(lines[0]);
        string[] inputs = [.. header.Where(h => h.StartsWith("z:", StringComparison.Ordinal)).Select(h => h[2..])];
        if (header.Length == 0 || header[0] != "particle" || inputs.Length == 0)
        {
            bag.Error(SourceLocation.StartOf(path), "", "this is not a posterior file: its header should start with 'particle' and name each input's score as 'z:NAME' (posterior.csv from 'exportflow calibrate --out DIR')");
            return null;
        }

        SensitivityInput[] scenarioInputs = [.. SensitivityInputs.Of(scenario, plans).Where(i => !i.PerPeriod)];
        var keys = new ulong[inputs.Length];
        var columns = new int[inputs.Length];
        for (int j = 0; j < inputs.Length; j++)
        {
            columns[j] = Array.IndexOf(header, inputs[j]);
            SensitivityInput? match = scenarioInputs.FirstOrDefault(i => i.Name == inputs[j]);
            if (columns[j] < 0)
            {
                bag.Error(new SourceLocation(path, 1, 1), "", $"the header has 'z:{inputs[j]}' but no column '{inputs[j]}' with the input's values");
            }
            else if (match is null)
            {
                string? near = KeySuggester.Nearest(inputs[j], scenarioInputs.Select(i => i.Name));
                bag.Error(new SourceLocation(path, 1, ColumnOf(lines[0], columns[j])), "", $"input '{inputs[j]}' of the posterior is not an uncertain per-trial input of scenario '{scenario.Name}'{(near is null ? "" : $"; did you mean '{near}'?")} (was the posterior made from another scenario?)");
            }
            else
            {
                keys[j] = match.Key;
            }
        }

        if (bag.HasErrors)
        {
            return null;
        }

        var values = new double[(lines.Length - 1) * inputs.Length];
        int particles = 0;
        for (int line = 1; line < lines.Length; line++)
        {
            if (lines[line].Length == 0)
            {
                continue;
            }

            string[] fields = Split(lines[line]);
            for (int j = 0; j < inputs.Length; j++)
            {
                int c = columns[j];
                if (c >= fields.Length || !double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    bag.Error(new SourceLocation(path, line + 1, ColumnOf(lines[line], c)), "", $"'{(c < fields.Length ? fields[c] : "")}' is not a finite number for input '{inputs[j]}' of particle {line - 1}");
                    return null;
                }

                values[(particles * inputs.Length) + j] = v;
            }

            particles++;
        }

        notInPosterior = [.. scenarioInputs.Where(i => !keys.Contains(i.Key)).Select(i => i.Name)];
        int[][][] drawsOf = [.. plans.Select(plan => keys.Select(key =>
            Enumerable.Range(0, plan.Draws.Length).Where(d => plan.Draws[d] is not null && !plan.DrawPerPeriod[d] && plan.DrawKeys[d] == key).ToArray()).ToArray())];
        return new PosteriorSample(path, sha256, inputs, values[..(particles * inputs.Length)], drawsOf);
    }

    /// <summary>Creates the fixed-value array of plan <paramref name="plan"/>'s trial state (NaN: drawn as usual).</summary>
    public static double[] NewFixed(FlowPlan plan)
    {
        var fixedValues = new double[plan.Draws.Length];
        Array.Fill(fixedValues, double.NaN);
        return fixedValues;
    }

    /// <summary>Writes particle (<paramref name="trial"/> mod N)'s input values into plan <paramref name="plan"/>'s fixed values.</summary>
    public void Apply(long trial, int plan, double[] fixedValues)
    {
        int k = Inputs.Count;
        int offset = (int)(trial % Particles) * k;
        int[][] draws = _drawsOf[plan];
        for (int j = 0; j < k; j++)
        {
            double v = _values[offset + j];
            foreach (int d in draws[j])
            {
                fixedValues[d] = v;
            }
        }
    }

    private static int ColumnOf(string line, int field)
    {
        int column = 1, seen = 0;
        bool quoted = false;
        for (int i = 0; i < line.Length && seen < field; i++)
        {
            char ch = line[i];
            quoted ^= ch == '"';
            if (ch == ',' && !quoted)
            {
                seen++;
                column = i + 2;
            }
        }

        return column;
    }

    // One RFC 4180 line: fields separated by commas, a quoted field may hold commas and doubled quotes.
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
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
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
