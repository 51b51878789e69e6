using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.ClusterRoleAggregation;

/// <summary>
/// Kube's clusterrole-aggregation controller: a ClusterRole with an aggregationRule holds the rules of
/// the ClusterRoles its selectors pick (admin, edit and view are built this way, and users extend them
/// by labelling their own roles). Any ClusterRole change re-checks every aggregated one.
/// </summary>
public sealed class ClusterRoleAggregationController : IController
{
    private readonly Informer<V1ClusterRole> _roles;
    private readonly ResourceClient<V1ClusterRole, V1ClusterRoleList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public ClusterRoleAggregationController(ControllerContext context)
    {
        _roles = context.Informers.For(KubeResources.ClusterRoles);
        _client = context.Client.For(KubeResources.ClusterRoles);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = ReconcileLoop.WithRetry(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<ClusterRoleAggregationController>());
        _roles.AddHandler(new InformerHandler<V1ClusterRole>(_ => EnqueueAggregated(), deleted: _ => EnqueueAggregated()));
    }

    public string Name => "clusterrole-aggregation-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(1, cancellationToken);

    private void EnqueueAggregated()
    {
        foreach (var role in _roles.Cache.List().Where(r => r.AggregationRule is not null))
        {
            _queue.Add(role.Metadata.Name);
        }
    }

    /// <summary>False (again later, quietly) when the role changed meanwhile: the cache will show the new one.</summary>
    private async Task<bool> SyncAsync(string name, CancellationToken cancellationToken)
    {
        if (_roles.Cache.Get(name) is not { AggregationRule: not null } role)
        {
            return true;
        }
        var rules = AggregatedRules.For(role, _roles.Cache.List());
        if (AggregatedRules.SameRules(role.Rules, rules))
        {
            return true;
        }
        var updated = ModelCopy.Clone(role, ModelJsonContext.Default.V1ClusterRole);
        updated.Rules = [.. rules];
        try
        {
            await _client.UpdateAsync(updated, cancellationToken);
            return true;
        }
        catch (ApiStatusException conflict) when (conflict.Code == 409)
        {
            return false;
        }
    }
}
