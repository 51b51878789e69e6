using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// One node and the pods on it, bound and assumed, with their sums kept as pods come and go
/// (kube-scheduler's framework.NodeInfo): requested resources, the non-zero requests scoring uses,
/// host ports in use, claims mounted, images present, and the pods with (anti-)affinity that the
/// InterPodAffinity plugin must look at. A node that is gone but still has pods keeps a NodeInfo
/// without a <see cref="Node"/> until its pods are gone too.
/// </summary>
public sealed class NodeInfo
{
    private static readonly Dictionary<string, string> NoLabels = [];
    private static readonly IList<V1Taint> NoTaints = [];
    private static readonly Dictionary<string, long> NoImages = new(StringComparer.Ordinal);
    private static readonly List<PodInfo> NoPods = [];
    private static long _generations;
    private readonly Dictionary<string, List<PodInfo>> _byNamespace = new(StringComparer.Ordinal);

    // Topology spread counts the same selector on every node for every pod it places; a count stays
    // valid until this node's pods change, so a placement recounts one node, not all of them.
    private readonly Dictionary<(string Namespace, string Selector), int> _matching = [];

    public NodeInfo(V1Node? node = null)
    {
        if (node is not null)
        {
            SetNode(node);
        }
    }

    public V1Node? Node { get; private set; }

    public string Name { get; private set; } = "";

    public IDictionary<string, string> Labels { get; private set; } = NoLabels;

    public IList<V1Taint> Taints { get; private set; } = NoTaints;

    public bool Unschedulable { get; private set; }

    public List<PodInfo> Pods { get; } = [];

    public List<PodInfo> PodsWithAffinity { get; } = [];

    /// <summary>The pods of one namespace (topology spread counts only those, so it need not look at the others).</summary>
    public IReadOnlyList<PodInfo> PodsIn(string ns) => _byNamespace.TryGetValue(ns, out var pods) ? pods : NoPods;

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>How many pods of the namespace that are not terminating the selector matches (remembered until the node's pods change).</summary>
    public int CountMatching(string ns, LabelSelector selector)
    {
        if (_matching.TryGetValue((ns, selector.Key), out var remembered))
        {
            return remembered;
        }
        var count = 0;
        foreach (var pod in PodsIn(ns))
        {
            if (!pod.IsTerminating && selector.Matches(pod.Labels))
            {
                count++;
            }
        }
        _matching[(ns, selector.Key)] = count;
        return count;
    }

    /// <summary>Sum of the pods' requests (assumed pods included).</summary>
    public ResourceSet Requested { get; private set; } = new();

    /// <summary>Sum of the pods' CPU requests with 100m for containers without one.</summary>
    public long NonZeroMilliCpu { get; private set; }

    /// <summary>Sum of the pods' memory requests with 200Mi for containers without one.</summary>
    public long NonZeroMemory { get; private set; }

    public ResourceSet Allocatable { get; private set; } = new();

    /// <summary>
    /// Allocatable less requested, kept inline beside the node's other fields: NodeResourcesFit's
    /// filter reads it on hundreds of nodes per cycle, and two more objects per node cost a cache
    /// miss each.
    /// </summary>
    public NodeRoom Room { get; private set; }

    /// <summary>Allocatable CPU and memory, inline for the scores, which read them on every feasible node.</summary>
    public CpuAndMemory AllocatableCpuAndMemory { get; private set; }

    /// <summary>The pods' CPU and memory requests (assumed pods included), inline for the same reason.</summary>
    public CpuAndMemory RequestedCpuAndMemory { get; private set; }

    public HostPortSet UsedPorts { get; private set; } = new();

    /// <summary>Image names on the node (node.status.images) with their sizes in bytes.</summary>
    public IReadOnlyDictionary<string, long> Images { get; private set; } = NoImages;

    /// <summary>How many pods on the node mount each claim (namespace/name).</summary>
    public Dictionary<string, int> ClaimRefCounts { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Moves on at every change, so derived caches know when to recompute.</summary>
    public long Generation { get; private set; } = NextGeneration();

    public void SetNode(V1Node node)
    {
        Node = node;
        Name = node.Metadata.Name;
        Labels = node.Metadata.Labels ?? NoLabels;
        // Nodes without taints or images share one empty collection, which stays in the cache while a cycle reads
        // hundreds of nodes; a collection of each node's own costs a cache miss per node.
        Taints = node.Spec?.Taints is { Count: > 0 } taints ? taints : NoTaints;
        Unschedulable = node.Spec?.Unschedulable == true;
        Allocatable = ResourceSet.From(node.Status?.Allocatable);
        AllocatableCpuAndMemory = new CpuAndMemory(Allocatable.MilliCpu, Allocatable.Memory);
        Room = NodeRoom.Between(Allocatable, Requested, Pods.Count);
        Images = ImagesOf(node);
        Generation = NextGeneration();
    }

    private static IReadOnlyDictionary<string, long> ImagesOf(V1Node node)
    {
        if (node.Status?.Images is not { Count: > 0 } listed)
        {
            return NoImages;
        }
        var images = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in listed)
        {
            foreach (var name in image.Names ?? [])
            {
                images[name] = image.SizeBytes ?? 0;
            }
        }
        return images;
    }

    public void ClearNode()
    {
        Node = null;
        Generation = NextGeneration();
    }

    public void AddPod(PodInfo pod)
    {
        _matching.Clear();
        Pods.Add(pod);
        if (!_byNamespace.TryGetValue(pod.Namespace, out var inNamespace))
        {
            _byNamespace[pod.Namespace] = inNamespace = [];
        }
        inNamespace.Add(pod);
        if (pod.HasAffinity)
        {
            PodsWithAffinity.Add(pod);
        }
        if (pod.HasRequiredAntiAffinity)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }
        Account(pod, 1);
    }

