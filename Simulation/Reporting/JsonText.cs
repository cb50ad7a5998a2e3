using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ExportFlow.Simulation.Reporting;

/// <summary>Writes an indented JSON document to a string, the one way every output of the tool does it.</summary>
public static class JsonText
{
    /// <summary>Runs <paramref name="write"/> on a writer and returns the document with a final newline.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();

        // Relaxed escaping keeps text such as Δ, ≤ and en dashes readable; the output is still valid JSON.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
