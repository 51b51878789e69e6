namespace Berth.Acceptance;

/// <summary>
/// Deletes a test's engine root once no berth process uses it any more: a shim's exit command
/// (`berth --root R container cleanup`) may still be running just after a foreground `run --rm` returned.
/// </summary>
public static class EngineRootRemoval
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static void Delete(string root)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (UsedByAProcess(root) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Directory.Delete(root, recursive: true);
    }

    private static bool UsedByAProcess(string root)
    {
        var argument = $"--root\0{root}\0";
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(process, "cmdline"));
                // conmon names berth and the root in its --exit-command-arg options; only berth itself counts.
                var program = Path.GetFileName(commandLine.Split('\0')[0]);
                if (commandLine.Contains(argument) && program != "conmon")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while it was being read.
            }
        }
        return false;
    }
}
