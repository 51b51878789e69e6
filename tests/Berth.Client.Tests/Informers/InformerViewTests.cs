using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Client.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Client.Tests.Informers;

public sealed class InformerViewTests
{
    [Fact]
    public async Task View_SharedInformerWatches_EveryViewSeesTheChangesOfOneListAndWatch()
    {
        var source = new ChannelSource([Pod("a", "1")]);
        var shared = new Informer<V1Pod>("pods", source, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        var (scheduler, controllers) = (shared.View(), shared.View());
        var schedulerSeen = new Seen();
        var controllersSeen = new Seen();
        scheduler.AddHandler(schedulerSeen);
        controllers.AddHandler(controllersSeen);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(shared.RunAsync(stop.Token), scheduler.RunAsync(stop.Token), controllers.RunAsync(stop.Token));

        await scheduler.WaitForSyncAsync(CancellationToken.None);
        await source.SendAsync(WatchEventType.Modified, Pod("a", "2"));
        await controllersSeen.WaitForAsync("a@2");

        Assert.Equal(["a@1", "a@2"], schedulerSeen.Names);
        Assert.Equal(["a@1", "a@2"], controllersSeen.Names);
        Assert.Same(shared.Cache, scheduler.Cache);
        Assert.Equal(1, source.Lists);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task View_RunCancelled_ItsHandlersHearNothingMoreAndTheSharedInformerRunsOn()
    {
        var source = new ChannelSource([]);
        var shared = new Informer<V1Pod>("pods", source, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        var (ended, staying) = (shared.View(), shared.View());
        var endedSeen = new Seen();
        var stayingSeen = new Seen();
        ended.AddHandler(endedSeen);
        staying.AddHandler(stayingSeen);
        using var stop = new CancellationTokenSource();
        using var term = new CancellationTokenSource();
        var running = Task.WhenAll(shared.RunAsync(stop.Token), staying.RunAsync(stop.Token));
        var endedRun = ended.RunAsync(term.Token);
        await shared.WaitForSyncAsync(CancellationToken.None);

        await term.CancelAsync();
        await endedRun;
        await source.SendAsync(WatchEventType.Added, Pod("b", "3"));
        await stayingSeen.WaitForAsync("b@3");

        Assert.Empty(endedSeen.Names);
        Assert.NotNull(ended.Cache.Get("default/b"));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void Share_ForOfAResource_IsAViewOfTheSharedFactorysInformerWithTheComponentsClient()
    {
        using var sharedClient = new ApiClient(new ApiConnection { UserAgent = "shared-informers" });
        using var schedulerClient = new ApiClient(new ApiConnection { UserAgent = "kube-scheduler" });
        var shared = new InformerFactory(sharedClient, TimeProvider.System, NullLoggerFactory.Instance);

        var scheduler = shared.Share(schedulerClient);
        var pods = scheduler.For(KubeResources.Pods);

        Assert.Same(schedulerClient, scheduler.Client);
        Assert.Same(shared.For(KubeResources.Pods).Cache, pods.Cache);
        Assert.NotSame(shared.For(KubeResources.Pods), pods);
        Assert.Same(pods, scheduler.For(KubeResources.Pods));
    }

    private static V1Pod Pod(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = resourceVersion } };

    /// <summary>A list of fixed items, then a watch that yields what the test sends.</summary>
    private sealed class ChannelSource(IReadOnlyList<V1Pod> items) : IListWatchSource<V1Pod>
    {
        private readonly Channel<WatchEvent<V1Pod>> _events = Channel.CreateUnbounded<WatchEvent<V1Pod>>();

        public int Lists { get; private set; }

        public Task<(IReadOnlyList<V1Pod> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
        {
            Lists++;
            return Task.FromResult((items, "1"));
        }

        public async IAsyncEnumerable<WatchEvent<V1Pod>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var change in _events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }

        public ValueTask SendAsync(WatchEventType type, V1Pod pod) => _events.Writer.WriteAsync(new WatchEvent<V1Pod>(type, pod));
    }

    /// <summary>Records name@resourceVersion of every add and update it hears.</summary>
    private sealed class Seen : IInformerHandler<V1Pod>
    {
        private readonly List<string> _names = [];
        private readonly Dictionary<string, TaskCompletionSource> _waiters = [];

        public IReadOnlyList<string> Names
        {
            get
            {
                lock (_names)
                {
                    return [.. _names];
                }
            }
        }

        public void OnAdd(V1Pod obj) => Record(obj);

        public void OnUpdate(V1Pod old, V1Pod current) => Record(current);

        public void OnDelete(V1Pod obj)
        {
        }

        public Task WaitForAsync(string name)
        {
            lock (_names)
            {
                return _names.Contains(name) ? Task.CompletedTask : Waiter(name).Task;
            }
        }

        private void Record(V1Pod pod)
        {
            var name = $"{pod.Metadata.Name}@{pod.Metadata.ResourceVersion}";
            lock (_names)
            {
                _names.Add(name);
                Waiter(name).TrySetResult();
            }
        }

        private TaskCompletionSource Waiter(string name)
        {
            if (!_waiters.TryGetValue(name, out var waiter))
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[name] = waiter;
            }
            return waiter;
        }
    }
}
