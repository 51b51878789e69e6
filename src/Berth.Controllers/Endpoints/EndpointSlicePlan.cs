using System.Text.Json;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// The EndpointSlices a Service should have, as changes to the ones it has (kube's endpointslice
/// reconciler, simplified packing): endpoints are grouped by the ports they serve; an endpoint
/// stays in the slice it is in; new endpoints fill slices with room before new slices (at most
/// <see cref="MaxEndpointsPerSlice"/> each); a slice left empty is deleted; a Service with no
/// endpoints keeps one empty placeholder slice. Nothing is written for a slice that is already right.
/// </summary>
public static class EndpointSlicePlan
{
    public const int MaxEndpointsPerSlice = 100;
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";

    /// <summary>The namespace/name of the Service a slice is for, when <paramref name="managedBy"/> manages it.</summary>
    public static string? ServiceKey(V1EndpointSlice slice, string managedBy) =>
        slice.Metadata.Labels is { } labels && labels.TryGetValue(ManagedByLabel, out var by) && by == managedBy && labels.TryGetValue(ServiceNameLabel, out var service)
            ? $"{slice.Metadata.NamespaceProperty}/{service}"
            : null;

    public sealed record Changes(List<V1EndpointSlice> Create, List<V1EndpointSlice> Update, List<V1EndpointSlice> Delete);

    /// <summary>The changes for a selector Service from the pods it selects.</summary>
    public static Changes Plan(V1Service service, IEnumerable<V1Pod> pods, Func<string?, string?> zoneOfNode, IReadOnlyList<V1EndpointSlice> existing)
    {
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        if (service.Spec.ClusterIP == "None")
        {
            labels["service.kubernetes.io/headless"] = "";
        }
        var owner = new SliceOwner(service.Metadata.Name, service.Metadata.NamespaceProperty, labels, ControllerRefs.To("v1", "Service", service.Metadata), ManagedBy);
        var endpoints = pods.Where(ServicePods.HasAddress).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Select(pod => (
            ServicePods.PortsOf(pod, service).Select(p => new Discoveryv1EndpointPort { Name = p.Name ?? "", Protocol = p.Protocol, Port = p.Port, AppProtocol = p.AppProtocol }).ToList(),
            Endpoint(pod, service, zoneOfNode(pod.Spec.NodeName))));
        return Plan(owner, endpoints, existing, placeholder: true);
    }

