using Berth.Client.Rest;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Informers;

/// <summary>
/// One shared informer per resource for every controller of a process (client-go's
/// SharedInformerFactory): one list and one watch per resource, however many controllers read it.
/// A factory <see cref="Share">shared</see> with a component (one leadership term of it) hands out
/// views of this factory's informers: the component keeps its own client for its writes and its
/// handlers end with its term, while the watches and caches stay one per process.
/// </summary>
public sealed class InformerFactory
{
    private readonly Dictionary<string, IMetadataInformer> _informers = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private readonly Lock _lock = new();
    private readonly ApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeSpan _resync;
    private readonly InformerFactory? _shared;
    private CancellationToken? _runToken;

    public InformerFactory(ApiClient client, TimeProvider time, ILoggerFactory loggerFactory, TimeSpan? resync = null)
    {
        _client = client;
        _time = time;
        _loggerFactory = loggerFactory;
        _resync = resync ?? TimeSpan.Zero;
    }

    private InformerFactory(ApiClient client, InformerFactory shared)
        : this(client, shared._time, shared._loggerFactory, shared._resync)
    {
        _shared = shared;
    }

    /// <summary>The client of this factory's owner, for its writes.</summary>
    public ApiClient Client => _client;

    /// <summary>A factory whose informers are views of this one's, for a component that writes with <paramref name="client"/>.</summary>
    public InformerFactory Share(ApiClient client) => new(client, this);

    /// <summary>The informer of a resource over all namespaces, made on first use (and started if the factory runs).</summary>
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
            var informer = _shared is { } shared
                ? shared.For(resource).View()
                : new Informer<T>(resource.ToString(), new ResourceListWatch<T, TList>(_client.For(resource)),
                    _resync, _time, _loggerFactory.CreateLogger<Informer<T>>());
            _informers[resource.ToString()] = informer;
            if (_runToken is { } running)
            {
                _running.Add(Start(informer, running));
            }
            return informer;
        }
    }

    /// <summary>
    /// A view of the informer this process already runs for a resource (<c>plural.group</c>), whatever
    /// its model type, or null: a reader of metadata alone (the garbage collector) shares it rather
    /// than list, watch and decode the resource a second time, as kube's garbage collector takes the
    /// typed informer where one exists.
    /// </summary>
    public IMetadataInformer? MetadataViewOf(string groupResource)
    {
        var root = _shared ?? this;
        lock (root._lock)
        {
            return root._informers.TryGetValue(groupResource, out var informer) ? informer.MetadataView() : null;
        }
    }

    /// <summary>Runs every informer made so far, and those made later, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _runToken = cancellationToken;
            _running.AddRange(_informers.Values.Select(i => Start(i, cancellationToken)));
        }
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_informers.Values.Select(i => i.WaitForSyncAsync(cancellationToken)));
        }
    }

    private static Task Start(IInformer informer, CancellationToken cancellationToken) =>
        Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None);
}
