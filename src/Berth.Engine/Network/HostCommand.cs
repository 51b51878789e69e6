using System.ComponentModel;
using System.Diagnostics;

namespace Berth.Engine.Network;

/// <summary>Runs a host networking tool (ip, nft, nsenter) with a script on stdin; a failure is a one-line <see cref="BerthException"/>.</summary>
internal static class HostCommand
{
    /// <summary>Runs the tool and returns its stdout; a non-zero exit throws with <paramref name="what"/> and the tool's stderr.</summary>
    public static async Task<string> RunAsync(string what, string file, IReadOnlyList<string> args, string? stdin, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await TryRunAsync(file, args, stdin, cancellationToken);
        return exitCode == 0 ? stdout : throw new BerthException($"{what}: {string.Join(' ', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string file, IReadOnlyList<string> args, string? stdin, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new BerthException($"cannot start {file}");
        }
        catch (Win32Exception e)
        {
            throw new BerthException($"cannot start {file}: {e.Message}", inner: e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
