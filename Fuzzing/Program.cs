using SharpFuzz;

namespace ExportFlow.Fuzzing;

/// <summary>
/// The AFL entry point (SharpFuzz): each input is one scenario file. Any exception that escapes
/// <see cref="ScenarioCheck.Run"/>, or a stack overflow, is a crash; a run past AFL's time limit is a hang.
/// Without AFL (no <c>__AFL_SHM_ID</c>), runs the check once on each file named on the command line,
/// so a crash file can be replayed with an uninstrumented build: <c>dotnet Fuzzing.dll crash-file...</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable("__AFL_SHM_ID") is null && args.Length > 1 && args[0] == "--triage")
        {
            return Triage(args[1..]);
        }

        if (Environment.GetEnvironmentVariable("__AFL_SHM_ID") is null && args.Length > 0)
        {
            foreach (string file in args)
            {
                Console.WriteLine($"{file}: {ScenarioCheck.Run(File.ReadAllBytes(file))}");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            ScenarioCheck.Run(buffer.ToArray());
        });
        return 0;
    }

    /// <summary>
    /// Replays every file in the given folders in this process and prints one line per file: its name, then OK
    /// or the exception type, the frame that threw and the message, so crashes can be grouped by cause.
    /// A stack overflow ends the process: the last name printed is the file that caused it.
    /// </summary>
    private static int Triage(string[] folders)
    {
        int failures = 0;
        foreach (string file in folders.SelectMany(f => Directory.EnumerateFiles(f)).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Console.Out.Write($"{Path.GetFileName(file)}\t");
            Console.Out.Flush();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                ScenarioCheck.Run(File.ReadAllBytes(file));
                Console.WriteLine($"OK\t{watch.ElapsedMilliseconds} ms");
            }
#pragma warning disable CA1031 // Triage reports every exception, whatever its type.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                string frame = ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
                Console.WriteLine($"{ex.GetType().Name}\t{frame}\t{ex.Message.ReplaceLineEndings(" ")}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
