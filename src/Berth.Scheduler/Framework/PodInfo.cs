using Berth.Client.Informers;
using Berth.Client.Scheduling;
using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// A pod with what scheduling reads of it computed once (kube-scheduler's framework.PodInfo):
/// requests, host ports, parsed affinity terms, priority. Shared read-only between the snapshot,
/// the queue and plugins; a changed pod gets a new PodInfo.
/// </summary>
public sealed class PodInfo
{
    private static readonly Dictionary<string, string> NoLabels = [];
    private readonly string? _assumedNode;

    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Key = ObjectKey.Of(pod);
        Uid = pod.Metadata.Uid ?? Key;
        Labels = pod.Metadata.Labels ?? NoLabels;
        Priority = PodPriority.Of(pod);
        var spec = pod.Spec ?? new V1PodSpec();
        Requests = PodRequests.Compute(spec, nonZero: false);
        var nonZero = PodRequests.Compute(spec, nonZero: true);
        NonZeroMilliCpu = nonZero.MilliCpu;
        NonZeroMemory = nonZero.Memory;
        HostPorts = HostPortsOf(spec);
        var podAffinity = spec.Affinity?.PodAffinity;
        var podAntiAffinity = spec.Affinity?.PodAntiAffinity;
        HasAffinity = podAffinity is not null || podAntiAffinity is not null;
        RequiredAffinityTerms = Terms(pod, podAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        RequiredAntiAffinityTerms = Terms(pod, podAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        PreferredAffinityTerms = Weighted(pod, podAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        PreferredAntiAffinityTerms = Weighted(pod, podAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        ClaimKeys = ClaimKeysOf(pod);
    }

    private PodInfo(PodInfo pod, string node)
    {
        Pod = pod.Pod;
        Key = pod.Key;
        Uid = pod.Uid;
        Labels = pod.Labels;
        Priority = pod.Priority;
        Requests = pod.Requests;
        NonZeroMilliCpu = pod.NonZeroMilliCpu;
        NonZeroMemory = pod.NonZeroMemory;
        HostPorts = pod.HostPorts;
        HasAffinity = pod.HasAffinity;
        RequiredAffinityTerms = pod.RequiredAffinityTerms;
        RequiredAntiAffinityTerms = pod.RequiredAntiAffinityTerms;
        PreferredAffinityTerms = pod.PreferredAffinityTerms;
        PreferredAntiAffinityTerms = pod.PreferredAntiAffinityTerms;
        ClaimKeys = pod.ClaimKeys;
        _assumedNode = node;
    }

    public V1Pod Pod { get; }

    /// <summary>namespace/name.</summary>
    public string Key { get; }

    public string Uid { get; }

    public string Namespace => Pod.Metadata.NamespaceProperty ?? "";

    public string Name => Pod.Metadata.Name;

    public IDictionary<string, string> Labels { get; }

    public int Priority { get; }

    /// <summary>The node the pod is bound to, or assumed on while its binding is in flight.</summary>
    public string? NodeName => _assumedNode ?? (string.IsNullOrEmpty(Pod.Spec?.NodeName) ? null : Pod.Spec.NodeName);

    public string? NominatedNodeName => string.IsNullOrEmpty(Pod.Status?.NominatedNodeName) ? null : Pod.Status.NominatedNodeName;

    /// <summary>Being deleted (a deletionTimestamp): still on its node, but not counted by topology spread.</summary>
    public bool IsTerminating => Pod.Metadata.DeletionTimestamp is not null;

    public ResourceSet Requests { get; }

    /// <summary>CPU request with 100m for containers that request none (scoring only).</summary>
    public long NonZeroMilliCpu { get; }

    /// <summary>Memory request with 200Mi for containers that request none (scoring only).</summary>
    public long NonZeroMemory { get; }

    public IReadOnlyList<HostPort> HostPorts { get; }

    /// <summary>The pod has pod affinity or anti-affinity of any kind.</summary>
    public bool HasAffinity { get; }

    public bool HasRequiredAntiAffinity => RequiredAntiAffinityTerms.Count > 0;

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; }

    /// <summary>namespace/name of every PersistentVolumeClaim the pod mounts (generic ephemeral volumes included).</summary>
    public IReadOnlyList<string> ClaimKeys { get; }

    /// <summary>The same pod assumed on <paramref name="node"/> while its binding is in flight (the API object is shared, not copied).</summary>
    public PodInfo AssumedOn(string node) => new(this, node);

    public override string ToString() => Key;

    // Most pods have no host ports, affinity terms or claims: those get a shared empty array, not a LINQ pipeline each.
    private static HostPort[] HostPortsOf(V1PodSpec spec)
    {
        List<HostPort>? ports = null;
        foreach (var container in spec.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    (ports ??= []).Add(HostPort.Of(port.HostIP, port.Protocol, port.HostPort.Value));
                }
            }
        }
        return ports is null ? [] : [.. ports];
    }

    // Loops rather than lambdas: a lambda capturing the pod costs its closure on every call, terms or not.
    private static string[] ClaimKeysOf(V1Pod pod)
    {
        List<string>? keys = null;
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (PodClaims.ClaimName(pod, volume) is { } claim)
            {
                (keys ??= []).Add(ObjectKey.Of(pod.Metadata.NamespaceProperty ?? "", claim));
            }
        }
        return keys is null ? [] : [.. keys];
    }

    private static AffinityTerm[] Terms(V1Pod pod, IList<V1PodAffinityTerm>? terms)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }
        var result = new AffinityTerm[terms.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new AffinityTerm(pod, terms[i]);
        }
        return result;
    }

    private static WeightedAffinityTerm[] Weighted(V1Pod pod, IList<V1WeightedPodAffinityTerm>? terms)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }
        var result = new WeightedAffinityTerm[terms.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new WeightedAffinityTerm(new AffinityTerm(pod, terms[i].PodAffinityTerm), terms[i].Weight);
        }
        return result;
    }
}
