using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// POST pods/NAME/eviction (policy/v1 Eviction, as kubectl drain sends it): the pod is deleted
/// with the Eviction's delete options once its PodDisruptionBudget allows it, which spends one
/// disruption of the budget (recorded in status.disruptedPods for the disruption controller);
/// otherwise kube's 429 "Cannot evict pod as it would violate the pod's disruption budget.".
/// The pod gets the DisruptionTarget condition (EvictionByEvictionAPI) before its delete.
/// </summary>
public sealed class EvictionHandler(ResourceStore store, TimeProvider time)
{
    // kube's EvictionsRetry has 20 steps.
    private const int Attempts = 20;

    public async Task CreateAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var eviction = await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.policy.v1.Eviction");
        if (eviction.Str("metadata", "name") != target.Name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }
        var options = DeleteRequest.From(eviction["deleteOptions"] as JsonObject, null, null, query.DryRun);
        await EvictAsync(target.Resource, target.Namespace!, target.Name!, options, context.RequestAborted);
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        }, 201);
    }

    private async Task EvictAsync(Resources.ResourceDefinition pods, string ns, string name, DeleteRequest options, CancellationToken cancellationToken)
    {
        var requested = options.PreconditionResourceVersion is not null;
        JsonObject pod;
        for (var attempt = 1; ; attempt++)
        {
            pod = await store.GetAsync(pods, ns, name, cancellationToken);
            if (!EvictionRules.CanIgnoreBudgets(pod))
            {
                break;
            }
            // Nothing more to disrupt: delete it (as read, unless the client said otherwise).
            var request = EvictionRules.EnforceResourceVersion(pod) && !requested
                ? options with { PreconditionResourceVersion = ObjectMetadata.Get(pod, "resourceVersion") }
                : options;
            try
            {
                await DisruptAndDeleteAsync(pods, ns, name, request, cancellationToken);
                return;
            }
            catch (ApiException conflict) when (conflict.Code == 409 && !requested && attempt < Attempts)
            {
            }
        }

        var budgets = EvictionRules.Matching(pod, await ListBudgetsAsync(ns, cancellationToken));
        if (budgets.Count > 1)
        {
            throw ApiException.Internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        var asRead = false;
        if (budgets is [var budget])
        {
            asRead = EvictionRules.UnhealthyMayGo(pod, budget);
            if (!asRead)
            {
                var now = time.GetUtcNow().UtcDateTime;
                now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
                var budgetResource = store.Lookup.Resource("policy", "v1", "poddisruptionbudgets");
                await store.UpdateAsync(budgetResource, ns, budget.Str("metadata", "name")!, current =>
                {
                    EvictionRules.Decrement(current, name, now);
                    return current;
                }, UpdateTarget.Status, WriteOptions.Server with { DryRun = options.DryRun }, cancellationToken);
            }
        }
        var delete = asRead && !requested ? options with { PreconditionResourceVersion = ObjectMetadata.Get(pod, "resourceVersion") } : options;
        try
        {
            await DisruptAndDeleteAsync(pods, ns, name, delete, cancellationToken);
        }
        catch (ApiException conflict) when (conflict.Code == 409 && asRead && !requested)
        {
            // The unhealthy pod changed since it was judged: the client retries.
            throw EvictionRules.StillProcessing(budgets[0].Str("metadata", "name")!);
        }
    }

    /// <summary>The pods' disruption budgets: a consistent list, as kube reads them through its client.</summary>
    private async Task<IEnumerable<JsonObject>> ListBudgetsAsync(string ns, CancellationToken cancellationToken)
    {
        var resource = store.Lookup.Resource("policy", "v1", "poddisruptionbudgets");
        var page = await store.ListAsync(resource, ns, new ListRequest(Client.Selectors.LabelSelector.Everything, Selectors.FieldSelector.Everything), cancellationToken);
        return page.Items.Select(item => ObjectCodec.ParseObject(item.Json));
    }

    /// <summary>kube's addConditionAndDeletePod: DisruptionTarget on the latest pod (preconditions checked against it), then the delete.</summary>
    private async Task DisruptAndDeleteAsync(Resources.ResourceDefinition pods, string ns, string name, DeleteRequest request, CancellationToken cancellationToken)
    {
        if (!request.DryRun)
        {
            var updated = await store.UpdateAsync(pods, ns, name, latest =>
            {
                CheckPreconditions(latest, name, request);
                EvictionRules.MarkDisruptionTarget(latest, time.GetUtcNow());
                return latest;
            }, UpdateTarget.Status, WriteOptions.Server, cancellationToken);
            if (request.PreconditionResourceVersion is not null)
            {
                request = request with { PreconditionResourceVersion = ObjectMetadata.Get(updated, "resourceVersion") };
            }
        }
        await store.DeleteAsync(pods, ns, name, request, cancellationToken);
    }

    private static void CheckPreconditions(JsonObject pod, string name, DeleteRequest request)
    {
        if (request.PreconditionUid is { Length: > 0 } uid && uid != ObjectMetadata.Uid(pod))
        {
            throw ApiException.Conflict("", "Pod", name, $"the UID in the precondition ({uid}) does not match the UID in record ({ObjectMetadata.Uid(pod)}). The object might have been deleted and then recreated");
        }
        if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectMetadata.Get(pod, "resourceVersion"))
        {
            throw ApiException.Conflict("", "Pod", name, $"the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record ({ObjectMetadata.Get(pod, "resourceVersion")}). The object might have been modified");
        }
    }
}
