using Berth.Client.Discovery;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// One informer per resource the garbage collector follows, kept in step with discovery (kube's GC
/// monitors): new resources get an informer, resources no longer served lose theirs. A resource the
/// process already informs (pods, ReplicaSets…) is followed through a view of that informer, so its
/// changes are watched and decoded once; any other through a metadata informer of its own.
/// </summary>
public sealed class ResourceMonitors(ApiClient client, InformerFactory informers, TimeProvider time, ILoggerFactory loggerFactory,
    Func<DiscoveredResource, IInformerHandler<IKubernetesObject<V1ObjectMeta>>> handler)
    : IAsyncDisposable
{
    private readonly Dictionary<string, Monitor> _monitors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyCollection<string> Resources
    {
        get
        {
            lock (_lock)
            {
                return [.. _monitors.Keys];
            }
        }
    }

    /// <summary>Starts an informer for each new resource and stops those of resources no longer listed.</summary>
    public async Task SyncAsync(IEnumerable<DiscoveredResource> resources, CancellationToken cancellationToken)
    {
        var stopped = new List<Monitor>();
        lock (_lock)
        {
            var wanted = resources.ToDictionary(r => r.ToString(), StringComparer.Ordinal);
            foreach (var name in _monitors.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                stopped.Add(_monitors[name]);
                _monitors.Remove(name);
            }
            foreach (var (name, resource) in wanted.Where(w => !_monitors.ContainsKey(w.Key)))
            {
                var informer = informers.MetadataViewOf(resource.GroupResource) ?? new Informer<ObjectMetadataOnly>(
                    $"garbage-collector {resource.GroupResource}",
                    new ResourceListWatch<ObjectMetadataOnly, ObjectMetadataOnlyList>(client.For(resource.Metadata())),
                    TimeSpan.Zero, time, loggerFactory.CreateLogger<Informer<ObjectMetadataOnly>>());
                informer.AddHandler(handler(resource));
                var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _monitors[name] = new Monitor(informer, stop, Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None));
            }
        }
        foreach (var monitor in stopped)
        {
            await monitor.DisposeAsync();
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_monitors.Values.Select(m => m.Informer.WaitForSyncAsync(cancellationToken)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Monitor> monitors;
        lock (_lock)
        {
            monitors = [.. _monitors.Values];
            _monitors.Clear();
        }
        foreach (var monitor in monitors)
        {
            await monitor.DisposeAsync();
        }
    }

    private sealed record Monitor(IMetadataInformer Informer, CancellationTokenSource Stop, Task Running) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stop.Dispose();
        }
    }
}
