using System.Text;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Tests.Scenarios;

/// <summary>
/// Deterministic mutations of scenario files for <see cref="MutationFuzzTests"/>: byte flips, inserted, deleted
/// and duplicated lines and slices, YAML punctuation, numbers the parser must refuse, anchors and aliases,
/// splices of two corpus files and deep nesting. Driven by a SplitMix64 sequence, so a seed names every mutant.
/// </summary>
internal sealed class ScenarioMutator
{
    private static readonly string[] s_punctuation =
    [
        "[", "]", "{", "}", ":", ": ", "- ", ",", "'", "\"", "#", " #", "&a ", "*a", "!", "!!str ", "|", ">", "\r", "\t",
        "\n", "\r\n", " ", "? ", "---\n", "...\n", "%YAML 1.2\n", "\\", "@", "`", "\u00a0", "\uFEFF", "\u2028", "\u00e9",
    ];

    private static readonly string[] s_numbers =
    [
        "1e999", "-1e999", ".nan", "NaN", ".inf", "-.inf", "-0", "0", "1e-320", "9999999999999999999", "-9223372036854775808",
        "0x10", "1_000", "1,5", "2147483648", "4.9e-324", "1.7976931348623157e308", "1e308", "-1", "0.0",
    ];

    private readonly IReadOnlyList<byte[]> _corpus;
    private ulong _state;

    /// <summary>Creates a mutator over <paramref name="corpus"/> (file contents) with the given seed.</summary>
    public ScenarioMutator(IReadOnlyList<byte[]> corpus, ulong seed)
    {
        _corpus = corpus;
        _state = seed;
    }

    /// <summary>The next mutant: a corpus file with one to four mutations applied (one in half the mutants).</summary>
    public byte[] Next()
    {
        var data = new List<byte>(_corpus[Below(_corpus.Count)]);
        int count = 1;
        while (count < 4 && Below(2) == 0)
        {
            count++;
        }

        for (int i = 0; i < count; i++)
        {
            Mutate(data);
        }

        return [.. data];
    }

    private ulong NextUInt64()
    {
        _state = unchecked(_state + SplitMix64.GoldenGamma);
        return SplitMix64.Finalize(_state);
    }

    /// <summary>A number in [0, n); n must be positive.</summary>
    private int Below(int n) => (int)(NextUInt64() % (ulong)n);

    private void Mutate(List<byte> data)
    {
        int position = Below(data.Count + 1);
        switch (Below(12))
        {
            case 0 when data.Count > 0:
                int at = Below(data.Count);
                data[at] ^= (byte)(1 << Below(8));
                break;
            case 1:
                data.Insert(position, (byte)Below(256));
                break;
            case 2:
                LineEdit(data, duplicate: false);
                break;
            case 3:
                LineEdit(data, duplicate: true);
                break;
            case 4:
                byte[] other = _corpus[Below(_corpus.Count)];
                var (start, end) = LineAt(other, Below(other.Length + 1));
                data.InsertRange(LineAt(data, position).Start, other[start..end]);
                break;
            case 5 when data.Count > 0:
                int from = Below(data.Count);
                data.RemoveRange(from, Math.Min(data.Count - from, 1 + Below(64)));
                break;
            case 6 when data.Count > 0:
                int sliceStart = Below(data.Count);
                int length = Math.Min(data.Count - sliceStart, 1 + Below(256));
                data.InsertRange(position, data.GetRange(sliceStart, length));
                break;
            case 7:
                data.InsertRange(position, Encoding.UTF8.GetBytes(s_punctuation[Below(s_punctuation.Length)]));
                break;
            case 8:
                byte[] second = _corpus[Below(_corpus.Count)];
                data.RemoveRange(position, data.Count - position);
                data.AddRange(second[Below(second.Length + 1)..]);
                break;
            case 9:
                string open = Below(2) == 0 ? "[" : "{a: ";
                int depth = Below(4) == 0 ? 1 + Below(100_000) : 1 + Below(100);
                data.InsertRange(position, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth))));
                break;
            case 10:
                ReplaceNumber(data, position);
                break;
            default:
                data.InsertRange(position, Encoding.UTF8.GetBytes(Below(2) == 0 ? "&x " : "*x"));
                break;
        }
    }

    /// <summary>Deletes or duplicates the line holding a random byte.</summary>
    private void LineEdit(List<byte> data, bool duplicate)
    {
        var (start, end) = LineAt(data, Below(data.Count + 1));
        if (duplicate)
        {
            data.InsertRange(start, data.GetRange(start, end - start));
        }
        else
        {
            data.RemoveRange(start, end - start);
        }
    }

    /// <summary>Replaces the run of digits at or after <paramref name="position"/> with a number from the edge list.</summary>
    private void ReplaceNumber(List<byte> data, int position)
    {
        int start = data.FindIndex(position, b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0)
        {
            return;
        }

        int end = start;
        while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e')
        {
            end++;
        }

        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.UTF8.GetBytes(s_numbers[Below(s_numbers.Length)]));
    }

    /// <summary>Start and end (after the '\n') of the line holding byte <paramref name="index"/>.</summary>
    private static (int Start, int End) LineAt(IReadOnlyList<byte> data, int index)
    {
        int start = Math.Min(index, data.Count);
        while (start > 0 && data[start - 1] != (byte)'\n')
        {
            start--;
        }

        int end = Math.Min(index, data.Count);
        while (end < data.Count && data[end] != (byte)'\n')
        {
            end++;
        }

        return (start, Math.Min(end + 1, data.Count));
    }
}
