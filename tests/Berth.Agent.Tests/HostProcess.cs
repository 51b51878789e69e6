using System.Diagnostics;

namespace Berth.Agent.Tests;

/// <summary>Runs a host tool (nft, ip) and returns what it said, for tests that check the kernel's state.</summary>
public static class HostProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
