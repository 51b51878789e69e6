using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Acceptance.Registry;

/// <summary>
/// Debian's real docker-registry (distribution 2.8) on a free 127.0.0.1 port with storage in a temp
/// directory, optionally behind htpasswd basic auth. Disposing kills it and deletes everything it stored.
/// </summary>
public class DockerRegistry : IAsyncLifetime
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("berth-registry-");
    private readonly (string User, string Password)? _login;
    private Process? _process;

    public DockerRegistry() : this(null)
    {
    }

    /// <summary>A registry that wants this user and password (htpasswd, bcrypt).</summary>
    protected DockerRegistry((string User, string Password)? login) => _login = login;

    public string Domain { get; private set; } = "";

    /// <summary>Scratch space for the test, deleted with the registry.</summary>
    public string Directory => _dir.FullName;

    /// <summary>Where the registry keeps a blob's bytes on disk (distribution's filesystem driver layout).</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Directory, "storage", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Domain = $"127.0.0.1:{port}";
        var auth = "";
        if (_login is var (user, password))
        {
            var htpasswd = await RunAsync("htpasswd", "-Bbn", user, password);
            await File.WriteAllTextAsync(Path.Combine(Directory, "htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: berth-test\n    path: {Path.Combine(Directory, "htpasswd")}\n";
        }
        var config = Path.Combine(Directory, "config.yml");
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(Directory, "storage")}\n" +
            $"http:\n  addr: {Domain}\n{auth}");
        _process = Process.Start(new ProcessStartInfo(Binary) { ArgumentList = { "serve", config }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Delete(recursive: true);
    }

    /// <summary>Runs a tool (skopeo, htpasswd, …) and returns its stdout; throws with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var result = await TryRunAsync(tool, args);
        return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {result.Stderr}");
    }

    public static async Task<ProcessResult> TryRunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync($"http://{Domain}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"docker-registry did not answer on {Domain}");
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
