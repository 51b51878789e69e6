using Berth.Client.Rest;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Informers;

/// <summary>
/// One shared informer per resource for every controller of a process (client-go's
/// SharedInformerFactory): one list and one watch per resource, however many controllers read it.
/// </summary>
public sealed class InformerFactory(ApiClient client, TimeProvider time, ILoggerFactory loggerFactory, TimeSpan? resync = null)
{
    private readonly Dictionary<string, IInformer> _informers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ApiClient Client => client;

    /// <summary>The informer of a resource over all namespaces, made on first use.</summary>
    public Informer<T> For<T, TList>(ApiResource<T, TList> resource)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        lock (_lock)
        {
            if (_informers.TryGetValue(resource.ToString(), out var existing))
            {
                return (Informer<T>)existing;
            }
            var informer = new Informer<T>(resource.ToString(), new ResourceListWatch<T, TList>(client.For(resource)),
                resync ?? TimeSpan.Zero, time, loggerFactory.CreateLogger<Informer<T>>());
            _informers[resource.ToString()] = informer;
            return informer;
        }
    }

    /// <summary>Runs every informer made so far until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        List<IInformer> informers;
        lock (_lock)
        {
            informers = [.. _informers.Values];
        }
        return Task.WhenAll(informers.Select(i => Task.Run(() => i.RunAsync(cancellationToken), CancellationToken.None)));
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_informers.Values.Select(i => i.WaitForSyncAsync(cancellationToken)));
        }
    }
}
