using Berth.Client.Rest;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Informers;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> equal to the server's objects and tells handlers of every
/// change (client-go's shared informer): list, then watch from the list's resourceVersion with
/// bookmarks; a watch that ends is resumed from the last resourceVersion seen, a compacted one
/// (410 Gone) lists again and hands handlers the difference. Optional periodic resync replays
/// every cached object as an update, so level-triggered controllers revisit everything.
/// A <see cref="View"/> shares one informer's watch and cache with a consumer that lives shorter
/// (a leadership term), so a process lists, watches and decodes each object once.
/// </summary>
public sealed partial class Informer<T> : IMetadataInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IListWatchSource<T> _source;
    private readonly List<IInformerHandler<T>> _handlers = [];
    private readonly Lock _dispatch;
    private readonly TaskCompletionSource _synced;
    private readonly TimeSpan _resync;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;
    /// <summary>The informer a view reads; null for one that lists and watches itself.</summary>
    private readonly Informer<T>? _shared;
    private int _lists;

    public Informer(string name, IListWatchSource<T> source, TimeSpan resync, TimeProvider time, ILogger logger)
    {
        _name = name;
        _source = source;
        _resync = resync;
        _time = time;
        _logger = logger;
        _dispatch = new();
        _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Cache = new();
    }

    private Informer(Informer<T> shared)
    {
        _shared = shared;
        _name = shared._name;
        _source = shared._source;
        _time = shared._time;
        _logger = shared._logger;
        _dispatch = shared._dispatch;
        _synced = shared._synced;
        Cache = shared.Cache;
    }

    public ObjectCache<T> Cache { get; }

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Lists done since start (the first one included): a relist after 410 Gone adds one.</summary>
    public int Lists => _shared?.Lists ?? _lists;

    /// <summary>
    /// A view of this informer: the same cache and watch, its own handlers, which leave when the
    /// view's <see cref="RunAsync"/> is cancelled (the shared informer keeps running).
    /// </summary>
    public Informer<T> View()
    {
        var view = new Informer<T>(this);
        lock (_dispatch)
        {
            _handlers.Add(new ViewForwarder(view));
        }
        return view;
    }

    /// <summary>Adds a handler; it is first told of every object already cached, as an add.</summary>
    public void AddHandler(IInformerHandler<T> handler)
    {
        lock (_dispatch)
        {
            _handlers.Add(handler);
            foreach (var obj in Cache.List())
            {
                handler.OnAdd(obj);
            }
        }
    }

    void IMetadataInformer.AddHandler(IInformerHandler<IKubernetesObject<V1ObjectMeta>> handler) => AddHandler(handler);

    IMetadataInformer IMetadataInformer.MetadataView() => View();

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _shared.Detach(this);
            return;
        }
        using var resync = _resync > TimeSpan.Zero ? _time.CreateTimer(_ => Resync(), null, _resync, _resync) : null;
        string? resourceVersion = null;
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listed) = await _source.ListAsync(cancellationToken);
                    Replace(items);
                    resourceVersion = listed;
                    _lists++;
                    _synced.TrySetResult();
                }
                await foreach (var change in _source.WatchAsync(resourceVersion, cancellationToken))
                {
                    resourceVersion = change.Object.Metadata.ResourceVersion ?? resourceVersion;
                    Apply(change.Type, change.Object);
                    backoff = TimeSpan.FromSeconds(1);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiStatusException gone) when (gone.IsGone)
            {
                LogRelist(_name, resourceVersion);
                resourceVersion = null;
            }
            catch (Exception ex)
            {
                LogWatchFailed(ex, _name, backoff.TotalSeconds);
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        lock (_dispatch)
        {
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var old = Cache.Upsert(obj);
                    foreach (var handler in _handlers)
                    {
                        if (old is null)
                        {
                            handler.OnAdd(obj);
                        }
                        else
                        {
                            handler.OnUpdate(old, obj);
                        }
                    }
                    break;
                case WatchEventType.Deleted:
                    var removed = Cache.Remove(ObjectKey.Of(obj));
                    foreach (var handler in _handlers)
                    {
                        handler.OnDelete(removed ?? obj);
                    }
                    break;
            }
        }
    }

    /// <summary>Makes the cache equal to a fresh list: what is new, changed or gone reaches the handlers.</summary>
    private void Replace(IReadOnlyList<T> items)
    {
        lock (_dispatch)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in items)
            {
                listed.Add(ObjectKey.Of(obj));
                var old = Cache.Get(ObjectKey.Of(obj));
                if (old?.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    Apply(WatchEventType.Modified, obj);
                }
            }
            foreach (var key in Cache.Keys().Where(k => !listed.Contains(k)))
            {
                Apply(WatchEventType.Deleted, Cache.Get(key)!);
            }
        }
    }

    private void Resync()
    {
        lock (_dispatch)
        {
            foreach (var obj in Cache.List())
            {
                foreach (var handler in _handlers)
                {
                    handler.OnUpdate(obj, obj);
                }
            }
        }
    }

    private void Detach(Informer<T> view)
    {
        lock (_dispatch)
        {
            _handlers.RemoveAll(h => h is ViewForwarder forwarder && forwarder.View == view);
        }
    }

    /// <summary>Hands a shared informer's changes to the handlers of one view (called under the shared dispatch lock).</summary>
    private sealed class ViewForwarder(Informer<T> view) : IInformerHandler<T>
    {
        public Informer<T> View => view;

        public void OnAdd(T obj)
        {
            foreach (var handler in view._handlers)
            {
                handler.OnAdd(obj);
            }
        }

        public void OnUpdate(T old, T current)
        {
            foreach (var handler in view._handlers)
            {
                handler.OnUpdate(old, current);
            }
        }

        public void OnDelete(T obj)
        {
            foreach (var handler in view._handlers)
            {
                handler.OnDelete(obj);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Informer}: resourceVersion {ResourceVersion} is gone; listing again")]
    private partial void LogRelist(string informer, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Informer}: list/watch failed; retrying in {Seconds} s")]
    private partial void LogWatchFailed(Exception ex, string informer, double seconds);
}
