using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Berth.Agent;
using Berth.ApiServer.Hosting;
using Berth.ApiServer.Security;
using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.LeaderElection;
using Berth.Client.Rest;
using Berth.Controllers;
using Berth.Scheduler;
using Berth.Scheduler.Service;
using Berth.Storage;
using Berth.Storage.Compaction;
using Berth.Storage.Encryption;
using Berth.Storage.Expiry;
using Microsoft.Extensions.Logging;

namespace Berth.Host;

/// <summary>
/// <c>berth server</c>: the store and its compactor, the API server, and the control-plane
/// components, each a client of the API over the local socket with leader election on a Lease in
/// kube-system (kube-controller-manager, kube-scheduler), so several servers on one etcd run them once;
/// and, unless disabled, the node agent of this machine, registered before <see cref="StartAsync"/> returns.
/// Ready (kubectl works) when <see cref="StartAsync"/> returns.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    public const string KubeVersion = "v1.32.0";

    private readonly IKeyValueStore _store;
    private readonly PeriodicCompactor _compactor;
    private readonly ApiServerHost _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _components = [];
    private readonly List<IDisposable> _clients = [];

    private ServerHost(IKeyValueStore store, PeriodicCompactor compactor, ApiServerHost api)
    {
        _store = store;
        _compactor = compactor;
        _api = api;
    }

    public Uri Address => _api.Address;

    public static async Task<ServerHost> StartAsync(ServerHostOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Api.ServerDir);
        var encryption = LoadEncryption(options);
        var store = new EncryptingKeyValueStore(OpenStore(options.Endpoint, loggerFactory), encryption);
        // Keeps the watch window (5 minutes, at least 1,000 revisions) and bounds the SQLite log.
        var compactor = new PeriodicCompactor(store, new CompactionPolicy(), TimeProvider.System, loggerFactory.CreateLogger<PeriodicCompactor>());
        ApiServerHost api;
        try
        {
            compactor.Start();
            api = await ApiServerHost.StartAsync(options.Api, store, loggerFactory, cancellationToken);
        }
        catch (IOException ex)
        {
            await compactor.DisposeAsync();
            await store.DisposeAsync();
            throw new HostStartException($"cannot serve on {options.Api.BindAddress}:{options.Api.HttpsPort}: {ex.Message}", ex);
        }
        var host = new ServerHost(store, compactor, api);
        host.StartEventExpiry(options, loggerFactory);
        var informers = host.StartSharedInformers(loggerFactory);
        host.StartControllerManager(options, informers, loggerFactory);
        host.StartScheduler(options, informers, loggerFactory);
        if (!options.DisableAgent)
        {
            await host.StartAgentAsync(options, loggerFactory, cancellationToken);
        }
        return host;
    }

    /// <summary>Events expire at the storage level, as kube-apiserver attaches them to an etcd lease.</summary>
    private void StartEventExpiry(ServerHostOptions options, ILoggerFactory loggerFactory)
    {
        var expiry = new KeyExpiry(_store, "/registry/core/events/", options.EventTtl, TimeProvider.System, loggerFactory.CreateLogger<KeyExpiry>());
        _components.Add(Task.Run(() => expiry.RunAsync(_stop.Token)));
    }

    /// <summary>
    /// The informers the controllers and the scheduler read, one list and watch per resource for the
    /// process (each object is encoded, sent and decoded once, not once per component); they run
    /// for the server's life, as kube-scheduler starts its informers before its leader election. They read as the
    /// controller-manager (system:kube-controller-manager), whose role lists and watches every resource.
    /// </summary>
    private InformerFactory StartSharedInformers(ILoggerFactory loggerFactory)
    {
        var informers = new InformerFactory(Client("shared-informers", _api.ComponentTokens.ControllerManager), TimeProvider.System, loggerFactory);
        _components.Add(Task.Run(() => informers.RunAsync(_stop.Token)));
        return informers;
    }

    private void StartControllerManager(ServerHostOptions options, InformerFactory informers, ILoggerFactory loggerFactory)
    {
        var client = Client("kube-controller-manager", _api.ComponentTokens.ControllerManager);
        // The CA the API server made, for the root-ca-cert-publisher (kube-controller-manager's --root-ca-file).
        var tls = Path.Combine(options.Api.ServerDir, "tls");
        var controllerOptions = options.Controllers with
        {
            RootCaPem = File.ReadAllText(Path.Combine(tls, "ca.crt")),
            // The CA that signs agents' client certificates (kube-controller-manager's --cluster-signing-cert-file).
            SigningCa = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "ca.crt"), Path.Combine(tls, "ca.key")),
        };
        // One client per controller ServiceAccount for the server's life, shared by every leadership term.
        var controllerClients = new ConcurrentDictionary<string, ApiClient>();
        ApiClient ControllerClient(string serviceAccount) =>
            controllerClients.GetOrAdd(serviceAccount, name => Client("kube-controller-manager", _api.ComponentTokens.Controller(name), name));
        var elector = new LeaderElector(client, new LeaderElectionOptions { LeaseName = "kube-controller-manager", Identity = options.Identity },
            TimeProvider.System, loggerFactory.CreateLogger<LeaderElector>());
        _components.Add(Task.Run(() => elector.RunAsync(async leading =>
        {
            await using var context = new ControllerContext(client, informers.Share(client), TimeProvider.System, loggerFactory, options.Api.NodeName,
                controllerOptions, ControllerClient);
            await new ControllerManager(context).RunAsync(leading);
        }, _stop.Token)));
    }

    /// <summary>kube-scheduler: its own client, handlers and Lease, so it hands over apart from the controllers.</summary>
    private void StartScheduler(ServerHostOptions options, InformerFactory informers, ILoggerFactory loggerFactory)
    {
        var client = Client("kube-scheduler", _api.ComponentTokens.Scheduler);
        var elector = new LeaderElector(client, new LeaderElectionOptions { LeaseName = "kube-scheduler", Identity = options.Identity },
            TimeProvider.System, loggerFactory.CreateLogger<LeaderElector>());
        _components.Add(Task.Run(() => elector.RunAsync(async leading =>
        {
            var schedulerOptions = new SchedulerOptions();
            await using var recorder = new EventRecorder(client, schedulerOptions.SchedulerName, null, TimeProvider.System, loggerFactory.CreateLogger<EventRecorder>());
            var scheduler = new PodScheduler(informers.Share(client), recorder, schedulerOptions, TimeProvider.System, loggerFactory);
            await scheduler.RunAsync(leading);
        }, _stop.Token)));
    }

    /// <summary>The embedded node agent, named after this server's node; waits until its Node is registered.</summary>
    private async Task StartAgentAsync(ServerHostOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var agentOptions = options.Agent with
        {
            NodeName = options.Api.NodeName,
            DataDir = options.Api.DataDir,
            // The CA the API server made: its kubelet-client certificate is what the agent's streaming server trusts.
            ClusterCaPem = File.ReadAllText(Path.Combine(options.Api.ServerDir, "tls", "ca.crt")),
        };
        var agent = new NodeAgent(agentOptions, Client("kubelet", _api.ComponentTokens.Node), loggerFactory, TimeProvider.System);
        var run = Task.Run(() => agent.RunAsync(_stop.Token), CancellationToken.None);
        _components.Add(run);
        await Task.WhenAny(agent.Registered, run).WaitAsync(cancellationToken);
        if (run.IsFaulted)
        {
            throw new HostStartException($"the node agent did not start: {run.Exception!.InnerException!.Message}", run.Exception.InnerException);
        }
        await LabelControlPlaneNodeAsync(options.Api.NodeName, cancellationToken);
    }

    /// <summary>
    /// The roles kubectl get nodes shows for a server, control-plane,master, as k3s labels its servers: by the server, since
    /// NodeRestriction keeps node-role.kubernetes.io labels from the node itself.
    /// </summary>
    private async Task LabelControlPlaneNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        const string roles = """{"metadata":{"labels":{"node-role.kubernetes.io/control-plane":"true","node-role.kubernetes.io/master":"true"}}}""";
        await Client("berth-server", _api.ComponentTokens.Server).For(KubeResources.Nodes)
            .PatchAsync(null, nodeName, PatchType.Merge, roles, cancellationToken);
    }

    /// <summary>
    /// A client for one component, named by its user agent (its field manager), acting as the token's user; a controller of
    /// the component ends the user agent, as client-go's controller clients do (kube-controller-manager/v… berth/job-controller).
    /// </summary>
    private ApiClient Client(string component, string token, string? controller = null)
    {
        var userAgent = $"{component}/{KubeVersion} (linux/amd64) berth" + (controller is null ? "" : "/" + controller);
        var client = new ApiClient(ApiConnection.InProcess(_api.InProcess.ConnectAsync, token, userAgent));
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_components).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _api.DisposeAsync();
        await _compactor.DisposeAsync();
        await _store.DisposeAsync();
        _stop.Dispose();
    }

    private static EncryptionPolicy LoadEncryption(ServerHostOptions options)
    {
        var path = options.EncryptionProviderConfig ?? Path.Combine(options.Api.ServerDir, "cred", "encryption-config.json");
        try
        {
            if (options.EncryptionProviderConfig is null && !File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                PrivateFile.Write(path, EncryptionConfiguration.NewDefault());
            }
            return EncryptionConfiguration.Load(path);
        }
        catch (Exception ex) when (ex is EncryptionConfigurationException or IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--encryption-provider-config {path}: {ex.Message}", ex);
        }
    }

    private static IKeyValueStore OpenStore(string endpoint, ILoggerFactory loggerFactory)
    {
        try
        {
            return KeyValueStoreFactory.Open(endpoint, new KeyValueStoreOptions { LoggerFactory = loggerFactory });
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException)
        {
            throw new HostStartException($"datastore {endpoint}: {ex.Message}", ex);
        }
    }
}
