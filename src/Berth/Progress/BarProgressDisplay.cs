using Berth.Engine.Progress;
using Spectre.Console;

namespace Berth.Cli.Progress;

/// <summary>
/// Shows each piece of work under a live bar display of its own on <paramref name="console"/>
/// (<see cref="BarTransferProgress"/>), left on screen when the work ends.
/// </summary>
public sealed class BarProgressDisplay(IAnsiConsole console, TimeProvider time) : IProgressDisplay
{
    public async Task<T> ShowAsync<T>(Func<ITransferProgress, Task<T>> work)
    {
        BarTransferProgress? bars = null;
        var result = await new Spectre.Console.Progress(console, time) { AutoClear = false, HideCompleted = false }
            .Columns(BarTransferProgress.Columns())
            .StartAsync(context => work(bars = new BarTransferProgress(context)));
        if (bars is { ManifestDone: true })
        {
            console.WriteLine("Writing manifest to image destination");
        }
        return result;
    }
}
