using System.Collections.Concurrent;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Watches resources of one namespace from the test and records each deletion with the revision
/// the store gave it, so a test can say what went before what without timing anything.
/// </summary>
public sealed class ObservedDeletions : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Kind, string Name, long Revision)> _deleted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watches = [];

    private ObservedDeletions()
    {
    }

    public IReadOnlyList<(string Kind, string Name, long Revision)> Deleted => [.. _deleted];

    /// <summary>Starts a watch per resource from a fresh list, so every later deletion is seen.</summary>
    public static async Task<ObservedDeletions> StartAsync(ApiClient client, string ns, params ApiResource<ObjectMetadataOnly, ObjectMetadataOnlyList>[] resources)
    {
        var observed = new ObservedDeletions();
        foreach (var resource in resources)
        {
            var objects = client.For(resource);
            var from = (await objects.ListAsync(ns, null, CancellationToken.None)).Metadata.ResourceVersion;
            observed._watches.Add(observed.WatchAsync(objects, ns, from));
        }
        return observed;
    }

    /// <summary>The revision at which this object was deleted, or null while it exists.</summary>
    public long? RevisionOf(string kind, string name) =>
        _deleted.Where(d => d.Kind == kind && d.Name == name).Select(d => (long?)d.Revision).FirstOrDefault();

    private async Task WatchAsync(ResourceClient<ObjectMetadataOnly, ObjectMetadataOnlyList> objects, string ns, string from)
    {
        try
        {
            await foreach (var change in objects.WatchAsync(ns, new ListOptions { ResourceVersion = from }, _stop.Token))
            {
                if (change.Type == WatchEventType.Deleted)
                {
                    _deleted.Enqueue((objects.Resource.Kind, change.Object.Metadata.Name, long.Parse(change.Object.Metadata.ResourceVersion)));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches);
        _stop.Dispose();
    }
}
