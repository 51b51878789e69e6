using System.Diagnostics;
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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string? _datastoreEndpoint;
    private Process? _process;

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

    public string AdminToken => File.ReadAllText(Path.Combine(DataDir, "server", "admin-token")).Trim();

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo(BerthBinary.Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "server", "--data-dir", DataDir, "--https-listen-port", Port.ToString() })
        {
            psi.ArgumentList.Add(arg);
        }
        // Several servers run at once in the suite: each agent's streaming server takes a free port.
        foreach (var arg in DisableAgent ? ["--disable-agent"] : new[] { "--kubelet-port", "0" })
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var arg in _extraArguments)
        {
            psi.ArgumentList.Add(arg);
        }
        if (_datastoreEndpoint is not null)
        {
            psi.ArgumentList.Add("--datastore-endpoint");
            psi.ArgumentList.Add(_datastoreEndpoint);
        }
        var process = Process.Start(psi)!;
        _process = process;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "Berth is ready")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"berth server exited with {process.ExitCode}: {stderr}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(StartTimeout);
    }

    /// <summary>
    /// Stops the server with SIGTERM (SIGKILL after 40 s, past its 30 s shutdown budget), as systemd or a user's
    /// Ctrl-C would; returns its exit code, or null when it was not running.
    /// </summary>
    public async Task<int?> StopAsync()
    {
        if (_process is not { } process)
        {
            return null;
        }
        _process = null;
        using (process)
        {
            if (!process.HasExited)
            {
                Signal(process.Id);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(40));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            return process.ExitCode;
        }
    }

    /// <summary>Kills the server with SIGKILL: it releases nothing, as a crashed machine would not.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataDir, recursive: true);
    }

    private static void Signal(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString()]);
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
