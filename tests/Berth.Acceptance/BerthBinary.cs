using System.Diagnostics;

namespace Berth.Acceptance;

/// <summary>Runs the real `berth` launcher from the repository root, as a user would.</summary>
public static class BerthBinary
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Launcher => Path.Combine(RepoRoot, "berth");

    public static async Task<ProcessResult> RunAsync(params string[] args) => await RunAsync(args, stdin: null);

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? stdin, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"berth {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
