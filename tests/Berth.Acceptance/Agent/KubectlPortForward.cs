using System.Diagnostics;
using System.Text;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>A running `kubectl port-forward`, its output gathered as it comes; disposing kills it.</summary>
public sealed class KubectlPortForward : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private KubectlPortForward(Process process)
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

    /// <summary>Starts `kubectl port-forward ARGS` and waits until it prints that it forwards <paramref name="ports"/> local ports.</summary>
    public static async Task<KubectlPortForward> StartAsync(Kubectl kubectl, int ports, params string[] args)
    {
        var forward = new KubectlPortForward(Process.Start(kubectl.StartInfo(["port-forward", "--address=127.0.0.1", .. args]))!);
        try
        {
            await Poll.UntilAsync(
                () => Task.FromResult(forward.HasExited || CountOf(forward.Stdout, "Forwarding from 127.0.0.1:") >= ports),
                TimeSpan.FromMinutes(1), () => $"kubectl port-forward {string.Join(' ', args)} listening; stdout: {forward.Stdout} stderr: {forward.Stderr}");
            Assert.False(forward.HasExited, $"kubectl port-forward exited: {forward.Stderr}");
            return forward;
        }
        catch
        {
            await forward.DisposeAsync();
            throw;
        }
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
