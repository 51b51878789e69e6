using Berth.Engine.Progress;

namespace Berth.Cli.Progress;

/// <summary>Shows each piece of work as plain lines, one per finished step (<see cref="PlainTransferProgress"/>).</summary>
public sealed class PlainProgressDisplay(TextWriter output) : IProgressDisplay
{
    public Task<T> ShowAsync<T>(Func<ITransferProgress, Task<T>> work) => work(new PlainTransferProgress(output));
}
