namespace ExportFlow.Simulation.Reporting;

/// <summary>Writes files atomically: a temporary file in the same folder, then a rename.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; readers never see a partial file.</summary>
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(content));

    /// <summary>Writes bytes atomically, flushed to disk before the rename.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
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

    /// <summary>A temporary path beside <paramref name="path"/>, for writers that stream.</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>Renames a finished temporary file over <paramref name="path"/>.</summary>
    public static void Commit(string temp, string path) => File.Move(temp, path, overwrite: true);
}
