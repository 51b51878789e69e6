using System.Diagnostics;

namespace Berth.Acceptance.Images;

/// <summary>
/// A real Podman with its own storage in a temp directory (vfs driver, so no mounts outlive it), run
/// with the options this host needs (runc, low ulimits). Deleting the directory removes everything it made.
/// </summary>
public sealed class PodmanPeer : IDisposable
{
    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("berth-podman-");

    public static readonly string[] RunOptions = ["--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "none"];

    public string Directory => _dir.FullName;

    public async Task<ProcessResult> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("podman")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--root", Path.Combine(Directory, "root"), "--runroot", Path.Combine(Directory, "run"), "--storage-driver", "vfs" }.Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
