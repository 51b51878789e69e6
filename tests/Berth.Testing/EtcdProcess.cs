using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Testing;

/// <summary>A real etcd (Debian's etcd-server) on random loopback ports with a temp data dir, killed and removed afterwards.</summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/etcd";
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-etcd-").FullName;
    private Process? _process;

    public string Endpoint { get; private set; } = "";

    public async Task StartAsync()
    {
        // A port picked free can be taken before etcd binds it; try again with new ones then.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (client, peer) = (FreePort(), FreePort());
            Endpoint = $"http://127.0.0.1:{client}";
            _process = Start(client, peer, Path.Combine(_dir, $"data-{attempt}"));
            if (await WaitHealthyAsync())
            {
                return;
            }
            Stop();
        }
        throw new InvalidOperationException($"etcd did not start; see {_dir}/etcd.log");
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Process Start(int client, int peer, string data)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--name", "berth-test", "--data-dir", data,
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"berth-test=http://127.0.0.1:{peer}",
            "--logger", "zap", "--log-outputs", Path.Combine(_dir, "etcd.log"),
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

    private async Task<bool> WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 150; i++)
        {
            if (_process!.HasExited)
            {
                return false;
            }
            try
            {
                if ((await http.GetStringAsync($"{Endpoint}/health")).Contains("\"true\""))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
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
