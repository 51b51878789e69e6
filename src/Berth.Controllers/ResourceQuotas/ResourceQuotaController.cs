using Berth.Client.Discovery;
using Berth.Client.Informers;
using Berth.Client.Quota;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.ResourceQuotas;

/// <summary>
/// kube's resourcequota controller: a quota's status.hard follows its spec and status.used is
/// recalculated from the namespace's objects (<see cref="QuotaUsage"/>) when a quota is created or
/// its limits change, when a counted object goes (deleted, a pod terminal, a service or claim
/// changed), and every resync period, so what admission charged is given back. Resources without an
/// informer here (count/deployments.apps…) are listed from the API and recounted on resync.
/// </summary>
public sealed partial class ResourceQuotaController : IController
{
    private readonly Informer<V1ResourceQuota> _quotas;
    private readonly Dictionary<(string Group, string Resource), Func<string, IEnumerable<object>>> _cached = [];
    private readonly ResourceClient<V1ResourceQuota, V1ResourceQuotaList> _client;
    private readonly ApiClient _api;
    private readonly QuotaEvaluators _evaluators = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _resync;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ILogger _logger;

    public ResourceQuotaController(ControllerContext context)
    {
        _time = context.Time;
        _resync = context.Options.ResourceQuotaSyncPeriod;
        _api = context.Client;
        _client = context.Client.For(KubeResources.ResourceQuotas);
        _logger = context.LoggerFactory.CreateLogger<ResourceQuotaController>();
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = ReconcileLoop.WithRetry(Name, _queue, SyncAsync, _logger);
        _quotas = context.Informers.For(KubeResources.ResourceQuotas);
        _quotas.AddHandler(new InformerHandler<V1ResourceQuota>(
            quota => _queue.Add(ObjectKey.Of(quota)),
            updated: (_, quota) =>
            {
                if (NeedsSync(quota))
                {
                    _queue.Add(ObjectKey.Of(quota));
                }
            },
            deleted: _ => { }));
        Replenish(context, KubeResources.Pods, (old, pod) =>
            PodQuotaEvaluator.IsCounted(old, _time.GetUtcNow()) && !PodQuotaEvaluator.IsCounted(pod, _time.GetUtcNow()));
        Replenish(context, KubeResources.Services, (old, service) => old.Spec?.Type != service.Spec?.Type || old.Spec?.Ports?.Count != service.Spec?.Ports?.Count);
        Replenish(context, KubeResources.PersistentVolumeClaims, (old, claim) =>
            !ResourceUsage.Equal(old.Spec?.Resources?.Requests, claim.Spec?.Resources?.Requests)
            || !ResourceUsage.Equal(old.Status?.AllocatedResources, claim.Status?.AllocatedResources));
        Replenish(context, KubeResources.ConfigMaps, (_, _) => false);
        Replenish(context, KubeResources.Secrets, (_, _) => false);
    }

    public string Name => "resourcequota-controller";

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _loop.RunAsync(2, cancellationToken),
        Periodic.RunAsync(_resync, _time, _ =>
        {
            foreach (var key in _quotas.Cache.Keys())
            {
                _queue.Add(key);
            }
            return Task.CompletedTask;
        }, ex => LogResyncFailed(ex), cancellationToken));

    /// <summary>A quota whose status does not yet show its limits, or lacks the usage of one.</summary>
    public static bool NeedsSync(V1ResourceQuota quota) =>
        !ResourceUsage.Equal(quota.Spec?.Hard, quota.Status?.Hard)
        || (quota.Spec?.Hard?.Keys ?? []).Any(name => quota.Status?.Used?.ContainsKey(name) != true);

    /// <summary>Objects of a resource counted from an informer: their deletion, or an update that lowers usage, recounts the namespace's quotas.</summary>
    private void Replenish<T, TList>(ControllerContext context, ApiResource<T, TList> resource, Func<T, T, bool> released)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        where TList : class, k8s.IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var informer = context.Informers.For(resource);
        _cached[(resource.Group, resource.Plural)] = ns => informer.Cache.InNamespace(ns);
        informer.AddHandler(new InformerHandler<T>(
            _ => { },
            updated: (old, current) =>
            {
                if (released(old, current))
                {
                    EnqueueNamespace(current.Metadata.NamespaceProperty);
                }
            },
            deleted: obj => EnqueueNamespace(obj.Metadata.NamespaceProperty)));
    }

    private void EnqueueNamespace(string ns)
    {
        foreach (var quota in _quotas.Cache.InNamespace(ns))
        {
            _queue.Add(ObjectKey.Of(quota));
        }
    }

    private async Task<bool> SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_quotas.Cache.Get(key) is not { } quota)
        {
            return true;
        }
        var ns = quota.Metadata.NamespaceProperty;
        var evaluators = _evaluators.Tracking(quota.Spec?.Hard?.Keys ?? []).ToList();
        var listed = new Dictionary<QuotaEvaluator, IReadOnlyList<object>>();
        foreach (var evaluator in evaluators.Where(e => !_cached.ContainsKey((e.Group, e.Resource))))
        {
            listed[evaluator] = await ListAsync(evaluator, ns, cancellationToken);
        }
        var calculated = QuotaUsage.Calculate(quota, evaluators,
            e => _cached.TryGetValue((e.Group, e.Resource), out var cached) ? cached(ns) : listed[e], _time.GetUtcNow());
        var status = QuotaUsage.Status(quota, calculated);
        if (!QuotaUsage.Changed(quota, status))
        {
            return true;
        }
        var updated = ModelCopy.Clone(quota, ModelJsonContext.Default.V1ResourceQuota);
        updated.Status = status;
        try
        {
            await _client.UpdateStatusAsync(updated, cancellationToken);
            return true;
        }
        catch (ApiStatusException stale) when (stale.Code == 409)
        {
            // Admission charged it meanwhile: recount from the newer copy the informer brings.
            return false;
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
            return true;
        }
    }

    /// <summary>The namespace's objects of a resource without an informer here (only counted, so metadata is enough).</summary>
    private async Task<IReadOnlyList<object>> ListAsync(QuotaEvaluator evaluator, string ns, CancellationToken cancellationToken)
    {
        var discovery = await new ResourceDiscovery(_api).PreferredResourcesAsync(cancellationToken);
        if (discovery.Resources.FirstOrDefault(r => r.Group == evaluator.Group && r.Plural == evaluator.Resource && r.Namespaced) is not { } resource)
        {
            return [];
        }
        var list = await _api.For(resource.Metadata()).ListAsync(ns, null, cancellationToken);
        return [.. list.Items];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "resource quota resync failed")]
    private partial void LogResyncFailed(Exception ex);
}
