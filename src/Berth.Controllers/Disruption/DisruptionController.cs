using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Disruption;

/// <summary>
/// Keeps each PodDisruptionBudget's status true (kube's disruption controller): the pods its
/// selector matches, how many are expected (<see cref="BudgetTarget"/>) and healthy, how many may
/// be disrupted now, the disruptions the eviction API recorded until their pods go (or 2 minutes
/// pass), and the DisruptionAllowed condition. When the expected count cannot be computed the
/// budget fails safe: no disruption allowed, condition SyncFailed.
/// </summary>
public sealed partial class DisruptionController : IController
{
    private readonly ControllerContext _context;
    private readonly Informer<V1PodDisruptionBudget> _budgets;
    private readonly Informer<V1Pod> _pods;
    private readonly ScaleFinder _scales;
    private readonly ResourceClient<V1PodDisruptionBudget, V1PodDisruptionBudgetList> _client;
    private readonly EventRecorder _recorder;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ILogger _logger;

    public DisruptionController(ControllerContext context)
    {
        _context = context;
        _budgets = context.Informers.For(KubeResources.PodDisruptionBudgets);
        _pods = context.Informers.For(KubeResources.Pods);
        _scales = new ScaleFinder(
            context.Informers.For(KubeResources.ReplicaSets).Cache,
            context.Informers.For(KubeResources.Deployments).Cache,
            context.Informers.For(KubeResources.StatefulSets).Cache);
        _client = context.Client.For(KubeResources.PodDisruptionBudgets);
        _recorder = context.Recorder("controllermanager");
        _queue = WorkQueue<string>.ForController(context.Time);
        _logger = context.LoggerFactory.CreateLogger<DisruptionController>();
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, _logger);

        _budgets.AddHandler(new InformerHandler<V1PodDisruptionBudget>(
            changed: budget => _queue.Add(ObjectKey.Of(budget)),
            deleted: budget => _queue.Add(ObjectKey.Of(budget))));
        _pods.AddHandler(new InformerHandler<V1Pod>(
            EnqueueBudgetsOf,
            (old, pod) =>
            {
                EnqueueBudgetsOf(pod);
                EnqueueBudgetsOf(old);
            },
            EnqueueBudgetsOf));
    }

    public string Name => "disruption-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private void EnqueueBudgetsOf(V1Pod pod)
    {
        foreach (var budget in _budgets.Cache.InNamespace(pod.Metadata.NamespaceProperty))
        {
            if (LabelSelector.From(budget.Spec?.Selector).Matches(pod.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(budget));
            }
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_budgets.Cache.Get(key) is not { } budget)
        {
            return;
        }
        var now = _context.Time.GetUtcNow().UtcDateTime;
        var selector = LabelSelector.From(budget.Spec?.Selector);
        var pods = _pods.Cache.InNamespace(budget.Metadata.NamespaceProperty).Where(p => selector.Matches(p.Metadata.Labels)).ToList();
        if (pods.Count == 0)
        {
            _recorder.Normal(KubeResources.PodDisruptionBudgets, budget, "NoPods", "No matching pods found");
        }
        BudgetTarget target;
        try
        {
            target = BudgetTarget.Of(budget, pods, _scales.Find);
        }
        catch (InvalidOperationException error)
        {
            _recorder.Warning(KubeResources.PodDisruptionBudgets, budget, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {error.Message}");
            LogSyncFailed(key, error.Message);
            await WriteStatusAsync(budget, BudgetStatus.FailSafe(budget, error.Message, now), cancellationToken);
            return;
        }
        if (target.UnmanagedPods.Count > 0)
        {
            _recorder.Warning(KubeResources.PodDisruptionBudgets, budget, "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.");
        }
        var (disrupted, recheck, notDeleted) = BudgetStatus.DisruptedPods(budget, pods, now);
        foreach (var pod in notDeleted)
        {
            _recorder.Warning(KubeResources.Pods, pod, "NotDeleted", $"Pod was expected by PDB {key} to be deleted but it wasn't");
        }
        var healthy = BudgetStatus.CurrentHealthy(pods, disrupted, now);
        if (BudgetStatus.Next(budget, healthy, target, disrupted, now) is { } status)
        {
            await WriteStatusAsync(budget, status, cancellationToken);
        }
        if (recheck is { } at)
        {
            _queue.AddAfter(key, at - now);
        }
    }

    /// <summary>Writes the status computed from the cached budget; a conflict requeues the key (the fresh budget comes through the informer).</summary>
    private Task WriteStatusAsync(V1PodDisruptionBudget budget, V1PodDisruptionBudgetStatus status, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(budget, ModelJsonContext.Default.V1PodDisruptionBudget);
        copy.Status = status;
        return _client.UpdateStatusAsync(copy, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "failed to sync PodDisruptionBudget {Budget}: {Error}")]
    private partial void LogSyncFailed(string budget, string error);
}
