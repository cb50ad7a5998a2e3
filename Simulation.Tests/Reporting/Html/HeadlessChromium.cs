using System.Diagnostics;

namespace ExportFlow.Simulation.Tests.Reporting.Html;

/// <summary>
/// Drives an installed Chromium headless (Debian's <c>chromium</c> package): dump the DOM after the page has loaded,
/// take a screenshot, and collect the console messages it logs. Nothing is downloaded; where no browser is installed
/// the tests that need one are skipped (see README, "Browser tests").
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] s_names = ["chromium", "chromium-browser", "google-chrome"];
    private static readonly Lazy<string?> s_executable = new(Find);

    /// <summary>The browser's path, or null when none is installed.</summary>
    public static string? Executable => s_executable.Value;

    /// <summary>Skips the calling test, with how to install a browser, when none is installed.</summary>
    public static string Require()
    {
        if (Executable is null)
        {
            Assert.Ignore("No Chromium found (looked for $EXPORTFLOW_CHROMIUM, chromium, chromium-browser, google-chrome on PATH): "
                + "the HTML report was not checked in a browser. Install one with 'sudo apt-get install -y chromium' (Debian/Ubuntu); .ci/run does this.");
        }

        return Executable!;
    }

    /// <summary>The DOM after load, and every console message the page logged.</summary>
    public static (string Dom, IReadOnlyList<string> Console) DumpDom(string page)
    {
        var (stdout, stderr) = Start(page, "--dump-dom", "--enable-logging=stderr", "--v=0");
        return (stdout, ConsoleLines(stderr));
    }

    /// <summary>Takes a screenshot of the page at the given window size into <paramref name="png"/>.</summary>
    public static void Screenshot(string page, string png, int width, int height)
    {
        var (_, stderr) = Start(page, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");
        Assert.That(File.Exists(png), Is.True, "the browser wrote no screenshot: " + stderr);
    }

    /// <summary>Console messages of a Chromium log ("INFO:CONSOLE" lines, whatever their level: the page runs no script, so any is unexpected).</summary>
    public static IReadOnlyList<string> ConsoleLines(string log) =>
        [.. log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal))];

    private static (string Stdout, string Stderr) Start(string page, params string[] args)
    {
        string profile = Directory.CreateTempSubdirectory("exportflow-chromium-").FullName;
        var info = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile}", .. args, new Uri(Path.GetFullPath(page)).AbsoluteUri])
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(info)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the browser did not finish within 120 s on {page}");
            }

            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // The browser's helpers may still hold a file for a moment; a temporary folder can stay.
            }
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EXPORTFLOW_CHROMIUM") is { Length: > 0 } given && File.Exists(given))
        {
            return given;
        }

        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return s_names.SelectMany(name => path.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
