using k8s;
using k8s.Models;

namespace Berth.Acceptance.Api;

/// <summary>
/// A minimal informer built with the official C# client, as controllers use one: list, then watch
/// from the list's resourceVersion, reconnecting from the last seen resourceVersion when the stream
/// drops (a server restart) and re-listing only on 410 Gone. Records every event in order.
/// </summary>
public sealed class ConfigMapInformer(IKubernetes client, string ns) : IAsyncDisposable
{
    private readonly List<(string Type, string Name, long ResourceVersion)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public int Relists { get; private set; }

    public IReadOnlyList<(string Type, string Name, long ResourceVersion)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task StartAsync()
    {
        var rv = await ListAsync(_stop.Token);
        _loop = Task.Run(() => RunAsync(rv, _stop.Token));
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Events.Count < count)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: cancellationToken);
        return list.Metadata.ResourceVersion;
    }

    private async Task RunAsync(string rv, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = client.CoreV1.WatchListNamespacedConfigMapAsync(
                    ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: 300, cancellationToken: cancellationToken);
                await foreach (var (type, item) in events)
                {
                    if (type == WatchEventType.Error)
                    {
                        Relists++;
                        rv = await ListAsync(cancellationToken);
                        break;
                    }
                    rv = item.Metadata.ResourceVersion;
                    if (type == WatchEventType.Bookmark)
                    {
                        continue;
                    }
                    lock (_events)
                    {
                        _events.Add((type.ToString(), item.Metadata.Name, long.Parse(rv)));
                    }
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The server is restarting: try again from the last resourceVersion seen.
                await Task.Delay(200, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
