using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s;
using k8s.Models;

/// <summary>
/// The bench's stopwatch: a watch of one namespace's pods that notes when each is first seen bound. It shares the
/// server's two cores, so it reads only a pod's name, resourceVersion and spec.nodeName and skips the rest of each
/// event (a whole decoded pod cost the bench about a fifth of the server's CPU per placement).
/// </summary>
internal sealed class BoundPodWatch(ApiClient client, string ns, int expected, Stopwatch clock)
{
    private static readonly JsonSerializerOptions BindingOnly = new(ModelJsonContext.Default.Options)
    {
        TypeInfoResolver = ModelJsonContext.Default.WithAddedModifier(KeepBindingFields),
    };

    private readonly ResourceClient<V1Pod, V1PodList> _pods = client.For(KubeResources.Pods with
    {
        Json = (JsonTypeInfo<V1Pod>)BindingOnly.GetTypeInfo(typeof(V1Pod)),
        ListJson = (JsonTypeInfo<V1PodList>)BindingOnly.GetTypeInfo(typeof(V1PodList)),
    });
    private readonly ConcurrentDictionary<string, double> _bound = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every expected pod has been seen bound.</summary>
    public Task AllBound => _all.Task;

    public bool AnyBound => !_bound.IsEmpty;

    /// <summary>Seconds on the bench's clock at which each pod was first seen bound.</summary>
    public ICollection<double> BindTimes => _bound.Values;

    /// <summary>The resourceVersion to watch from: the namespace's pods as listed now.</summary>
    public async Task<string> ListAsync() => (await _pods.ListAsync(ns, new ListOptions(), CancellationToken.None)).Metadata.ResourceVersion;

    /// <summary>Watches from <paramref name="resourceVersion"/> until every pod is bound or the token is cancelled.</summary>
    public async Task RunAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            while (!_all.Task.IsCompleted)
            {
                await foreach (var change in _pods.WatchAsync(ns, new ListOptions { ResourceVersion = resourceVersion }, cancellationToken))
                {
                    resourceVersion = change.Object.Metadata.ResourceVersion;
                    if (change.Type is WatchEventType.Added or WatchEventType.Modified && !string.IsNullOrEmpty(change.Object.Spec?.NodeName)
                        && _bound.TryAdd(change.Object.Metadata.Name, clock.Elapsed.TotalSeconds) && _bound.Count == expected)
                    {
                        _all.TrySetResult();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bench has what it needs.
        }
    }

    private static void KeepBindingFields(JsonTypeInfo type)
    {
        string[]? keep = type.Type == typeof(V1Pod) ? ["metadata", "spec"]
            : type.Type == typeof(V1ObjectMeta) ? ["name", "resourceVersion"]
            : type.Type == typeof(V1PodSpec) ? ["nodeName"]
            : null;
        if (keep is null)
        {
            return;
        }
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (!keep.Contains(type.Properties[i].Name))
            {
                type.Properties.RemoveAt(i);
            }
        }
    }
}
