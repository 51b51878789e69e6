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

    [Fact]
    public async Task MetadataView_OfATypedInformer_ItsHandlersHearTheTypedChangesUntilTheViewEnds()
    {
        var source = new ChannelSource([Pod("a", "1")]);
        var shared = new Informer<V1Pod>("pods", source, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        var garbageCollector = ((IMetadataInformer)shared).MetadataView();
        var seen = new Seen();
        garbageCollector.AddHandler(seen);
        using var stop = new CancellationTokenSource();
        using var term = new CancellationTokenSource();
        var running = shared.RunAsync(stop.Token);
        var viewRun = garbageCollector.RunAsync(term.Token);

        await garbageCollector.WaitForSyncAsync(CancellationToken.None);
        await source.SendAsync(WatchEventType.Modified, Pod("a", "2"));
        await seen.WaitForAsync("a@2");
        await term.CancelAsync();
        await viewRun;
        await source.SendAsync(WatchEventType.Modified, Pod("a", "3"));
        while (shared.Cache.Get("default/a")?.Metadata.ResourceVersion != "3")
        {
            await Task.Delay(10);
        }

        Assert.Equal(["a@1", "a@2"], seen.Names);
        Assert.Equal(1, source.Lists);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void MetadataViewOf_AResourceTheProcessInforms_IsAViewOfThatInformer_ElseNull()
    {
        using var sharedClient = new ApiClient(new ApiConnection { UserAgent = "shared-informers" });
        using var controllersClient = new ApiClient(new ApiConnection { UserAgent = "kube-controller-manager" });
        var shared = new InformerFactory(sharedClient, TimeProvider.System, NullLoggerFactory.Instance);
        var controllers = shared.Share(controllersClient);
        var pods = shared.For(KubeResources.Pods);
        controllers.For(KubeResources.ReplicaSets);

        var podsView = controllers.MetadataViewOf("pods");
        var replicaSetsView = shared.MetadataViewOf("replicasets.apps");

        Assert.Same(pods.Cache, Assert.IsType<Informer<V1Pod>>(podsView).Cache);
        Assert.NotSame(pods, podsView);
        Assert.Same(shared.For(KubeResources.ReplicaSets).Cache, Assert.IsType<Informer<V1ReplicaSet>>(replicaSetsView).Cache);
        Assert.Null(controllers.MetadataViewOf("secrets"));
        Assert.Null(shared.MetadataViewOf("pods.apps"));
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
    private sealed class Seen : IInformerHandler<IKubernetesObject<V1ObjectMeta>>
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

        public void OnAdd(IKubernetesObject<V1ObjectMeta> obj) => Record(obj);

        public void OnUpdate(IKubernetesObject<V1ObjectMeta> old, IKubernetesObject<V1ObjectMeta> current) => Record(current);

        public void OnDelete(IKubernetesObject<V1ObjectMeta> obj)
        {
        }

        public Task WaitForAsync(string name)
        {
            lock (_names)
            {
                return _names.Contains(name) ? Task.CompletedTask : Waiter(name).Task;
            }
        }

        private void Record(IKubernetesObject<V1ObjectMeta> obj)
        {
            var name = $"{obj.Metadata.Name}@{obj.Metadata.ResourceVersion}";
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
