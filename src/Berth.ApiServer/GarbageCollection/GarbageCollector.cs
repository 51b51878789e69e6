using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Watch;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.GarbageCollection;

/// <summary>
/// Deletes what deletions leave behind, from the watch cache's view and through the
/// <see cref="ResourceStore"/> (the same semantics as the API):
/// <list type="bullet">
/// <item>objects all of whose owners (by ownerReference uid) are gone (background propagation);</item>
/// <item>the dependents of an owner deleting in the foreground, then its foregroundDeletion finalizer;</item>
/// <item>the ownerReferences to an owner deleting with orphan propagation, then its orphan finalizer;</item>
/// <item>the content of a Terminating namespace, then the namespace itself.</item>
/// </list>
/// A pass runs after every burst of changes that can leave something to collect; each pass is
/// level-triggered, so a crash loses nothing.
/// </summary>
public sealed partial class GarbageCollector(ResourceStore store, ILogger<GarbageCollector> logger)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    /// <summary>The namespaces the last pass found Terminating: new content there needs a pass.</summary>
    private volatile IReadOnlySet<string> _terminating = new HashSet<string>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var watcher = store.Cache.Watch(WatchCache.RootPrefix, store.Cache.Revision);
                await CollectAsync(cancellationToken);
                while (await watcher.Events.WaitToReadAsync(cancellationToken))
                {
                    await Task.Delay(Settle, cancellationToken);
                    var needed = false;
                    while (watcher.Events.TryRead(out var change))
                    {
                        needed |= NeedsPass(change);
                    }
                    if (needed)
                    {
                        await CollectAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Whether a change can leave work for a pass: a deletion (owners, foreground dependents, a
    /// namespace's content), anything owned or deleting before or after it, content of a Terminating
    /// namespace. A plain create or update of an unowned object cannot, so a write-heavy server does
    /// not rescan every cached object after each burst.
    /// </summary>
    private bool NeedsPass(CacheEvent change) =>
        change.Type == CacheEventType.Deleted
        || Involved(change.Object.Metadata)
        || (change.Previous is { } previous && Involved(previous.Metadata))
        || (change.Object.Metadata.Namespace is { } ns && _terminating.Contains(ns));

    private static bool Involved(CachedMetadata meta) => meta.OwnerUids.Count > 0 || meta.Deleting;

    /// <summary>One pass over every cached object.</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        // A view of another resource's storage (events.k8s.io events) would see the same objects twice.
        var all = store.Registry.Resources.Where(r => r.Conversion is null)
            .SelectMany(r => store.Cache.List(r.StoragePrefix).Items.Select(item => (Resource: r, Item: item)))
            .ToList();
        _terminating = all
            .Where(x => x.Resource is { Group: "", Name: "namespaces" } && x.Item.Metadata.Deleting)
            .Select(x => x.Item.Metadata.Name)
            .ToHashSet();
        var uids = all.Select(x => x.Item.Metadata.Uid).ToHashSet();
        var dependents = all
            .SelectMany(x => x.Item.Metadata.OwnerUids.Select(owner => (Owner: owner, Dependent: x)))
            .ToLookup(x => x.Owner, x => x.Dependent);

        foreach (var (resource, item) in all)
        {
            var meta = item.Metadata;
            if (meta.OwnerUids.Count > 0 && !meta.OwnerUids.Any(uids.Contains) && !meta.Deleting)
            {
                await DeleteAsync(resource, meta, PropagationPolicy.Background, cancellationToken);
            }
            if (!meta.Deleting)
            {
                continue;
            }
            if (meta.Finalizers.Contains("foregroundDeletion"))
            {
                var remaining = dependents[meta.Uid].ToList();
                foreach (var (dependentResource, dependent) in remaining.Where(d => !d.Item.Metadata.Deleting))
                {
                    await DeleteAsync(dependentResource, dependent.Metadata, PropagationPolicy.Foreground, cancellationToken);
                }
                if (remaining.Count == 0)
                {
                    await RemoveFinalizerAsync(resource, meta, "foregroundDeletion", cancellationToken);
                }
            }
            if (meta.Finalizers.Contains("orphan"))
            {
                foreach (var (dependentResource, dependent) in dependents[meta.Uid])
                {
                    await OrphanAsync(dependentResource, dependent.Metadata, meta.Uid, cancellationToken);
                }
                await RemoveFinalizerAsync(resource, meta, "orphan", cancellationToken);
            }
            if (resource is { Group: "", Name: "namespaces" })
            {
                var content = all.Where(x => x.Resource.Namespaced && x.Item.Metadata.Namespace == meta.Name).ToList();
                foreach (var (contentResource, contentItem) in content.Where(c => !c.Item.Metadata.Deleting))
                {
                    await DeleteAsync(contentResource, contentItem.Metadata, PropagationPolicy.Background, cancellationToken);
                }
                if (content.Count == 0)
                {
                    await IgnoreGoneAsync(() => store.FinalizeNamespaceAsync(meta.Name, cancellationToken));
                }
            }
        }
    }

    private Task DeleteAsync(ResourceDefinition resource, CachedMetadata meta, PropagationPolicy policy, CancellationToken cancellationToken) =>
        IgnoreGoneAsync(() => store.DeleteAsync(resource, meta.Namespace, meta.Name, new DeleteRequest(policy, PreconditionUid: meta.Uid), cancellationToken));

    private Task OrphanAsync(ResourceDefinition resource, CachedMetadata meta, string ownerUid, CancellationToken cancellationToken) =>
        IgnoreGoneAsync(() => store.UpdateAsync(resource, meta.Namespace, meta.Name, obj =>
        {
            if (obj["metadata"]?["ownerReferences"] is JsonArray refs)
            {
                foreach (var owned in refs.OfType<JsonObject>().Where(r => r["uid"]?.GetValue<string>() == ownerUid).ToList())
                {
                    refs.Remove(owned);
                }
                if (refs.Count == 0)
                {
                    ObjectMetadata.Of(obj).Remove("ownerReferences");
                }
            }
            return obj;
        }, UpdateTarget.Main, dryRun: false, cancellationToken));

    private Task RemoveFinalizerAsync(ResourceDefinition resource, CachedMetadata meta, string finalizer, CancellationToken cancellationToken) =>
        IgnoreGoneAsync(() => store.UpdateAsync(resource, meta.Namespace, meta.Name, obj =>
        {
            ObjectMetadata.SetFinalizers(obj, ObjectMetadata.Finalizers(obj).Where(f => f != finalizer).ToList());
            return obj;
        }, UpdateTarget.Main, dryRun: false, cancellationToken));

    /// <summary>Objects vanish under a collector that acts on a slightly old view; that is not an error.</summary>
    private static async Task IgnoreGoneAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A garbage collection pass failed; retrying")]
    private partial void LogPassFailed(Exception ex);
}
