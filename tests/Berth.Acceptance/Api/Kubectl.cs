using System.Diagnostics;

namespace Berth.Acceptance.Api;

/// <summary>Runs the real kubectl against a server, with KUBECONFIG and HOME in the server's temp dir.</summary>
public sealed class Kubectl(ApiServerProcess server, string program = Kubectl.Path)
{
    public const string Path = "/usr/bin/kubectl";

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.Environment["KUBECONFIG"] = server.Kubeconfig;
        psi.Environment["HOME"] = server.DataDir;
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        return psi;
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunWithStdinAsync(null, args);

    public async Task<ProcessResult> RunWithStdinAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
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
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs kubectl on a 40×132 pseudo-terminal (util-linux script), as from a user's shell, typing
    /// <paramref name="typed"/>: what `-t` needs. The terminal's output comes back as stdout.
    /// </summary>
    public Task<ProcessResult> RunOnTerminalAsync(string typed, params string[] args)
    {
        static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var command = $"stty rows 40 cols 132; exec {Path} {string.Join(' ', args.Select(Quote))}";
        return new Kubectl(server, "/usr/bin/script").RunWithStdinAsync(typed, "--quiet", "--return", "--command", command, "/dev/null");
    }

    /// <summary>Runs kubectl and fails the test, with its stderr, unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    public async Task<string> ApplyAsync(string manifest)
    {
        var result = await RunWithStdinAsync(manifest, "apply", "-f", "-");
        Assert.True(result.ExitCode == 0, $"kubectl apply exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
