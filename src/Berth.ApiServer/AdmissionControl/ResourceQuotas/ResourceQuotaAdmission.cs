using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using Berth.Client.Quota;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.ApiServer.AdmissionControl.ResourceQuotas;

/// <summary>
/// kube's ResourceQuota admission plugin: a write that adds usage in a namespace with quotas is
/// checked against each (<see cref="QuotaCheck"/>) and charged to their status.used before the
/// object is stored, with a write conditional on the quota's resourceVersion, so concurrent creates
/// never overrun a quota: one namespace's writes are charged one after another (as kube's
/// per-namespace work queue does), and a quota changed meanwhile (the controller, another server)
/// is read again and checked anew. Dry runs are checked, not charged. Subresources are not counted.
/// </summary>
public sealed class ResourceQuotaAdmission(TimeProvider time) : IValidatingAdmissionPlugin
{
    private const int MaxAttempts = 5;

    private readonly QuotaEvaluators _evaluators = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _namespaces = new(StringComparer.Ordinal);

    public async ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Target != UpdateTarget.Main || request.Namespace.Length == 0
            || _evaluators.For(request.Resource.Group, request.Resource.Name) is not { } evaluator
            || (request.Operation == AdmissionOperation.Update && !evaluator.HandlesUpdates))
        {
            return;
        }
        var quotas = request.Objects.Resource("", "v1", "resourcequotas");
        var names = request.Objects.List(quotas, request.Namespace).Select(q => q.Str("metadata", "name")!).ToList();
        if (names.Count == 0)
        {
            return;
        }
        var item = evaluator.Read(request.Object);
        var old = request.OldObject is { } oldObject ? evaluator.Read(oldObject) : null;
        var gate = _namespaces.GetOrAdd(request.Namespace, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await ChargeAsync(request, quotas, names, evaluator, item, old, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ChargeAsync(
        AdmissionRequest request, ResourceDefinition quotas, List<string> names, QuotaEvaluator evaluator, object item, object? old, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = new List<(V1ResourceQuota Quota, string ResourceVersion)>();
            foreach (var name in names)
            {
                if (await request.Objects.ReadCurrentAsync(quotas, request.Namespace, name, cancellationToken) is { } json)
                {
                    var quota = json.Deserialize(ModelJsonContext.Default.V1ResourceQuota)!;
                    current.Add((quota, quota.Metadata.ResourceVersion));
                }
            }
            var check = QuotaCheck.Check([.. current.Select(c => c.Quota)], evaluator, item, old, time.GetUtcNow());
            if (check.Refusal is { } why)
            {
                throw ApiException.Forbidden(request.Resource.Group, request.Resource.Name, request.Name, why);
            }
            if (request.DryRun)
            {
                return;
            }
            // Quotas already charged are done; only those changed meanwhile are checked again.
            var conflicted = new List<string>();
            foreach (var (quota, resourceVersion) in current.Where(c => check.Used.ContainsKey(c.Quota.Metadata.Name)))
            {
                try
                {
                    await request.Objects.WriteStatusAsync(quotas, request.Namespace, quota.Metadata.Name, resourceVersion, Status(quota, check.Used[quota.Metadata.Name]), cancellationToken);
                }
                catch (ApiException conflict) when (conflict.Code == 409 && attempt < MaxAttempts)
                {
                    conflicted.Add(quota.Metadata.Name);
                }
            }
            if (conflicted.Count == 0)
            {
                return;
            }
            names = conflicted;
        }
    }

    private static JsonObject Status(V1ResourceQuota quota, Dictionary<string, ResourceQuantity> used) => new()
    {
        ["hard"] = Quantities(quota.Status!.Hard!),
        ["used"] = Quantities(used),
    };

    private static JsonObject Quantities(IDictionary<string, ResourceQuantity> list) =>
        new(list.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value.ToString()))));
}
