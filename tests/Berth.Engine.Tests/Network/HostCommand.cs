using System.Diagnostics;

namespace Berth.Engine.Tests.Network;

/// <summary>Runs host tools (ip, iptables-save, nsenter, busybox) for the network tests.</summary>
internal static class HostCommand
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr);

    public static async Task<Output> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(StartInfo(file, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 30 s");
        }
        return new Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs busybox inside a network namespace (nsenter --net).</summary>
    public static Task<Output> InNamespaceAsync(string netnsPath, params string[] busyboxArgs) =>
        RunAsync("nsenter", [$"--net={netnsPath}", "busybox", .. busyboxArgs]);

    /// <summary>Starts a long-running busybox applet inside a namespace; the caller kills it.</summary>
    public static Process StartInNamespace(string netnsPath, params string[] busyboxArgs) =>
        Process.Start(StartInfo("nsenter", [$"--net={netnsPath}", "busybox", .. busyboxArgs]))!;

    private static ProcessStartInfo StartInfo(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        return psi;
    }
}
