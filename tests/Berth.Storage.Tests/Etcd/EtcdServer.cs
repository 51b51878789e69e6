using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Storage.Etcd;

namespace Berth.Storage.Tests.Etcd;

/// <summary>
/// A real etcd (Debian's etcd-server) of the tests' own: loopback ports picked at random, a temp
/// data dir, killed and removed afterwards.
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private const string Binary = "/usr/bin/etcd";
    private readonly TempDirectory _directory = new();
    private Process? _process;

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A port picked free can be taken before etcd binds it; try again with new ones then.
        for (var attempt = 1; ; attempt++)
        {
            var (client, peer) = (FreePort(), FreePort());
            Endpoint = $"http://127.0.0.1:{client}";
            _process = Start(client, peer);
            if (await WaitReadyAsync())
            {
                return;
            }
            Stop();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"etcd did not start on {Endpoint}");
            }
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private Process Start(int client, int peer)
    {
        var data = Path.Combine(_directory.Path, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--name", "berth-test", "--data-dir", data,
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"berth-test=http://127.0.0.1:{peer}",
            "--logger", "zap", "--log-outputs", Path.Combine(_directory.Path, "etcd.log"),
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<bool> WaitReadyAsync()
    {
        await using var store = EtcdKeyValueStore.Open(Endpoint);
        for (var i = 0; i < 150; i++)
        {
            if (_process!.HasExited)
            {
                return false;
            }
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await store.GetRevisionAsync(attempt.Token);
                return true;
            }
            catch (Exception e) when (e is StorageException or OperationCanceledException)
            {
                await Task.Delay(200);
            }
        }
        return false;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
