using Berth.Client.Informers;
using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Watches the pods of one namespace from the test and records, at every change, how many exist
/// (not being deleted) and how many of those are ready: the states a rollout passes through.
/// </summary>
public sealed class ObservedPods : IAsyncDisposable
{
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(int Live, int Ready, int Images)> _states = [];
    private readonly Task _running;

    public ObservedPods(ApiClient client, string ns)
    {
        _informer = new Informer<V1Pod>("test-pods", new ResourceListWatch<V1Pod, V1PodList>(client.For(KubeResources.Pods), ns),
            TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        _informer.AddHandler(new InformerHandler<V1Pod>(_ => Record()));
        _running = _informer.RunAsync(_stop.Token);
    }

    public IReadOnlyList<(int Live, int Ready, int Images)> States
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    public IReadOnlyList<V1Pod> Live => _informer.Cache.List().Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    public Task StartedAsync() => _informer.WaitForSyncAsync(CancellationToken.None);

    /// <summary>Live pods, ready pods, and how many different images the live pods run.</summary>
    private void Record()
    {
        // The first list arrives one pod at a time: only states after it are the cluster's.
        if (!_informer.HasSynced)
        {
            return;
        }
        var live = Live;
        lock (_states)
        {
            _states.Add((live.Count, live.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
                live.Select(p => p.Spec.Containers[0].Image).Distinct().Count()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