    /// <summary>The changes for any set of endpoints, each with the ports it serves.</summary>
    public static Changes Plan(SliceOwner owner, IEnumerable<(List<Discoveryv1EndpointPort> Ports, V1Endpoint Endpoint)> endpoints, IReadOnlyList<V1EndpointSlice> existing, bool placeholder)
    {
        var desired = new Dictionary<string, (List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var (ports, endpoint) in endpoints)
        {
            var key = PortsKey(ports);
            if (!desired.TryGetValue(key, out var group))
            {
                desired[key] = group = (ports, []);
            }
            if (group.Endpoints.All(e => e.Addresses[0] != endpoint.Addresses[0]))
            {
                group.Endpoints.Add(endpoint);
            }
        }

        var changes = new Changes([], [], []);
        var byPorts = existing.GroupBy(s => PortsKey(s.Ports ?? [])).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList());
        foreach (var (key, slices) in byPorts.Where(g => !desired.ContainsKey(g.Key)))
        {
            changes.Delete.AddRange(slices);
        }
        foreach (var (key, (ports, list)) in desired)
        {
            Fill(owner, ports, list, byPorts.GetValueOrDefault(key) ?? [], changes);
        }
        if (placeholder)
        {
            KeepPlaceholder(owner, desired.Count == 0, existing, changes);
        }
        return changes;
    }

    private static void Fill(SliceOwner owner, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints, List<V1EndpointSlice> slices, Changes changes)
    {
        var wanted = endpoints.ToDictionary(e => e.Addresses[0], StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<(V1EndpointSlice Slice, List<V1Endpoint> Endpoints)>();
        foreach (var slice in slices)
        {
            var still = (slice.Endpoints ?? []).Where(e => e.Addresses.Count > 0 && wanted.ContainsKey(e.Addresses[0]) && placed.Add(e.Addresses[0]))
                .Select(e => wanted[e.Addresses[0]]).ToList();
            kept.Add((slice, still));
        }
        var waiting = new Queue<V1Endpoint>(endpoints.Where(e => !placed.Contains(e.Addresses[0])));
        foreach (var (_, list) in kept.Where(k => k.Endpoints.Count > 0))
        {
            while (list.Count < MaxEndpointsPerSlice && waiting.Count > 0)
            {
                list.Add(waiting.Dequeue());
            }
        }
        foreach (var (slice, list) in kept)
        {
            if (list.Count == 0)
            {
                changes.Delete.Add(slice);
                continue;
            }
            var updated = Slice(owner, ports, list, slice);
            if (!SameContent(slice, updated))
            {
                changes.Update.Add(updated);
            }
        }
        while (waiting.Count > 0)
        {
            var list = new List<V1Endpoint>();
            while (list.Count < MaxEndpointsPerSlice && waiting.Count > 0)
            {
                list.Add(waiting.Dequeue());
            }
            changes.Create.Add(Slice(owner, ports, list, null));
        }
    }

    /// <summary>With no endpoint at all, one empty slice says so (the first existing one, else a new one).</summary>
    private static void KeepPlaceholder(SliceOwner owner, bool noEndpoints, IReadOnlyList<V1EndpointSlice> existing, Changes changes)
    {
        if (!noEndpoints)
        {
            return;
        }
        if (changes.Delete.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).FirstOrDefault() is { } reuse)
        {
            changes.Delete.Remove(reuse);
            var placeholder = Slice(owner, [], [], reuse);
            if (!SameContent(reuse, placeholder))
            {
                changes.Update.Add(placeholder);
            }
            return;
        }
        if (existing.Count == 0)
        {
            changes.Create.Add(Slice(owner, [], [], null));
        }
    }

    private static V1Endpoint Endpoint(V1Pod pod, V1Service service, string? zone)
    {
        var (ready, serving, terminating) = ServicePods.Conditions(pod, service);
        return new V1Endpoint
        {
            Addresses = [pod.Status.PodIP],
            Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
            Hostname = ServicePods.Hostname(pod, service),
            NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
            Zone = zone,
            TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
        };
    }

    private static V1EndpointSlice Slice(SliceOwner owner, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints, V1EndpointSlice? current)
    {
        var labels = new Dictionary<string, string>(owner.Labels)
        {
            [ServiceNameLabel] = owner.ServiceName,
            [ManagedByLabel] = owner.ManagedBy,
        };
        var metadata = current is null
            ? new V1ObjectMeta
            {
                GenerateName = $"{owner.ServiceName}-",
                NamespaceProperty = owner.Namespace,
                OwnerReferences = [owner.OwnerRef],
            }
            : ModelCopy.Clone(current.Metadata, ModelJsonContext.Default.V1ObjectMeta);
        metadata.Labels = labels;
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = metadata,
            AddressType = "IPv4",
            Endpoints = endpoints,
            Ports = ports.Count == 0 ? null : ports,
        };
    }

    private static bool SameContent(V1EndpointSlice a, V1EndpointSlice b) =>
        Json(a.Endpoints ?? []) == Json(b.Endpoints ?? [])
        && PortsKey(a.Ports ?? []) == PortsKey(b.Ports ?? [])
        && (a.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key).SequenceEqual(b.Metadata.Labels!.OrderBy(l => l.Key));

    private static string PortsKey(IEnumerable<Discoveryv1EndpointPort> ports) =>
        string.Join(";", ports.Select(p => $"{p.Name}/{p.Protocol ?? "TCP"}/{p.Port}/{p.AppProtocol}").Order(StringComparer.Ordinal));

    private static string Json(IList<V1Endpoint> endpoints) =>
        string.Join('\n', endpoints.Select(e => JsonSerializer.Serialize(e, ModelJsonContext.Default.V1Endpoint)));
}
