using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Watches the pods of one namespace from the test and keeps, in the order the watch delivers them,
/// the moments that matter for ordering: a pod appearing, turning ready, being marked for deletion,
/// and going.
/// </summary>
public sealed class PodEventLog : IAsyncDisposable
{
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string What, string Pod)> _entries = [];
    private readonly Task _running;

    public const string Added = "added";
    public const string Ready = "ready";
    public const string Terminating = "terminating";
    public const string Deleted = "deleted";

    public PodEventLog(ApiClient client, string ns)
    {
        _informer = new Informer<V1Pod>("test-pod-events", new ResourceListWatch<V1Pod, V1PodList>(client.For(KubeResources.Pods), ns),
            TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        _informer.AddHandler(new InformerHandler<V1Pod>(
            pod => Record(Added, pod),
            (old, pod) =>
            {
                if (!IsReady(old) && IsReady(pod))
                {
                    Record(Ready, pod);
                }
                if (old.Metadata.DeletionTimestamp is null && pod.Metadata.DeletionTimestamp is not null)
                {
                    Record(Terminating, pod);
                }
            },
            pod => Record(Deleted, pod)));
        _running = _informer.RunAsync(_stop.Token);
    }

    public Task StartedAsync() => _informer.WaitForSyncAsync(CancellationToken.None);

    public IReadOnlyList<(string What, string Pod)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Where the first entry of this kind for this pod is; fails the test when there is none.</summary>
    public int IndexOf(string what, string pod)
    {
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] == (what, pod))
            {
                return i;
            }
        }
        throw new Xunit.Sdk.XunitException($"no '{what}' for {pod} in: {Describe()}");
    }

    /// <summary>
    /// Waits until the log holds an entry of this kind for this pod: the watch may trail a list
    /// that already shows the change.
    /// </summary>
    public Task WaitForAsync(string what, string pod, TimeSpan timeout) =>
        Poll.UntilAsync(() => Task.FromResult(Entries.Contains((what, pod))), timeout, () => $"'{what}' for {pod} in: {Describe()}");

    public string Describe() => string.Join(", ", Entries.Select(e => $"{e.Pod} {e.What}"));

    private void Record(string what, V1Pod pod)
    {
        // The first list arrives one pod at a time: only changes after it are the cluster's.
        if (!_informer.HasSynced)
        {
            return;
        }
        lock (_entries)
        {
            _entries.Add((what, pod.Metadata.Name));
        }
        if (what == Added && IsReady(pod))
        {
            Record(Ready, pod);
        }
    }

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
