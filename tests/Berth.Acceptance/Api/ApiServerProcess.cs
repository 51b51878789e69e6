using System.Net;
using System.Net.Sockets;

namespace Berth.Acceptance.Api;

/// <summary>
/// A real `berth server --disable-agent` (or with its node agent, <see cref="DisableAgent"/> false) on
/// a random loopback port with its own data dir, started through the launcher as a user would; ready
/// when it prints "Berth is ready".
/// </summary>
public sealed class ApiServerProcess : IAsyncDisposable
{
    private readonly BerthDaemon _daemon = new("Berth is ready");
    private readonly string? _datastoreEndpoint;

    private readonly string[] _extraArguments;

    public ApiServerProcess(string? datastoreEndpoint = null, params string[] extraArguments)
    {
        _datastoreEndpoint = datastoreEndpoint;
        _extraArguments = extraArguments;
        Port = FreePort();
    }

    public string DataDir { get; } = Directory.CreateTempSubdirectory("berth-api-").FullName;

    /// <summary>Whether the server runs without its embedded node agent (the default for control-plane tests).</summary>
    public bool DisableAgent { get; init; } = true;

    public int Port { get; }

    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig.yaml");

    public Uri Address => new($"https://127.0.0.1:{Port}");

    /// <summary>The server's log (standard error) so far.</summary>
    public string Log => _daemon.Log;

    public string AdminToken => File.ReadAllText(Path.Combine(DataDir, "server", "admin-token")).Trim();

    public async Task StartAsync()
    {
        List<string> arguments = ["server", "--data-dir", DataDir, "--https-listen-port", Port.ToString()];
        // Several servers run at once in the suite: each agent's streaming server takes a free port.
        arguments.AddRange(DisableAgent ? ["--disable-agent"] : ["--kubelet-port", "0"]);
        arguments.AddRange(_extraArguments);
        if (_datastoreEndpoint is not null)
        {
            arguments.AddRange(["--datastore-endpoint", _datastoreEndpoint]);
        }
        await _daemon.StartAsync(BerthBinary.Launcher, arguments);
    }

    /// <summary>
    /// Stops the server with SIGTERM (SIGKILL after 40 s, past its 30 s shutdown budget), as systemd or a user's
    /// Ctrl-C would; returns its exit code, or null when it was not running.
    /// </summary>
    public Task<int?> StopAsync() => _daemon.StopAsync();

    /// <summary>Kills the server with SIGKILL: it releases nothing, as a crashed machine would not.</summary>
    public Task KillAsync() => _daemon.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