    /// <summary>Removes the pod with this pod's UID; false when the node does not have it.</summary>
    public bool RemovePod(PodInfo pod)
    {
        var index = Pods.FindIndex(p => p.Uid == pod.Uid);
        if (index < 0)
        {
            return false;
        }
        _matching.Clear();
        var removed = Pods[index];
        Pods[index] = Pods[^1];
        Pods.RemoveAt(Pods.Count - 1);
        var inNamespace = _byNamespace[removed.Namespace];
        inNamespace.RemoveAt(inNamespace.FindIndex(p => p.Uid == pod.Uid));
        if (inNamespace.Count == 0)
        {
            _byNamespace.Remove(removed.Namespace);
        }
        if (removed.HasAffinity)
        {
            PodsWithAffinity.RemoveAll(p => p.Uid == pod.Uid);
        }
        if (removed.HasRequiredAntiAffinity)
        {
            PodsWithRequiredAntiAffinity.RemoveAll(p => p.Uid == pod.Uid);
        }
        Account(removed, -1);
        return true;
    }

    /// <summary>A copy whose pods can be added and removed (preemption's what-if, nominated pods) without touching this one.</summary>
    public NodeInfo Clone()
    {
        var copy = new NodeInfo
        {
            Node = Node,
            Name = Name,
            Labels = Labels,
            Taints = Taints,
            Unschedulable = Unschedulable,
            Requested = Requested.Clone(),
            NonZeroMilliCpu = NonZeroMilliCpu,
            NonZeroMemory = NonZeroMemory,
            Allocatable = Allocatable,
            AllocatableCpuAndMemory = AllocatableCpuAndMemory,
            RequestedCpuAndMemory = RequestedCpuAndMemory,
            Room = Room,
            UsedPorts = UsedPorts.Clone(),
            Images = Images,
            ClaimRefCounts = new Dictionary<string, int>(ClaimRefCounts, StringComparer.Ordinal),
            Generation = Generation,
        };
        copy.Pods.AddRange(Pods);
        foreach (var (ns, pods) in _byNamespace)
        {
            copy._byNamespace[ns] = [.. pods];
        }
        copy.PodsWithAffinity.AddRange(PodsWithAffinity);
        copy.PodsWithRequiredAntiAffinity.AddRange(PodsWithRequiredAntiAffinity);
        return copy;
    }

    public override string ToString() => Name;

    private void Account(PodInfo pod, int sign)
    {
        Requested.Add(pod.Requests, sign);
        RequestedCpuAndMemory = new CpuAndMemory(Requested.MilliCpu, Requested.Memory);
        Room = NodeRoom.Between(Allocatable, Requested, Pods.Count);
        NonZeroMilliCpu += sign * pod.NonZeroMilliCpu;
        NonZeroMemory += sign * pod.NonZeroMemory;
        foreach (var port in pod.HostPorts)
        {
            if (sign > 0)
            {
                UsedPorts.Add(port);
            }
            else
            {
                UsedPorts.Remove(port);
            }
        }
        foreach (var claim in pod.ClaimKeys)
        {
            var count = ClaimRefCounts.GetValueOrDefault(claim) + sign;
            if (count <= 0)
            {
                ClaimRefCounts.Remove(claim);
            }
            else
            {
                ClaimRefCounts[claim] = count;
            }
        }
        Generation = NextGeneration();
    }

    private static long NextGeneration() => Interlocked.Increment(ref _generations);
}
