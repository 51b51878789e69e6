using System.Security.Cryptography.X509Certificates;
using Berth.Agent.ClusterDns;
using Berth.Agent.Nodes;
using Berth.Agent.Pods;
using Berth.Agent.Hooks;
using Berth.Agent.Networking;
using Berth.Agent.Policy;
using Berth.Agent.Probes;
using Berth.Agent.Proxy;
using Berth.Agent.Storage;
using Berth.Agent.Streaming;
using Berth.Agent.Volumes;
using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Storage;
using Berth.Client.Rest;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Registry;
using Microsoft.Extensions.Logging;
using k8s.Models;

namespace Berth.Agent;

/// <summary>
/// One node's agent (Kubernetes' kubelet), a client of the API like any other component: registers
/// the Node, renews its Lease, reports its status, and runs the pods bound to it on Berth's engine
/// (the same image store and containers as the <c>berth</c> CLI under DATA/engine). <c>berth server</c>
/// runs one over its local socket; <c>berth agent</c> runs one against a remote server.
/// </summary>
public sealed class NodeAgent(AgentOptions options, ApiClient client, ILoggerFactory loggerFactory, TimeProvider time)
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the Node is registered with its status.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Runs until cancelled. Containers keep running after it returns: a restarted agent adopts them.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.AgentDir);
        var facts = HostFacts.Read(options.DataDir, options.NodeIp);
        var builder = new NodeStatusBuilder(options, facts);
        var engine = BerthEngine.Open(new EngineOptions
        {
            Root = options.EngineRoot,
            Runtime = options.Runtime,
            // The shim's exit command cleans up after a container: this binary, as the CLI's own.
            ExitCommand = new ContainerExitCommand(Environment.ProcessPath!, Path.GetFullPath(options.EngineRoot)),
            LoggerFactory = loggerFactory,
            Time = time,
        });
        var images = new NodeImages(engine.Images);
        var podNetwork = new PodNetwork(options.PodBridge, Path.Combine(options.AgentDir, "ipam"));
        await using var streaming = await StartStreamingAsync(engine, cancellationToken);
        async Task<NodeStatusInputs> Inputs(CancellationToken token) =>
            new(HostPressure.Sample(options.DataDir), await images.ListAsync(token), streaming.Port, podNetwork.NotReadyReason, time.GetUtcNow().UtcDateTime);

        var registrar = new NodeRegistrar(client, builder, time, loggerFactory.CreateLogger<NodeRegistrar>());
        var node = await registrar.RegisterAsync(Inputs, cancellationToken);
        var reporter = new NodeStatusReporter(options, registrar, builder, Inputs, time, loggerFactory.CreateLogger<NodeStatusReporter>());
        reporter.Registered();
        var lease = new NodeLeaseRenewer(client, options, time, loggerFactory.CreateLogger<NodeLeaseRenewer>());
        await using var events = new EventRecorder(client, "kubelet", options.NodeName, time, loggerFactory.CreateLogger<EventRecorder>());
        using var http = new HttpProber();
        using var probes = new ProbeManager(new Prober(new ExecProber(engine.Containers.Lifecycle), http, new TcpProber(), new GrpcProber(), events), time, loggerFactory.CreateLogger<ProbeManager>());
        var informers = new InformerFactory(client, time, loggerFactory);
        // The limits a container does not set, for the downward API (env and volumes).
        var allocatable = builder.Allocatable();
        var environment = new ContainerEnvironment(client.For(KubeResources.ConfigMaps), client.For(KubeResources.Secrets), informers.For(KubeResources.Services),
            events, facts.InternalIp, allocatable, time);
        var pods = new PodManager(options.NodeName, client, PodWorkerFor(engine, podNetwork, facts, events, probes, http, environment, allocatable), time,
            loggerFactory.CreateLogger<PodManager>());
        probes.ResultChanged += pods.Requeue;
        var dns = new NodeLocalDns(options, client, loggerFactory, time);
        var proxy = ServiceProxyFor(informers);
        var policies = new NetworkPolicyController(informers, new OwnedNftTable(options.PolicyTable, "network policy rules"), options.NodeName, time,
            loggerFactory.CreateLogger<NetworkPolicyController>());
        var podNetworking = new PodNetworkController(informers, podNetwork,
            new PodRouteTable(Path.Combine(options.AgentDir, "pod-routes"), loggerFactory.CreateLogger<PodRouteTable>()), new PodMasquerade(options.PodMasqueradeTable),
            options.NodeName, token => reporter.ReportAsync(force: false, token), time, loggerFactory.CreateLogger<PodNetworkController>());
        await using var storageEvents = new EventRecorder(client, $"{LocalPathStorage.Provisioner}_{options.NodeName}", options.NodeName, time, loggerFactory.CreateLogger<EventRecorder>());
        using var localPath = new LocalPathProvisioner(informers, storageEvents, options.NodeName, LocalPathProvisioner.StorageDirectoryOf(options.DataDir),
            time, loggerFactory.CreateLogger<LocalPathProvisioner>());
        // An agent that reaches its server over the network holds a tunnel, so the server reaches its streaming port back;
        // the server's own agent (in process, or over the Unix socket) is reached directly.
        using var tunnel = client.Connection.OverNetwork
            ? new ReverseTunnel(client.Connection, streaming.Port, time, loggerFactory.CreateLogger<ReverseTunnel>())
            : null;
        _registered.TrySetResult();
        await Task.WhenAll(
            Task.Run(() => tunnel?.RunAsync(cancellationToken) ?? Task.CompletedTask, CancellationToken.None),
            Task.Run(() => dns.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => lease.RunAsync(node, cancellationToken), CancellationToken.None),
            Task.Run(() => reporter.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => pods.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => informers.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => podNetworking.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => proxy.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => policies.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => localPath.RunAsync(cancellationToken), CancellationToken.None));
    }

    /// <summary>The node's Service proxy; pods not on the pod bridge count as outside traffic.</summary>
    private ServiceProxy ServiceProxyFor(InformerFactory informers)
    {
        var table = new ProxyTable(options.ProxyTable, loggerFactory.CreateLogger<ProxyTable>());
        var renderer = new ProxyRuleRenderer(options.PodBridge, options.NodeName);
        return new ServiceProxy(informers, table, renderer, options.NodeName, time, loggerFactory.CreateLogger<ServiceProxy>());
    }

    /// <summary>The streaming server for the API server's pods/log, pods/exec and pods/portforward; a port already taken stops the agent with one line.</summary>
    private async Task<StreamingServer> StartStreamingAsync(BerthEngine engine, CancellationToken cancellationToken)
    {
        var runs = new PodContainerRuns(engine.Containers);
        var clients = new ApiServerClientCertificate(X509Certificate2.CreateFromPem(options.ClusterCaPem));
        try
        {
            var handlers = new StreamingHandlers(new ContainerLogHandler(engine.Containers, runs, time), new ExecHandler(engine.Containers, runs),
                new AttachHandler(engine.Containers.Store, runs), new PortForwardHandler(runs, time));
            return await StreamingServer.StartAsync(options.KubeletPort, clients, handlers, loggerFactory, cancellationToken);
        }
        catch (IOException e)
        {
            throw new AgentStartException($"the streaming server cannot listen on port {options.KubeletPort}: {e.Message}", e);
        }
    }

    private PodWorker PodWorkerFor(BerthEngine engine, PodNetwork podNetwork, HostFacts facts, EventRecorder events, ProbeManager probes, HttpProber http,
        ContainerEnvironment environment, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var hooks = new LifecycleHookRunner(engine.Containers.Lifecycle, http, time);
        var killer = new ContainerKiller(engine.Containers.Lifecycle, hooks, events, time, loggerFactory.CreateLogger<ContainerKiller>());
        var images = new PodImages(engine.Images, new RegistryConnector(AuthFile.Default(), mirrors: options.RegistryMirrors), events);
        return new PodWorker(client.For(KubeResources.Pods), engine.Containers, new PodSandboxes(options.AgentDir, engine.Network!, podNetwork, new PodDnsSettings(options.ClusterDns, options.ClusterDomain, options.ResolvConf), client.For(KubeResources.RuntimeClasses)), PodVolumes.Default(client, allocatable, time), images, events,
            new RestartBackoff(time), probes, hooks, killer, new PodAdmission(() => HostPressure.Sample(options.DataDir)), environment, facts.InternalIp, time, loggerFactory.CreateLogger<PodWorker>());
    }
}
