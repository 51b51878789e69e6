using System.Diagnostics;

namespace Berth.Acceptance;

/// <summary>
/// A long-running berth command (`server`, `agent`) started as a user would: ready when it prints its ready line,
/// stopped with SIGTERM (SIGKILL after 40 s, past its 30 s shutdown budget) or killed as a crashed machine would be.
/// </summary>
public sealed class BerthDaemon(string readyLine)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly System.Text.StringBuilder _stderr = new();
    private Process? _process;

    /// <summary>What the process has written to standard error so far (its log).</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="file"/> (the launcher, or a wrapper such as nsenter) and waits for the ready line.</summary>
    public async Task StartAsync(string file, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments)
        {
            psi.ArgumentList.Add(arg);
        }
        var process = Process.Start(psi)!;
        _process = process;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == readyLine)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // the rest of stderr: the reason is usually its last line
            ready.TrySetException(new InvalidOperationException($"{string.Join(' ', psi.ArgumentList.Take(3))} exited with {process.ExitCode}: {Log}"));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(StartTimeout);
    }

    /// <summary>Stops the process with SIGTERM; returns its exit code, or null when it was not running.</summary>
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
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
                {
                    kill.WaitForExit();
                }
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

    /// <summary>Kills the process with SIGKILL: it releases nothing.</summary>
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
}
