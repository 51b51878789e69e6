using System.Threading.Channels;
using Berth.Engine;
using Microsoft.Extensions.Logging;

namespace Berth.Agent;

/// <summary>
/// A level-triggered sync with one worker (the node's proxy, its pod network, its network policies): informer handlers
/// say something changed; changes that arrive while a sync runs make exactly one more; the state is recomputed from the
/// caches each time. A sync that fails with a <see cref="BerthException"/> is logged and tried again a second later.
/// </summary>
public sealed partial class ChangeSignal(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

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
                await TrySyncAsync(sync, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await stop();
            }
            catch (BerthException e)
            {
                LogStopFailed(e.Message);
            }
        }
    }

    private async Task TrySyncAsync(Func<CancellationToken, Task> sync, CancellationToken cancellationToken)
    {
        try
        {
            await sync(cancellationToken);
        }
        catch (BerthException e)
        {
            LogRetry(e.Message, RetryDelay);
            await Task.Delay(RetryDelay, time, cancellationToken);
            Changed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}; trying again in {Delay}")]
    private partial void LogRetry(string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}")]
    private partial void LogStopFailed(string error);
}
