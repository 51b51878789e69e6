using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Engine.Containers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Pods;

/// <summary>
/// Runs the pods bound to this node: an informer on the pods whose spec.nodeName is this node
/// (a field selector: the agent never sees other nodes' pods), a queue of pod uids with several
/// workers (one pod is never synced twice at once), and a relist of the engine's containers every
/// second (kubelet's PLEG) that queues the pods whose containers changed, so an exit is noticed
/// without watching each container.
/// </summary>
public sealed partial class PodManager(string nodeName, ApiClient client, PodWorker worker, TimeProvider time, ILogger<PodManager> logger)
{
    public const int Workers = 8;
    public static readonly TimeSpan RelistPeriod = TimeSpan.FromSeconds(1);

    private const string UidIndex = "uid";

    private readonly WorkQueue<string> _queue = WorkQueue<string>.ForController(time);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informer = new Informer<V1Pod>("pods",
            new ResourceListWatch<V1Pod, V1PodList>(client.For(KubeResources.Pods), fieldSelector: $"spec.nodeName={nodeName}"),
            TimeSpan.Zero, time, logger);
        informer.Cache.AddIndex(UidIndex, pod => [pod.Metadata.Uid]);
        informer.AddHandler(new InformerHandler<V1Pod>(pod => _queue.Add(pod.Metadata.Uid)));
        using var shutdown = cancellationToken.Register(_queue.ShutDown);
        var informing = Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None);
        await informer.WaitForSyncAsync(cancellationToken);
        foreach (var uid in worker.KnownPodUids())
        {
            _queue.Add(uid);
        }
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(informer.Cache, cancellationToken), CancellationToken.None));
        await Task.WhenAll([informing, Task.Run(() => RelistAsync(cancellationToken), CancellationToken.None), .. workers]);
    }

    /// <summary>Asks for a pod to be synced again (a probe result changed).</summary>
    public void Requeue(string podUid) => _queue.Add(podUid);

    private async Task WorkAsync(ObjectCache<V1Pod> pods, CancellationToken cancellationToken)
    {
        while (await _queue.TakeAsync(CancellationToken.None) is { } uid)
        {
            try
            {
                var again = await worker.SyncAsync(uid, pods.ByIndex(UidIndex, uid).FirstOrDefault(), cancellationToken);
                _queue.Forget(uid);
                if (again is { } delay)
                {
                    _queue.AddAfter(uid, delay);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogSyncFailed(uid, e);
                _queue.AddRateLimited(uid);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _queue.Done(uid);
            }
        }
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var previous = new Dictionary<string, (string PodUid, ContainerStatus Status)>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(RelistPeriod, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Dictionary<string, (string PodUid, ContainerStatus Status)> current;
            try
            {
                current = worker.Snapshot();
            }
            catch (IOException e)
            {
                LogRelistFailed(e);
                continue;
            }
            foreach (var (id, now) in current)
            {
                if (!previous.TryGetValue(id, out var before) || before.Status != now.Status)
                {
                    _queue.Add(now.PodUid);
                }
            }
            foreach (var (id, before) in previous)
            {
                if (!current.ContainsKey(id))
                {
                    _queue.Add(before.PodUid);
                }
            }
            previous = current;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {PodUid}: sync failed, retrying")]
    private partial void LogSyncFailed(string podUid, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "relisting the engine's containers failed")]
    private partial void LogRelistFailed(Exception error);
}
