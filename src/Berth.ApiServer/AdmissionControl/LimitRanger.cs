using System.Globalization;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Berth.Client.Resources;
using k8s.Models;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's LimitRanger admission plugin, from the LimitRanges of the namespace: a new pod's containers
/// (and init containers) get the Container items' default limits and requests they lack, noted in
/// the kubernetes.io/limit-ranger annotation; then each container is held to the Container items'
/// min, max and maxLimitRequestRatio, the pod's totals to the Pod items', a claim's storage request
/// to the PersistentVolumeClaim items' (create and update). A breach is kube's 403 with its wording.
/// </summary>
public sealed class LimitRanger : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public const string Annotation = "kubernetes.io/limit-ranger";

    // resource.MaxMilliValue: values above it are compared in units, not milli-units.
    private const long MaxMilliValue = long.MaxValue / 1000;

    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (IsPodCreate(request) && LimitRanges(request) is { Count: > 0 } ranges)
        {
            ApplyDefaults(request.Object, ranges);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var claim = request.Resource is { Group: "", Name: "persistentvolumeclaims" } && request.Target == UpdateTarget.Main;
        if ((!IsPodCreate(request) && !claim) || LimitRanges(request) is not { Count: > 0 } ranges)
        {
            return ValueTask.CompletedTask;
        }
        var errors = claim ? ClaimViolations(request.Object, ranges) : PodViolations(request.Object, ranges);
        if (errors.Count > 0)
        {
            // utilerrors.NewAggregate: one error as it is, several in brackets.
            var message = errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
            throw ApiException.Forbidden("", request.Resource.Name, request.Name, message);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Sets the Container items' defaults a container lacks and records them on the pod (kube's mergePodResourceRequirements).</summary>
    public static void ApplyDefaults(JsonObject pod, IReadOnlyList<JsonObject> ranges)
    {
        var items = ranges.SelectMany(r => r.Objects("spec", "limits")).Where(i => i.Str("type") == "Container").ToList();
        var defaultLimits = Merged(items, "default");
        var defaultRequests = Merged(items, "defaultRequest");
        var notes = new List<string>();
        var spec = pod.Child("spec");
        foreach (var (field, kind) in new[] { ("containers", "container"), ("initContainers", "init container") })
        {
            foreach (var container in spec.Items(field))
            {
                var resources = container.Child("resources");
                var setLimits = SetMissing(resources, "limits", defaultLimits);
                var setRequests = SetMissing(resources, "requests", defaultRequests);
                var name = container.Str("name");
                if (setRequests.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setRequests)} request for {kind} {name}");
                }
                if (setLimits.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setLimits)} limit for {kind} {name}");
                }
            }
        }
        if (notes.Count > 0)
        {
            pod.Child("metadata").Child("annotations")[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
        }
    }

    /// <summary>kube's PodValidateLimitFunc: every breach, in the order kube finds them (resources by name).</summary>
    public static List<string> PodViolations(JsonObject pod, IReadOnlyList<JsonObject> ranges)
    {
        var errors = new List<string>();
        var spec = pod["spec"] as JsonObject ?? [];
        foreach (var item in ranges.SelectMany(r => r.Objects("spec", "limits")))
        {
            switch (item.Str("type"))
            {
                case "Container":
                    foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")))
                    {
                        Check(item, "Container", List(container, "requests"), List(container, "limits"), errors);
                    }
                    break;
                case "Pod":
                    Check(item, "Pod", PodTotal(spec, "requests"), PodTotal(spec, "limits"), errors);
                    break;
            }
        }
        return errors;
    }

    /// <summary>kube's PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requests.</summary>
    public static List<string> ClaimViolations(JsonObject claim, IReadOnlyList<JsonObject> ranges)
    {
        var errors = new List<string>();
        var requests = ResourceList(claim.At("spec", "resources", "requests"));
        foreach (var item in ranges.SelectMany(r => r.Objects("spec", "limits")).Where(i => i.Str("type") == "PersistentVolumeClaim"))
        {
            foreach (var (resource, enforced) in ResourceList(item["min"]))
            {
                AddIfNotNull(errors, MinConstraint("PersistentVolumeClaim", resource, enforced, requests, new Dictionary<string, ResourceQuantity>()));
            }
            foreach (var (resource, enforced) in ResourceList(item["max"]))
            {
                AddIfNotNull(errors, MaxRequestConstraint("PersistentVolumeClaim", resource, enforced, requests));
            }
        }
        return errors;
    }

    public static string? MinConstraint(string type, string resource, ResourceQuantity enforced, IReadOnlyDictionary<string, ResourceQuantity> requests, IReadOnlyDictionary<string, ResourceQuantity> limits)
    {
        var request = requests.GetValueOrDefault(resource);
        var limit = limits.GetValueOrDefault(resource);
        var (observedRequest, observedLimit, enforcedValue) = Compared(request, limit, enforced);
        if (request is null)
        {
            return $"minimum {resource} usage per {type} is {enforced}.  No request is specified";
        }
        if (observedRequest < enforcedValue)
        {
            return $"minimum {resource} usage per {type} is {enforced}, but request is {request}";
        }
        return limit is not null && observedLimit < enforcedValue ? $"minimum {resource} usage per {type} is {enforced}, but limit is {limit}" : null;
    }

    public static string? MaxConstraint(string type, string resource, ResourceQuantity enforced, IReadOnlyDictionary<string, ResourceQuantity> requests, IReadOnlyDictionary<string, ResourceQuantity> limits)
    {
        var request = requests.GetValueOrDefault(resource);
        var limit = limits.GetValueOrDefault(resource);
        var (observedRequest, observedLimit, enforcedValue) = Compared(request, limit, enforced);
        if (limit is null)
        {
            return $"maximum {resource} usage per {type} is {enforced}.  No limit is specified";
        }
        if (observedLimit > enforcedValue)
        {
            return $"maximum {resource} usage per {type} is {enforced}, but limit is {limit}";
        }
        return request is not null && observedRequest > enforcedValue ? $"maximum {resource} usage per {type} is {enforced}, but request is {request}" : null;
    }

    public static string? LimitRequestRatioConstraint(string type, string resource, ResourceQuantity enforced, IReadOnlyDictionary<string, ResourceQuantity> requests, IReadOnlyDictionary<string, ResourceQuantity> limits)
    {
        var request = requests.GetValueOrDefault(resource);
        var limit = limits.GetValueOrDefault(resource);
        var (observedRequest, observedLimit, _) = Compared(request, limit, enforced);
        if (request is null || observedRequest == 0)
        {
            return $"{resource} max limit to request ratio per {type} is {enforced}, but no request is specified or request is 0";
        }
        if (limit is null || observedLimit == 0)
        {
            return $"{resource} max limit to request ratio per {type} is {enforced}, but no limit is specified or limit is 0";
        }
        var ratio = (double)observedLimit / observedRequest;
        var enforcedValue = Quantities.Value(enforced);
        var (observedRatio, maxRatio) = enforcedValue <= MaxMilliValue
            ? (ratio * 1000, (double)Quantities.MilliValue(enforced))
            : (ratio, enforcedValue);
        return observedRatio > maxRatio
            ? $"{resource} max limit to request ratio per {type} is {enforced}, but provided ratio is {ratio.ToString("F6", CultureInfo.InvariantCulture)}"
            : null;
    }

    private static string? MaxRequestConstraint(string type, string resource, ResourceQuantity enforced, IReadOnlyDictionary<string, ResourceQuantity> requests)
    {
        var request = requests.GetValueOrDefault(resource);
        var (observedRequest, _, enforcedValue) = Compared(request, null, enforced);
        if (request is null)
        {
            return $"maximum {resource} usage per {type} is {enforced}.  No request is specified";
        }
        return observedRequest > enforcedValue ? $"maximum {resource} usage per {type} is {enforced}, but request is {request}" : null;
    }

    private static void Check(JsonObject item, string type, Dictionary<string, ResourceQuantity> requests, Dictionary<string, ResourceQuantity> limits, List<string> errors)
    {
        foreach (var (resource, enforced) in ResourceList(item["min"]))
        {
            AddIfNotNull(errors, MinConstraint(type, resource, enforced, requests, limits));
        }
        foreach (var (resource, enforced) in ResourceList(item["max"]))
        {
            AddIfNotNull(errors, MaxConstraint(type, resource, enforced, requests, limits));
        }
        foreach (var (resource, enforced) in ResourceList(item["maxLimitRequestRatio"]))
        {
            AddIfNotNull(errors, LimitRequestRatioConstraint(type, resource, enforced, requests, limits));
        }
    }

    /// <summary>kube's requestLimitEnforcedValues: milli-units when none would overflow, units otherwise.</summary>
    private static (long Request, long Limit, long Enforced) Compared(ResourceQuantity? request, ResourceQuantity? limit, ResourceQuantity enforced)
    {
        long Value(ResourceQuantity? q) => q is null ? 0 : Quantities.Value(q);
        long Milli(ResourceQuantity? q) => q is null ? 0 : Quantities.MilliValue(q);
        return Value(request) <= MaxMilliValue && Value(limit) <= MaxMilliValue && Value(enforced) <= MaxMilliValue
            ? (Milli(request), Milli(limit), Milli(enforced))
            : (Value(request), Value(limit), Value(enforced));
    }

    /// <summary>The pod's total (kube's podRequests/podLimits): the containers summed, each init container a floor.</summary>
    private static Dictionary<string, ResourceQuantity> PodTotal(JsonObject spec, string kind)
    {
        var total = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var container in spec.Items("containers"))
        {
            foreach (var (resource, quantity) in List(container, kind))
            {
                total[resource] = total.TryGetValue(resource, out var sum) ? Quantities.Sum(sum, quantity) : quantity;
            }
        }
        foreach (var container in spec.Items("initContainers"))
        {
            foreach (var (resource, quantity) in List(container, kind))
            {
                if (!total.TryGetValue(resource, out var current) || quantity.ToDecimal() > current.ToDecimal())
                {
                    total[resource] = quantity;
                }
            }
        }
        return total;
    }

    private static Dictionary<string, ResourceQuantity> List(JsonObject container, string kind) => ResourceList(container.At("resources", kind));

    /// <summary>A resource list by name, in name order (kube ranges over a map; a stable order reads better).</summary>
    private static Dictionary<string, ResourceQuantity> ResourceList(JsonNode? list)
    {
        var quantities = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (list is JsonObject map)
        {
            foreach (var (name, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (value.Text() is { } text)
                {
                    quantities[name] = new ResourceQuantity(text);
                }
            }
        }
        return quantities;
    }

    private static SortedDictionary<string, JsonNode?> Merged(IEnumerable<JsonObject> items, string field)
    {
        var merged = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var (name, value) in item[field] as JsonObject ?? [])
            {
                merged[name] = value;
            }
        }
        return merged;
    }

    private static List<string> SetMissing(JsonObject resources, string field, SortedDictionary<string, JsonNode?> defaults)
    {
        var set = new List<string>();
        if (defaults.Count == 0)
        {
            return set;
        }
        var list = resources.Child(field);
        foreach (var (name, value) in defaults)
        {
            if (!list.ContainsKey(name))
            {
                list[name] = value?.DeepClone();
                set.Add(name);
            }
        }
        return set;
    }

    private static bool IsPodCreate(AdmissionRequest request) =>
        request is { Operation: AdmissionOperation.Create, Resource: { Group: "", Name: "pods" }, Target: UpdateTarget.Main };

    private static IReadOnlyList<JsonObject> LimitRanges(AdmissionRequest request) =>
        request.Objects.List(request.Objects.Resource("", "v1", "limitranges"), request.Namespace);

    private static void AddIfNotNull(List<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }
}
