using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// What scheduling reads about the cluster: nodes with the pods bound or assumed on them, and the
/// objects plugins consult (namespaces, volumes and claims, the workloads whose selectors default
/// topology spreading, disruption budgets), plus pods nominated to nodes by preemption. The
/// scheduler's cache keeps one up to date from its informers; <c>berth plan</c> builds one from
/// lists. Not thread-safe: its owner serializes changes and scheduling cycles.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly NodeTree _tree = new();
    private readonly Dictionary<string, PodInfo> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _imageNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nominatedNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PodInfo>> _nominatedByNode = new(StringComparer.Ordinal);

    // Typed as the interface: `? pods : []` would take List's type and allocate a list for every node filtered.
    private static readonly IReadOnlyList<PodInfo> NoPods = [];
    private List<NodeInfo>? _list;
    private List<NodeInfo>? _withAffinity;
    private List<NodeInfo>? _withRequiredAntiAffinity;

    public int NodeCount => _tree.Count;

    /// <summary>The nodes that exist, in the order filtering examines them (one zone after another).</summary>
    public IReadOnlyList<NodeInfo> Nodes => _list ??= [.. _tree.List().Select(name => _nodes[name])];

    /// <summary>
    /// The nodes holding a pod with pod affinity or anti-affinity (kube's havePodsWithAffinityNodeInfoList):
    /// what InterPodAffinity reads for a pod without terms of its own, instead of every node.
    /// </summary>
    public IReadOnlyList<NodeInfo> NodesWithPodsWithAffinity => _withAffinity ??= [.. Nodes.Where(n => n.PodsWithAffinity.Count > 0)];

    /// <summary>The nodes holding a pod with required anti-affinity (kube's havePodsWithRequiredAntiAffinityNodeInfoList).</summary>
    public IReadOnlyList<NodeInfo> NodesWithPodsWithRequiredAntiAffinity => _withRequiredAntiAffinity ??= [.. Nodes.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0)];

    public Dictionary<string, V1PersistentVolume> PersistentVolumes { get; } = new(StringComparer.Ordinal);

    /// <summary>Claims by namespace/name.</summary>
    public Dictionary<string, V1PersistentVolumeClaim> Claims { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1StorageClass> StorageClasses { get; } = new(StringComparer.Ordinal);

    /// <summary>Services, ReplicaSets, StatefulSets and ReplicationControllers whose selectors spread pods by default.</summary>
    public WorkloadSelectors Workloads { get; } = new();

    /// <summary>PodDisruptionBudgets by namespace/name, which preemption tries not to violate.</summary>
    public Dictionary<string, V1PodDisruptionBudget> DisruptionBudgets { get; } = new(StringComparer.Ordinal);

    /// <summary>The node with this name, or null when it does not exist.</summary>
    public NodeInfo? Get(string name) => _nodes.TryGetValue(name, out var info) && info.Node is not null ? info : null;

    /// <summary>A bound or assumed pod by UID.</summary>
    public PodInfo? Pod(string uid) => _pods.GetValueOrDefault(uid);

    public IEnumerable<PodInfo> Pods => _pods.Values;

    /// <summary>How many nodes hold an image of this name (ImageLocality spreads its score by it).</summary>
    public int NodesWithImage(string image) => _imageNodes.GetValueOrDefault(image);

    /// <summary>A namespace's labels; null when the namespace is unknown.</summary>
    public IDictionary<string, string>? NamespaceLabels(string ns) => _namespaces.GetValueOrDefault(ns);

    public void UpsertNode(V1Node node)
    {
        var name = node.Metadata.Name;
        if (_nodes.TryGetValue(name, out var info))
        {
            CountImages(info, -1);
            info.SetNode(node);
        }
        else
        {
            _nodes[name] = info = new NodeInfo(node);
        }
        CountImages(info, 1);
        if (_tree.Upsert(node))
        {
            NodesChanged();
        }
    }

    public void RemoveNode(string name)
    {
        if (!_nodes.TryGetValue(name, out var info) || info.Node is null)
        {
            return;
        }
        CountImages(info, -1);
        _tree.Remove(name);
        NodesChanged();
        if (info.Pods.Count == 0)
        {
            _nodes.Remove(name);
        }
        else
        {
            // Pods still bound to it keep their NodeInfo until they are gone (kube's "ghost" node).
            info.ClearNode();
        }
    }

    /// <summary>Adds a pod bound (or assumed) to <see cref="PodInfo.NodeName"/>; replaces the pod with the same UID.</summary>
    public void AddPod(PodInfo pod)
    {
        if (pod.NodeName is not { } nodeName)
        {
            throw new ArgumentException($"pod {pod.Key} is not bound to a node", nameof(pod));
        }
        RemovePod(pod.Uid);
        if (!_nodes.TryGetValue(nodeName, out var info))
        {
            _nodes[nodeName] = info = new NodeInfo();
        }
        info.AddPod(pod);
        _pods[pod.Uid] = pod;
        AffinityChanged(pod);
    }

    /// <summary>Removes the pod with this UID from its node; the removed pod, or null.</summary>
    public PodInfo? RemovePod(string uid)
    {
        if (!_pods.Remove(uid, out var pod))
        {
            return null;
        }
        if (_nodes.TryGetValue(pod.NodeName!, out var info))
        {
            info.RemovePod(pod);
            if (info.Node is null && info.Pods.Count == 0)
            {
                _nodes.Remove(pod.NodeName!);
            }
        }
        AffinityChanged(pod);
        return pod;
    }

    public void UpsertNamespace(V1Namespace ns) => _namespaces[ns.Metadata.Name] = ns.Metadata.Labels ?? new Dictionary<string, string>();

    public void RemoveNamespace(string name) => _namespaces.Remove(name);

    /// <summary>Records that <paramref name="pod"/> waits for room on <paramref name="node"/> (its nominatedNodeName); null clears it.</summary>
    public void Nominate(PodInfo pod, string? node)
    {
        if (_nominatedNode.Remove(pod.Uid, out var previous))
        {
            var onNode = _nominatedByNode[previous];
            onNode.RemoveAll(p => p.Uid == pod.Uid);
            if (onNode.Count == 0)
            {
                _nominatedByNode.Remove(previous);
            }
        }
        if (string.IsNullOrEmpty(node))
        {
            return;
        }
        _nominatedNode[pod.Uid] = node;
        if (!_nominatedByNode.TryGetValue(node, out var list))
        {
            _nominatedByNode[node] = list = [];
        }
        list.Add(pod);
    }

    /// <summary>The node a pod is nominated to, or null.</summary>
    public string? NominatedNode(string uid) => _nominatedNode.GetValueOrDefault(uid);

    /// <summary>Pods waiting for room on this node after a preemption.</summary>
    /// <remarks>Asked for every node filtered: without nominations (the usual case) it answers without hashing the name.</remarks>
    public IReadOnlyList<PodInfo> NominatedPods(string node) =>
        _nominatedByNode.Count > 0 && _nominatedByNode.TryGetValue(node, out var pods) ? pods : NoPods;

    private void NodesChanged()
    {
        _list = null;
        _withAffinity = null;
        _withRequiredAntiAffinity = null;
    }

    /// <summary>A pod with affinity came or went: the node lists that follow such pods are rebuilt when next read.</summary>
    private void AffinityChanged(PodInfo pod)
    {
        if (pod.HasAffinity)
        {
            _withAffinity = null;
        }
        if (pod.HasRequiredAntiAffinity)
        {
            _withRequiredAntiAffinity = null;
        }
    }

    private void CountImages(NodeInfo info, int sign)
    {
        foreach (var image in info.Images.Keys)
        {
            var count = _imageNodes.GetValueOrDefault(image) + sign;
            if (count <= 0)
            {
                _imageNodes.Remove(image);
            }
            else
            {
                _imageNodes[image] = count;
            }
        }
    }
}
