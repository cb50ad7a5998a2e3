using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace ExportFlow.Simulation.Reporting;

/// <summary>
/// Writes files atomically: a temporary file in the hidden staging folder <see cref="StagingFolder"/> beside
/// the target, flushed to disk, then renamed over the target. A reader (or a process killed at any moment)
/// never sees a partial file under the target's name; temporaries a killed process left behind are removed
/// by <see cref="RemoveStale"/> when the next run opens the folder.
/// </summary>
/// <remarks>
/// The first file this process commits into a folder first deletes that folder's
/// <see cref="ManifestName"/>, which is written last: a manifest present never describes files of another run.
/// </remarks>
public static class AtomicFile
{
    /// <summary>The hidden folder, inside the output folder, that holds files being written.</summary>
    public const string StagingFolder = ".exportflow-staging";

    /// <summary>The file written last, that describes the set of files of one run.</summary>
    public const string ManifestName = "manifest.json";

    private static readonly ConcurrentDictionary<string, bool> s_committed = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> s_opened = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; readers never see a partial file.</summary>
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(content));

    /// <summary>Writes bytes atomically, flushed to disk before the rename.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        string temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, path);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// A new temporary path for <paramref name="path"/>, in the staging folder beside it (created if needed),
    /// named <c>NAME.PID.GUID.tmp</c> so that the temporaries of a dead process can be told apart.
    /// </summary>
    public static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string staging = Path.Combine(Path.GetDirectoryName(full)!, StagingFolder);
        Directory.CreateDirectory(staging);
        return Path.Combine(staging, $"{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Renames a finished temporary file over <paramref name="path"/>.</summary>
    public static void Commit(string temp, string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (Path.GetFileName(full) != ManifestName && s_opened.TryAdd(directory, true))
        {
            File.Delete(Path.Combine(directory, ManifestName));
        }

        File.Move(temp, full, overwrite: true);
        s_committed[full] = true;
    }

    /// <summary>
    /// Starts a new set of files in <paramref name="directory"/>: forgets what this process committed there
    /// before, so that the next commit deletes the manifest again.
    /// </summary>
    public static void BeginSet(string directory)
    {
        string full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        s_opened.TryRemove(full, out _);
        foreach (string path in s_committed.Keys.Where(k => Path.GetDirectoryName(k) == full).ToList())
        {
            s_committed.TryRemove(path, out _);
        }
    }

    /// <summary>Whether this process has committed <paramref name="path"/> (so it belongs to this run).</summary>
    public static bool CommittedHere(string path) => s_committed.ContainsKey(Path.GetFullPath(path));

    /// <summary>
    /// Deletes the temporaries of processes that are no longer running from <paramref name="directory"/>'s
    /// staging folder (and the <c>.NAME.PID.GUID.tmp</c> files older versions left in the folder itself);
    /// removes the staging folder when it is left empty. Returns how many files it deleted.
    /// </summary>
    public static int RemoveStale(string directory)
    {
        int removed = 0;
        string staging = Path.Combine(directory, StagingFolder);
        IEnumerable<string> candidates = Directory.EnumerateFiles(directory, ".*.tmp");
        if (Directory.Exists(staging))
        {
            candidates = candidates.Concat(Directory.EnumerateFiles(staging, "*.tmp"));
        }

        foreach (string file in candidates.ToList())
        {
            if (OwnerOf(file) is int pid && !IsRunning(pid))
            {
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another run cleaning up at the same moment; it is gone either way.
                }
            }
        }

        RemoveStagingIfEmpty(directory);
        return removed;
    }

    /// <summary>Removes the staging folder of <paramref name="directory"/> if nothing is being written in it.</summary>
    public static void RemoveStagingIfEmpty(string directory)
    {
        string staging = Path.Combine(directory, StagingFolder);
        try
        {
            if (Directory.Exists(staging) && !Directory.EnumerateFileSystemEntries(staging).Any())
            {
                Directory.Delete(staging);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process started writing into it: it is in use, and stays.
        }
    }

    /// <summary>The process id in a temporary's name (<c>NAME.PID.GUID.tmp</c>), or null.</summary>
    private static int? OwnerOf(string file)
    {
        string[] parts = Path.GetFileName(file).Split('.');
        return parts.Length >= 4 && parts[^1] == "tmp" && parts[^2].Length == 32 && int.TryParse(parts[^3], out int pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
