using System.Threading.Channels;

namespace Berth.Agent;

/// <summary>
/// A level-triggered sync with one worker (the node's proxy, its pod network): informer handlers say something changed;
/// changes that arrive while a sync runs make exactly one more; the state is recomputed from the caches each time.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Changed() => _changed.Writer.TryWrite(true);

    /// <summary>Once <paramref name="synced"/> completes, syncs after every change until cancelled; then runs <paramref name="stop"/>.</summary>
    public async Task RunAsync(Task synced, Func<CancellationToken, Task> sync, Func<Task> stop, CancellationToken cancellationToken)
    {
        try
        {
            await synced;
            Changed();
            await foreach (var _ in _changed.Reader.ReadAllAsync(cancellationToken))
            {
                await sync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stop();
        }
    }
}
