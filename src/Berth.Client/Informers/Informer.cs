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
/// </summary>
public sealed partial class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IListWatchSource<T> _source;
    private readonly List<IInformerHandler<T>> _handlers = [];
    private readonly Lock _dispatch = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _resync;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;

    public Informer(string name, IListWatchSource<T> source, TimeSpan resync, TimeProvider time, ILogger logger)
    {
        _name = name;
        _source = source;
        _resync = resync;
        _time = time;
        _logger = logger;
    }

    public ObjectCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Lists done since start (the first one included): a relist after 410 Gone adds one.</summary>
    public int Lists { get; private set; }

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

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
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
                    Lists++;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Informer}: resourceVersion {ResourceVersion} is gone; listing again")]
    private partial void LogRelist(string informer, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Informer}: list/watch failed; retrying in {Seconds} s")]
    private partial void LogWatchFailed(Exception ex, string informer, double seconds);
}
