using System.Diagnostics;

namespace Berth.Acceptance;

/// <summary>What a container can leave behind on the host: iptables rules, mounts, network namespaces.</summary>
public static class HostTraces
{
    /// <summary>The lines of `iptables-save` that contain any of <paramref name="needles"/>.</summary>
    public static async Task<List<string>> IptablesLinesAsync(params string[] needles)
    {
        using var process = Process.Start(new ProcessStartInfo("iptables-save") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var dump = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return dump.Split('\n').Where(line => needles.Any(line.Contains)).ToList();
    }

    /// <summary>Whether anything is mounted at or below <paramref name="path"/> in this mount namespace.</summary>
    public static bool HasMountUnder(string path) =>
        File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ')[4].StartsWith(path, StringComparison.Ordinal));

    public static bool NetworkNamespaceExists(string containerId) => File.Exists($"/run/netns/berth-{containerId}");

    /// <summary>The lines of `nft list ruleset` that contain <paramref name="needle"/> (a bridge's name in the isolation table).</summary>
    public static async Task<List<string>> NftLinesAsync(string needle)
    {
        using var process = Process.Start(new ProcessStartInfo("nft", ["list", "ruleset"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var dump = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return dump.Split('\n').Where(line => line.Contains(needle, StringComparison.Ordinal)).ToList();
    }

    public static bool InterfaceExists(string name) => Directory.Exists($"/sys/class/net/{name}");

    /// <summary>Whether the name server process of the engine root <paramref name="root"/> (`berth --root ROOT network nameserver`) runs.</summary>
    public static bool NameServerRuns(string root) => ProcessRuns(root, "nameserver");

    /// <summary>Whether the health check monitor of container <paramref name="id"/> (`berth healthcheck monitor ID`) runs.</summary>
    public static bool HealthMonitorRuns(string id) => ProcessRuns(id, "monitor");

    /// <summary>Whether a process runs whose command line has all of <paramref name="words"/> among its arguments.</summary>
    public static bool ProcessRuns(params string[] words) =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                return words.All(argv.Contains);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
