using System.Threading.Channels;
using Berth.Client.Rest;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Events;

/// <summary>
/// Records core/v1 Events about objects, as kube's event recorder does: a repeat of the same event
/// (same object, type, reason, message and source) increments <c>count</c> and moves
/// <c>lastTimestamp</c> on the one stored Event; many different messages for the same object and
/// reason within 10 minutes are combined into one (<see cref="EventCorrelator"/>). Recording never
/// blocks the caller: events are written in the background by <see cref="Writers"/> writers, each
/// object's events by the same one, in order; past <see cref="QueueLength"/> waiting events new
/// ones are dropped (kube's broadcaster queue).
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    /// <summary>
    /// Writers in parallel. kube's broadcaster has one, but one write at a time through this API
    /// server kept up with ~100 events/s, and a scheduler binding hundreds of pods per second
    /// dropped nine Scheduled events in ten.
    /// </summary>
    public const int Writers = 32;

    /// <summary>Events waiting to be written, over all writers, before new ones are dropped.</summary>
    public const int QueueLength = 1000;

    private readonly Channel<Corev1Event>[] _pending = [.. Enumerable.Range(0, Writers).Select(_ => Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(QueueLength / Writers) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true }))];

    private readonly ResourceClient<Corev1Event, Corev1EventList> _events;
    private readonly EventCorrelator _correlator;
    private readonly Lock _correlating = new();
    private readonly V1EventSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task[] _writers;

    public EventRecorder(ApiClient client, string component, string? host, TimeProvider time, ILogger<EventRecorder> logger)
    {
        _events = client.For(KubeResources.Events);
        _source = new V1EventSource { Component = component, Host = host };
        _correlator = new EventCorrelator(time);
        _time = time;
        _logger = logger;
        _writers = [.. _pending.Select(queue => Task.Run(() => WriteAllAsync(queue.Reader)))];
    }

    public void Normal<T, TList>(ApiResource<T, TList> resource, T obj, string reason, string message)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        Record(resource, obj, "Normal", reason, message);

    public void Warning<T, TList>(ApiResource<T, TList> resource, T obj, string reason, string message)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        Record(resource, obj, "Warning", reason, message);

    public void Record<T, TList>(ApiResource<T, TList> resource, T obj, string type, string reason, string message)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var now = _time.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var regarding = new V1ObjectReference
        {
            ApiVersion = resource.ApiVersion,
            Kind = resource.Kind,
            Name = obj.Metadata.Name,
            NamespaceProperty = obj.Metadata.NamespaceProperty,
            Uid = obj.Metadata.Uid,
            ResourceVersion = obj.Metadata.ResourceVersion,
        };
        // Every correlation key names the object, so one writer per object keeps its repeats in order.
        var writer = (uint)HashCode.Combine(regarding.Kind, regarding.NamespaceProperty, regarding.Name, regarding.Uid) % Writers;
        _pending[writer].Writer.TryWrite(new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{obj.Metadata.Name}.{(_time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000) + Random.Shared.Next(1_000_000):x}",
                NamespaceProperty = obj.Metadata.NamespaceProperty ?? "default",
            },
            InvolvedObject = regarding,
            Type = type,
            Reason = reason,
            Message = message,
            Source = _source,
            ReportingComponent = _source.Component,
            ReportingInstance = _source.Host,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _pending)
        {
            queue.Writer.TryComplete();
        }
        await Task.WhenAll(_writers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WriteAllAsync(ChannelReader<Corev1Event> queue)
    {
        await foreach (var fresh in queue.ReadAllAsync())
        {
            EventCorrelator.Correlation correlated;
            lock (_correlating)
            {
                correlated = _correlator.Correlate(fresh);
            }
            try
            {
                // The correlator keeps what a repeat reads of the Event (name, first time, count), which is stored as sent.
                if (correlated.IsRepeat)
                {
                    await PatchCountAsync(correlated.Event);
                }
                else
                {
                    await _events.CreateWithoutAnswerAsync(correlated.Event, CancellationToken.None);
                }
                lock (_correlating)
                {
                    _correlator.Written(correlated.Key, correlated.Event);
                }
            }
            catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException)
            {
                lock (_correlating)
                {
                    _correlator.Forget(correlated.Key);
                }
                LogWriteFailed(ex, fresh.Reason, fresh.InvolvedObject.Name);
            }
        }
    }

    /// <summary>A repeat: one merge patch of count and lastTimestamp; if the Event is gone (expired), a new one.</summary>
    private async Task PatchCountAsync(Corev1Event repeat)
    {
        var patch = $$"""{"count":{{repeat.Count}},"lastTimestamp":"{{repeat.LastTimestamp:yyyy-MM-dd'T'HH:mm:ss'Z'}}","message":{{System.Text.Json.JsonSerializer.Serialize(repeat.Message, Serialization.ModelJsonContext.Default.String)}}}""";
        try
        {
            await _events.PatchAsync(repeat.Metadata.NamespaceProperty, repeat.Metadata.Name, PatchType.Merge, patch, CancellationToken.None);
        }
        catch (ApiStatusException missing) when (missing.IsNotFound)
        {
            repeat.Metadata.ResourceVersion = null;
            await _events.CreateWithoutAnswerAsync(repeat, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} for {Name}")]
    private partial void LogWriteFailed(Exception ex, string reason, string name);
}
