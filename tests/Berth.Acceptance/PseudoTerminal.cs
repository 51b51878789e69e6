using System.Diagnostics;

namespace Berth.Acceptance;

/// <summary>Runs a shell command on a pseudo-terminal of its own, under util-linux `script`, as a user at a terminal would.</summary>
public static class PseudoTerminal
{
    /// <summary>Runs <paramref name="command"/>; returns its exit code and everything written to the terminal.</summary>
    /// <param name="term">TERM for the command, null for the test runner's (which may have none, where a terminal session has one).</param>
    public static async Task<(int Code, string Output)> RunAsync(string command, string? term = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-qec", command, "/dev/null"])
        {
            psi.ArgumentList.Add(arg);
        }
        if (term is not null)
        {
            psi.Environment["TERM"] = term;
        }
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish on its terminal in time");
        }
        return (process.ExitCode, await output);
    }

    /// <summary>The shell command that runs the launcher with <paramref name="args"/>, each quoted.</summary>
    public static string BerthCommand(params string[] args) =>
        string.Join(' ', new[] { BerthBinary.Launcher }.Concat(args).Select(a => $"'{a}'"));
}
