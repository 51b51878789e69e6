using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Watch;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// The current <see cref="RbacSnapshot"/>, rebuilt from the watch cache whenever a Role,
/// ClusterRole or binding changes (kube's RBAC authorizer reads informers the same way: a
/// change is in effect as soon as the server has seen it, not within the writing request).
/// </summary>
public sealed partial class RbacPolicy(WatchCache cache, ILogger<RbacPolicy> logger) : IAsyncDisposable
{
    private const string GroupPrefix = $"{WatchCache.RootPrefix}{RbacSubject.ApiGroup}/";

    private readonly CancellationTokenSource _stop = new();
    private volatile RbacSnapshot _current = RbacSnapshot.Empty;
    private Task? _follow;

    public RbacSnapshot Current => _current;

    /// <summary>Builds the first snapshot from what the cache holds now, then follows changes.</summary>
    public void Start()
    {
        Rebuild();
        _follow = Task.Run(() => FollowAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_follow is not null)
        {
            await _follow.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Subscribe, then read: a change after the subscription is never missed.
                using var watcher = cache.Watch(GroupPrefix, null);
                Rebuild();
                while (await watcher.Events.WaitToReadAsync(cancellationToken))
                {
                    while (watcher.Events.TryRead(out _))
                    {
                    }
                    Rebuild();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFollowFailed(ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Rebuild() => _current = RbacSnapshot.Build(Objects("clusterroles"), Objects("roles"), Objects("clusterrolebindings"), Objects("rolebindings"));

    private List<JsonObject> Objects(string resource) =>
        [.. cache.List($"{GroupPrefix}{resource}/").Items.Select(item => ObjectCodec.ParseObject(item.Json))];

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Following RBAC objects failed; subscribing again")]
    private partial void LogFollowFailed(Exception ex);
}
