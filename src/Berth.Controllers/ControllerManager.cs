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

    /// <summary>The controllers Berth runs, in start order.</summary>
    public static IReadOnlyList<IController> Create(ControllerContext context) =>
    [
        new ReplicaSetController(context),
        new DeploymentController(context),
        new EndpointsController(context),
        new EndpointSliceController(context),
        new EndpointSliceMirroringController(context),
        new ServiceLoadBalancerController(context),
        new JobController(context),
        new CronJobController(context),
        new TtlAfterFinishedController(context),
        new StatefulSetController(context),
        new GarbageCollectorController(context),
        new NamespaceController(context),
        new NodeIpamController(context),
        new NodeLifecycleController(context),
        new TaintEvictionController(context),
        new DaemonSetController(context),
        new ServiceAccountsController(context),
        new PodGcController(context),
        new DisruptionController(context),
        new ClusterRoleAggregationController(context),
        new PersistentVolumeController(context),
        new PvcProtectionController(context),
        new PvProtectionController(context),
        new ResourceQuotaController(context),
        .. context.Options.RootCaPem is { } ca ? new IController[] { new RootCaPublisherController(context, ca) } : [],
        .. context.Options.SigningCa is { } signing ? new IController[] { new CertificateSigningController(context, new ClusterSigner(signing)) } : [],
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
