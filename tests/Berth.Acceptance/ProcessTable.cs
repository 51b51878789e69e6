namespace Berth.Acceptance;

/// <summary>The host's processes, read from /proc.</summary>
public static class ProcessTable
{
    /// <summary>The pids of the processes whose command line (argv) <paramref name="matches"/> accepts.</summary>
    public static List<string> Matching(Func<string[], bool> matches) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).OfType<string>().Where(pid => char.IsAsciiDigit(pid[0])).Where(pid =>
        {
            try
            {
                return matches(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0'));
            }
            catch (IOException)
            {
                // Gone meanwhile.
                return false;
            }
        })];
}
