using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// Quota of pods (kube's podEvaluator): count/pods for every stored pod; pods and the compute
/// resources (cpu, memory, ephemeral-storage as requests.* and limits.*, hugepages and extended
/// resources as requests.*) only while the pod is not terminal; the scopes Terminating,
/// NotTerminating, BestEffort, NotBestEffort, PriorityClass and CrossNamespacePodAffinity.
/// </summary>
public sealed class PodQuotaEvaluator() : QuotaEvaluator("", "pods")
{
    private static readonly HashSet<string> s_names = new(StringComparer.Ordinal)
    {
        QuotaNames.Pods, QuotaNames.ObjectCount("", "pods"), QuotaNames.Cpu, QuotaNames.Memory, QuotaNames.EphemeralStorage,
        "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    };

    // Quota of these makes every container state them (kube keeps this for compatibility, and only for these).
    private static readonly string[] s_stated = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

    public override bool HandlesUpdates => false;

    public override bool Tracks(string name) =>
        s_names.Contains(name) || name.StartsWith(QuotaNames.HugePagesPrefix, StringComparison.Ordinal)
        || name.StartsWith(QuotaNames.RequestsPrefix + QuotaNames.HugePagesPrefix, StringComparison.Ordinal)
        || (name.StartsWith(QuotaNames.RequestsPrefix, StringComparison.Ordinal) && QuotaNames.IsExtended(name[QuotaNames.RequestsPrefix.Length..]));

    public override object Read(JsonObject obj) => obj.Deserialize(ModelJsonContext.Default.V1Pod)!;

    public override Dictionary<string, ResourceQuantity> Usage(object item, DateTimeOffset now)
    {
        var pod = (V1Pod)item;
        var usage = One(QuotaNames.ObjectCount("", "pods"));
        if (!IsCounted(pod, now))
        {
            return usage;
        }
        var spec = pod.Spec ?? new V1PodSpec();
        return ResourceUsage.Add(usage, ComputeUsage(PodResourceTotals.Requests(spec), PodResourceTotals.Limits(spec)));
    }

    /// <summary>kube's QuotaV1Pod: a pod uses compute quota until it is terminal or past its deletion grace period.</summary>
    public static bool IsCounted(V1Pod pod, DateTimeOffset now)
    {
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return false;
        }
        return pod.Metadata?.DeletionTimestamp is not { } deletion || pod.Metadata.DeletionGracePeriodSeconds is not { } grace
            || now <= new DateTimeOffset(DateTime.SpecifyKind(deletion, DateTimeKind.Utc)).AddSeconds(grace);
    }

    public override bool MatchesScope(V1ScopedResourceSelectorRequirement scope, object item)
    {
        var pod = (V1Pod)item;
        var spec = pod.Spec ?? new V1PodSpec();
        return scope.ScopeName switch
        {
            QuotaScopes.Terminating => IsTerminating(spec),
            QuotaScopes.NotTerminating => !IsTerminating(spec),
            QuotaScopes.BestEffort => IsBestEffort(spec),
            QuotaScopes.NotBestEffort => !IsBestEffort(spec),
            QuotaScopes.PriorityClass => scope.OperatorProperty == "Exists"
                ? !string.IsNullOrEmpty(spec.PriorityClassName)
                : QuotaScopes.Selects(scope, spec.PriorityClassName ?? ""),
            QuotaScopes.CrossNamespacePodAffinity => UsesCrossNamespaceAffinity(spec),
            _ => false,
        };
    }

    /// <summary>kube's podEvaluator.Constraints: "must specify limits.cpu for: a,b; requests.memory for: a".</summary>
    public override string? Constraints(IReadOnlyCollection<string> required, object item)
    {
        var stated = s_stated.Where(required.Contains).ToList();
        if (stated.Count == 0)
        {
            return null;
        }
        var spec = ((V1Pod)item).Spec ?? new V1PodSpec();
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            var has = ComputeUsage(container.Resources?.Requests, container.Resources?.Limits);
            foreach (var name in stated.Where(n => !has.ContainsKey(n)))
            {
                if (!missing.TryGetValue(name, out var containers))
                {
                    missing[name] = containers = new SortedSet<string>(StringComparer.Ordinal);
                }
                containers.Add(container.Name);
            }
        }
        return missing.Count == 0 ? null : "must specify " + string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
    }

    /// <summary>kube's podComputeUsageHelper: the quota names a set of requests and limits fill.</summary>
    public static Dictionary<string, ResourceQuantity> ComputeUsage(IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits)
    {
        var usage = One(QuotaNames.Pods);
        foreach (var resource in new[] { QuotaNames.Cpu, QuotaNames.Memory, QuotaNames.EphemeralStorage })
        {
            if (requests?.TryGetValue(resource, out var request) == true)
            {
                usage[resource] = request;
                usage[QuotaNames.RequestsPrefix + resource] = request;
            }
            if (limits?.TryGetValue(resource, out var limit) == true)
            {
                usage[QuotaNames.LimitsPrefix + resource] = limit;
            }
        }
        foreach (var (resource, request) in requests ?? new Dictionary<string, ResourceQuantity>())
        {
            if (resource.StartsWith(QuotaNames.HugePagesPrefix, StringComparison.Ordinal))
            {
                usage[resource] = request;
                usage[QuotaNames.RequestsPrefix + resource] = request;
            }
            else if (QuotaNames.IsExtended(resource))
            {
                usage[QuotaNames.RequestsPrefix + resource] = request;
            }
        }
        return usage;
    }

    private static bool IsTerminating(V1PodSpec spec) => spec.ActiveDeadlineSeconds is >= 0;

    /// <summary>QoS BestEffort: no container (or init container) requests or limits any cpu or memory.</summary>
    private static bool IsBestEffort(V1PodSpec spec) =>
        !(spec.Containers ?? []).Concat(spec.InitContainers ?? []).Any(c =>
            new[] { c.Resources?.Requests, c.Resources?.Limits }.Any(list =>
                list is not null && list.Any(e => e.Key is "cpu" or "memory" && e.Value.ToDecimal() > 0m)));

    private static bool UsesCrossNamespaceAffinity(V1PodSpec spec)
    {
        var affinity = spec.Affinity;
        var terms = (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Concat((affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => t.PodAffinityTerm))
            .Concat(affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Concat((affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => t.PodAffinityTerm));
        return terms.Any(t => t.Namespaces is { Count: > 0 } || t.NamespaceSelector is not null);
    }
}
