using System.Diagnostics;
using System.Net.Sockets;
using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Docker;

/// <summary>
/// A temp engine root with the busybox image, served by `berth system service` on a Unix socket of its own;
/// the real docker CLI reaches it through DOCKER_HOST. Removes every container, the service and the root after.
/// </summary>
public sealed class DockerSocket : IAsyncLifetime
{
    public const string Image = "localhost/busybox:test";

    private BerthProcess? _service;

    public string Root { get; } = Directory.CreateTempSubdirectory("berth-docker-").FullName;

    public string SocketPath => Path.Combine(Root, "docker.sock");

    public string Host => "unix://" + SocketPath;

    public async Task InitializeAsync()
    {
        await TestImages.ImportBusyboxAsync(Root, Image);
        _service = new BerthProcess("--root", Root, "system", "service", "--time", "0", Host);
        await WaitForPingAsync();
    }

    public async Task DisposeAsync()
    {
        await RemoveAllContainersAsync();
        _service?.Dispose();
        EngineRootRemoval.Delete(Root);
    }

    /// <summary>Runs `docker args…` against the socket.</summary>
    public Task<ProcessResult> DockerAsync(params string[] args) => RunAsync("docker", args, stdin: null);

    /// <summary>Runs Debian's `docker-compose args…` (1.29, Python) against the socket.</summary>
    public Task<ProcessResult> ComposeAsync(params string[] args) => RunAsync("docker-compose", args, stdin: null);

    public Task<ProcessResult> DockerWithStdinAsync(string stdin, params string[] args) => RunAsync("docker", args, stdin);

    /// <summary>Runs a shell line (a pipe of docker commands) with DOCKER_HOST set to the socket.</summary>
    public Task<ProcessResult> ShellAsync(string script) => RunAsync("sh", ["-c", script], stdin: null);

    /// <summary>Runs `docker args…` on a 40×132 pseudo-terminal (script -e), for -t; stdout is the terminal's output.</summary>
    public Task<ProcessResult> DockerOnTerminalAsync(params string[] args) => DockerTypingOnTerminalAsync(typed: null, args);

    /// <summary>As <see cref="DockerOnTerminalAsync(string[])"/>, typing <paramref name="typed"/> on the terminal.</summary>
    public Task<ProcessResult> DockerTypingOnTerminalAsync(string? typed, params string[] args) =>
        RunAsync("script", ["-eqc", "stty rows 40 cols 132; exec docker " + string.Join(' ', args.Select(a => $"'{a.Replace("'", "'\\''")}'")), "/dev/null"], typed);

    public Task<ProcessResult> BerthAsync(params string[] args) => BerthBinary.RunAsync(["--root", Root, .. args], stdin: null);

    public async Task RemoveAllContainersAsync()
    {
        var ids = await BerthAsync("ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await BerthAsync("rm", "-f", id.Trim());
        }
    }

    private async Task<ProcessResult> RunAsync(string program, IEnumerable<string> args, string? stdin)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        args.ToList().ForEach(psi.ArgumentList.Add);
        psi.Environment["DOCKER_HOST"] = Host;
        psi.Environment["DOCKER_CONFIG"] = Path.Combine(Root, "docker-config");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
