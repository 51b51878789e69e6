using Berth.Engine.Progress;
using Spectre.Console;

namespace Berth.Cli.Progress;

/// <summary>
/// Chooses how a pull or push shows its progress on stderr: live bars on a terminal, one plain line
/// per step otherwise (logs, pipes, tests, TERM=dumb), nothing when quiet.
/// </summary>
public static class TransferDisplay
{
    public static async Task<T> RunAsync<T>(bool quiet, Func<ITransferProgress, Task<T>> transfer)
    {
        if (quiet)
        {
            return await transfer(NullTransferProgress.Instance);
        }
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb")
        {
            return await transfer(new PlainTransferProgress(Console.Error));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await RunWithBarsAsync(console, TimeProvider.System, transfer);
    }

    /// <summary>Runs the transfer under a live bar display on <paramref name="console"/>.</summary>
    public static async Task<T> RunWithBarsAsync<T>(IAnsiConsole console, TimeProvider time, Func<ITransferProgress, Task<T>> transfer)
    {
        BarTransferProgress? bars = null;
        var result = await new Spectre.Console.Progress(console, time) { AutoClear = false, HideCompleted = false }
            .Columns(BarTransferProgress.Columns())
            .StartAsync(context => transfer(bars = new BarTransferProgress(context)));
        if (bars is { ManifestDone: true })
        {
            console.WriteLine("Writing manifest to image destination");
        }
        return result;
    }
}
