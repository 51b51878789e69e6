using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Jobs;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.TtlAfterFinished;

/// <summary>
/// Deletes finished Jobs once ttlSecondsAfterFinished has passed since they completed or failed
/// (kube's ttl-after-finished-controller), with foreground propagation so their pods go first.
/// The expiry is checked again on a fresh read before the delete, which names the Job's uid.
/// </summary>
public sealed class TtlAfterFinishedController : IController
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Job> _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly ResourceClient<V1Job, V1JobList> _client;
    private readonly ReconcileLoop _loop;

    public TtlAfterFinishedController(ControllerContext context)
    {
        _context = context;
        _jobs = context.Informers.For(KubeResources.Jobs);
        _queue = WorkQueue<string>.ForController(context.Time);
        _client = context.Client.For(KubeResources.Jobs);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<TtlAfterFinishedController>());
        _jobs.AddHandler(new InformerHandler<V1Job>(job =>
        {
            if (NeedsCleanUp(job))
            {
                _queue.Add(ObjectKey.Of(job));
            }
        }, deleted: _ => { }));
    }

    public string Name => "ttl-after-finished-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private static bool NeedsCleanUp(V1Job job) =>
        job.Spec.TtlSecondsAfterFinished is not null && JobConditions.IsFinished(job) && job.Metadata.DeletionTimestamp is null;

    /// <summary>The time left before the Job expires (zero or less: expired), or null when it never does.</summary>
    public static TimeSpan? Remaining(V1Job job, DateTime now) =>
        NeedsCleanUp(job) && JobConditions.Finished(job)?.LastTransitionTime is { } finished
            ? finished.AddSeconds(job.Spec.TtlSecondsAfterFinished!.Value) - now
            : null;

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_jobs.Cache.Get(key) is not { } cached || Remaining(cached, _context.Time.GetUtcNow().UtcDateTime) is not { } left)
        {
            return;
        }
        if (left > TimeSpan.Zero)
        {
            _queue.AddAfter(key, left);
            return;
        }
        // The TTL or the Job may have changed since the cache saw it.
        var fresh = await _client.TryGetAsync(cached.Metadata.NamespaceProperty, cached.Metadata.Name, cancellationToken);
        if (fresh is null || Remaining(fresh, _context.Time.GetUtcNow().UtcDateTime) is not { } freshLeft)
        {
            return;
        }
        if (freshLeft > TimeSpan.Zero)
        {
            _queue.AddAfter(key, freshLeft);
            return;
        }
        try
        {
            await _client.DeleteAsync(fresh.Metadata.NamespaceProperty, fresh.Metadata.Name, cancellationToken,
                new V1DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new V1Preconditions { Uid = fresh.Metadata.Uid } });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
