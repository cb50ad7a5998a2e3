using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Scenarios;

namespace ExportFlow.Fuzzing;

/// <summary>
/// What one fuzz input must satisfy: loading never throws; every diagnostic lies inside the file (a line and
/// column an editor shows) and holds no stack trace; a valid scenario compiles under the baseline and every
/// policy to a plan whose constants are not NaN. A broken rule throws <see cref="FuzzFindingException"/>.
/// </summary>
internal static class ScenarioCheck
{
    private const string FileName = "fuzz.yaml";

    /// <summary>Checks one input; returns a one-line summary (for replaying a file by hand).</summary>
    public static string Run(byte[] input)
    {
        LoadResult result = ScenarioLoader.LoadFromBytes(FileName, input);
        string text = System.Text.Encoding.UTF8.GetString(input);
        int[] lineLengths = EditorLineLengths(text);
        foreach (Diagnostic d in result.Diagnostics)
        {
            if (d.Location.Line != 0 || d.Location.Column != 0)
            {
                int line = d.Location.Line, column = d.Location.Column;
                if (line < 1 || line > lineLengths.Length || column < 1 || column > lineLengths[line - 1] + 1)
                {
                    throw new FuzzFindingException($"diagnostic outside the file ({lineLengths.Length} lines): {d}");
                }
            }

            if (Unechoed(d.Message, text, "   at ") || Unechoed(d.Message, text, "Exception"))
            {
                throw new FuzzFindingException($"diagnostic holds a stack trace or an exception name: {d}");
            }
        }

        if (!result.Succeeded || result.Scenario is not { } scenario)
        {
            return $"{result.Diagnostics.Count} diagnostics; first: {(result.Diagnostics.Count > 0 ? result.Diagnostics[0] : null)}";
        }

        foreach (Policy? policy in scenario.Policies.Prepend(null))
        {
            FlowPlan plan = PlanCompiler.Compile(scenario, policy);
            CheckFinite(plan.StaticValues, "StaticValues", plan.PolicyName);
            CheckFinite(plan.ProgramBaseConst, "ProgramBaseConst", plan.PolicyName);
            CheckFinite(plan.OpConst, "OpConst", plan.PolicyName);
        }

        return $"valid; compiled the baseline and {scenario.Policies.Count} policies";
    }

    /// <summary>True when a message holds <paramref name="word"/> and the input does not (so it is no echo of the input).</summary>
    private static bool Unechoed(string message, string text, string word) =>
        message.Contains(word, StringComparison.Ordinal) && !text.Contains(word, StringComparison.Ordinal);

    private static void CheckFinite(double[] values, string what, string policy)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new FuzzFindingException($"plan of '{policy}': {what}[{i}] is NaN");
            }
        }
    }

    /// <summary>Length of each line as an editor shows it: breaks are \r\n, \r and \n; text decoded as UTF-8.</summary>
    private static int[] EditorLineLengths(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lengths = new List<int>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                lengths.Add(i - start);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lengths.Add(text.Length - start);
        return [.. lengths];
    }
}
