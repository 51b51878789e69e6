using Berth.Controllers.Certificates;
using Berth.Controllers.ClusterRoleAggregation;
using Berth.Controllers.CronJobs;
using Berth.Controllers.DaemonSets;
using Berth.Controllers.Deployments;
using Berth.Controllers.Disruption;
using Berth.Controllers.Endpoints;
using Berth.Controllers.GarbageCollector;
using Berth.Controllers.Jobs;
using Berth.Controllers.Namespaces;
using Berth.Controllers.NodeIpam;
using Berth.Controllers.NodeLifecycle;
using Berth.Controllers.PersistentVolumes;
using Berth.Controllers.PodGc;
using Berth.Controllers.ReplicaSets;
using Berth.Controllers.ResourceQuotas;
using Berth.Controllers.RootCaPublisher;
using Berth.Controllers.ServiceAccounts;
using Berth.Controllers.ServiceLoadBalancer;
using Berth.Controllers.StatefulSets;
using Berth.Controllers.TaintEviction;
using Berth.Controllers.TtlAfterFinished;
using Berth.Controllers.VolumeProtection;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers;

/// <summary>
/// Runs the controllers of one leadership term (kube-controller-manager): each registers its
/// informer handlers, the shared informers list and sync, then every controller reconciles until
/// the term ends. A new term starts from fresh caches built from the API alone.
/// </summary>
public sealed partial class ControllerManager(ControllerContext context)
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<ControllerManager>();

    /// <summary>The controllers Berth runs, in start order, each as its ServiceAccount (kube's names: node lifecycle, taint eviction and IPAM share node-controller).</summary>
    public static IReadOnlyList<IController> Create(ControllerContext context) =>
    [
        new ReplicaSetController(context.ForServiceAccount("replicaset-controller")),
        new DeploymentController(context.ForServiceAccount("deployment-controller")),
        new EndpointsController(context.ForServiceAccount("endpoint-controller")),
        new EndpointSliceController(context.ForServiceAccount("endpointslice-controller")),
        new EndpointSliceMirroringController(context.ForServiceAccount("endpointslicemirroring-controller")),
        new ServiceLoadBalancerController(context.ForServiceAccount("service-controller")),
        new JobController(context.ForServiceAccount("job-controller")),
        new CronJobController(context.ForServiceAccount("cronjob-controller")),
        new TtlAfterFinishedController(context.ForServiceAccount("ttl-after-finished-controller")),
        new StatefulSetController(context.ForServiceAccount("statefulset-controller")),
        new GarbageCollectorController(context.ForServiceAccount("generic-garbage-collector")),
        new NamespaceController(context.ForServiceAccount("namespace-controller")),
        new NodeIpamController(context.ForServiceAccount("node-controller")),
        new NodeLifecycleController(context.ForServiceAccount("node-controller")),
        new TaintEvictionController(context.ForServiceAccount("node-controller")),
        new DaemonSetController(context.ForServiceAccount("daemon-set-controller")),
        new ServiceAccountsController(context.ForServiceAccount("service-account-controller")),
        new PodGcController(context.ForServiceAccount("pod-garbage-collector")),
        new DisruptionController(context.ForServiceAccount("disruption-controller")),
        new ClusterRoleAggregationController(context.ForServiceAccount("clusterrole-aggregation-controller")),
        new PersistentVolumeController(context.ForServiceAccount("persistent-volume-binder")),
        new PvcProtectionController(context.ForServiceAccount("pvc-protection-controller")),
        new PvProtectionController(context.ForServiceAccount("pv-protection-controller")),
        new ResourceQuotaController(context.ForServiceAccount("resourcequota-controller")),
        .. context.Options.RootCaPem is { } ca ? new IController[] { new RootCaPublisherController(context.ForServiceAccount("root-ca-cert-publisher"), ca) } : [],
        .. context.Options.SigningCa is { } signing ? new IController[] { new CertificateSigningController(context.ForServiceAccount("certificate-controller"), new ClusterSigner(signing, context.Options.ClusterSigningDuration)) } : [],
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var controllers = Create(context);
        var informers = context.Informers.RunAsync(cancellationToken);
        try
        {
            await context.Informers.WaitForSyncAsync(cancellationToken);
            LogStarted(string.Join(", ", controllers.Select(c => c.Name)));
            await Task.WhenAll(controllers.Select(c => Task.Run(() => c.RunAsync(cancellationToken), CancellationToken.None)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await informers;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "controllers started: {Controllers}")]
    private partial void LogStarted(string controllers);
}
