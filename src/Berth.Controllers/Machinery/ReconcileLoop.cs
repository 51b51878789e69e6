using Berth.Client.Queues;
using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Machinery;

/// <summary>
/// Workers taking keys from a <see cref="WorkQueue{T}"/> and reconciling them: success forgets the
/// key's back-off, a failure requeues it rate-limited (level-triggered: the next reconcile reads
/// the world again, so nothing is lost). The queue guarantees one worker per key at a time.
/// </summary>
public sealed partial class ReconcileLoop(string controller, WorkQueue<string> queue, Func<string, CancellationToken, Task<bool>> reconcile, ILogger logger)
{
    public ReconcileLoop(string controller, WorkQueue<string> queue, Func<string, CancellationToken, Task> reconcile, ILogger logger)
        : this(controller, queue, async (key, cancellationToken) =>
        {
            await reconcile(key, cancellationToken);
            return true;
        }, logger)
    {
    }

    /// <summary>
    /// A reconcile that answers whether the key is finished: false requeues it with back-off
    /// without counting as a failure (the garbage collector waiting for an informer to see an owner).
    /// </summary>
    public static ReconcileLoop WithRetry(string controller, WorkQueue<string> queue, Func<string, CancellationToken, Task<bool>> reconcile, ILogger logger) =>
        new(controller, queue, reconcile, logger);

    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(queue.ShutDown);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)));
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (await queue.TakeAsync(CancellationToken.None) is { } key)
        {
            try
            {
                if (await reconcile(key, cancellationToken))
                {
                    queue.Forget(key);
                }
                else
                {
                    queue.AddRateLimited(key);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict)
            {
                // Optimistic concurrency at work (the informer's copy was older than the stored object), not a fault:
                // the retry reads the newer one. kube's controllers log these below their default verbosity too.
                LogConflict(controller, key, queue.NumRequeues(key));
                queue.AddRateLimited(key);
            }
            catch (Exception ex)
            {
                LogFailed(ex, controller, key, queue.NumRequeues(key));
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: syncing {Key} failed (retry {Retries}); requeued")]
    private partial void LogFailed(Exception ex, string controller, string key, int retries);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Controller}: {Key} changed while syncing (retry {Retries}); requeued")]
    private partial void LogConflict(string controller, string key, int retries);
}
