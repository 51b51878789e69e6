using System.Diagnostics;
using System.Text;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>A kubectl that runs on (port-forward, attach), its output gathered as it comes; disposing kills it.</summary>
public sealed class RunningKubectl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RunningKubectl(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts `kubectl port-forward --address=127.0.0.1 ARGS` and waits until it prints that it forwards <paramref name="ports"/> local ports.</summary>
    public static Task<RunningKubectl> PortForwardAsync(Kubectl kubectl, int ports, params string[] args) =>
        StartAsync(kubectl, k => CountOf(k.Stdout, "Forwarding from 127.0.0.1:") >= ports, ["port-forward", "--address=127.0.0.1", .. args]);

    /// <summary>Starts `kubectl ARGS` and waits until <paramref name="ready"/> holds; failing if kubectl exits first.</summary>
    public static async Task<RunningKubectl> StartAsync(Kubectl kubectl, Func<RunningKubectl, bool> ready, params string[] args)
    {
        var running = new RunningKubectl(Process.Start(kubectl.StartInfo(args))!);
        try
        {
            await running.WaitForAsync(ready, $"kubectl {string.Join(' ', args)} ready");
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails when kubectl exits before.</summary>
    public async Task WaitForAsync(Func<RunningKubectl, bool> condition, string what)
    {
        await Poll.UntilAsync(() => Task.FromResult(HasExited || condition(this)), TimeSpan.FromMinutes(1), () => $"{what}; stdout: {Stdout} stderr: {Stderr}");
        Assert.False(!condition(this) && HasExited, $"kubectl exited: {Stderr}");
    }

    /// <summary>Types <paramref name="text"/> on kubectl's stdin.</summary>
    public async Task WriteAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
