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
