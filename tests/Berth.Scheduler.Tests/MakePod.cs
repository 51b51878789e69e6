using k8s.Models;

namespace Berth.Scheduler.Tests;

/// <summary>A pod under construction for table tests (after kube's st.MakePod()).</summary>
public sealed class MakePod
{
    private static int _uids;
    private readonly V1Pod _pod;

    public MakePod(string name = "p", string ns = "default")
    {
        _pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = $"uid-{name}-{Interlocked.Increment(ref _uids)}", Labels = new Dictionary<string, string>() },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }], SchedulerName = "default-scheduler" },
            Status = new V1PodStatus(),
        };
    }

    public MakePod Label(string key, string value)
    {
        _pod.Metadata.Labels[key] = value;
        return this;
    }

    public MakePod Node(string node)
    {
        _pod.Spec.NodeName = node;
        return this;
    }

    public MakePod Priority(int priority)
    {
        _pod.Spec.Priority = priority;
        return this;
    }

    /// <summary>Requests on the (first) container: "cpu=500m,memory=1Gi".</summary>
    public MakePod Req(string requests)
    {
        _pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Requests = Parse(requests) };
        return this;
    }

    public MakePod Container(string requests, string image = "busybox")
    {
        _pod.Spec.Containers.Add(new V1Container { Name = $"c{_pod.Spec.Containers.Count}", Image = image, Resources = new V1ResourceRequirements { Requests = Parse(requests) } });
        return this;
    }

    public MakePod Init(string requests, bool sidecar = false)
    {
        _pod.Spec.InitContainers ??= [];
        _pod.Spec.InitContainers.Add(new V1Container
        {
            Name = $"i{_pod.Spec.InitContainers.Count}",
            Image = "busybox",
            RestartPolicy = sidecar ? "Always" : null,
            Resources = new V1ResourceRequirements { Requests = Parse(requests) },
        });
        return this;
    }

    public MakePod Overhead(string overhead)
    {
        _pod.Spec.Overhead = Parse(overhead);
        return this;
    }

    public MakePod Image(string image)
    {
        _pod.Spec.Containers[0].Image = image;
        return this;
    }

    public MakePod HostPort(int port, string protocol = "TCP", string? ip = null)
    {
        _pod.Spec.Containers[0].Ports ??= [];
        _pod.Spec.Containers[0].Ports.Add(new V1ContainerPort { ContainerPort = port, HostPort = port, Protocol = protocol, HostIP = ip });
        return this;
    }

    public MakePod Toleration(string key, string op = "Exists", string? value = null, string? effect = null)
    {
        _pod.Spec.Tolerations ??= [];
        _pod.Spec.Tolerations.Add(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect });
        return this;
    }

    public MakePod NodeSelector(string key, string value)
    {
        _pod.Spec.NodeSelector ??= new Dictionary<string, string>();
        _pod.Spec.NodeSelector[key] = value;
        return this;
    }

    public MakePod NodeAffinityIn(string key, params string[] values)
    {
        Affinity().NodeAffinity ??= new V1NodeAffinity();
        var node = Affinity().NodeAffinity;
        node.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        node.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Add(new V1NodeSelectorTerm
        {
            MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = "In", Values = values }],
        });
        return this;
    }

    public MakePod NodeNameAffinity(params string[] names)
    {
        Affinity().NodeAffinity ??= new V1NodeAffinity();
        Affinity().NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = names }] }],
        };
        return this;
    }

    public MakePod PreferredNodeAffinity(int weight, string key, params string[] values)
    {
        Affinity().NodeAffinity ??= new V1NodeAffinity();
        var node = Affinity().NodeAffinity;
        node.PreferredDuringSchedulingIgnoredDuringExecution ??= [];
        node.PreferredDuringSchedulingIgnoredDuringExecution.Add(new V1PreferredSchedulingTerm
        {
            Weight = weight,
            Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = "In", Values = values }] },
        });
        return this;
    }

    /// <summary>Required pod affinity to pods with label <paramref name="label"/>=<paramref name="value"/> in the same <paramref name="topologyKey"/> domain.</summary>
    public MakePod PodAffinity(string topologyKey, string label, string value, string[]? namespaces = null, V1LabelSelector? namespaceSelector = null)
    {
        Affinity().PodAffinity ??= new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [] };
        Affinity().PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= [];
        Affinity().PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(Term(topologyKey, label, value, namespaces, namespaceSelector));
        return this;
    }

    public MakePod PodAntiAffinity(string topologyKey, string label, string value, string[]? namespaces = null, V1LabelSelector? namespaceSelector = null)
    {
        Affinity().PodAntiAffinity ??= new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [] };
        Affinity().PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= [];
        Affinity().PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(Term(topologyKey, label, value, namespaces, namespaceSelector));
        return this;
    }

    public MakePod PreferredPodAffinity(int weight, string topologyKey, string label, string value)
    {
        Affinity().PodAffinity ??= new V1PodAffinity();
        Affinity().PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= [];
        Affinity().PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Add(new V1WeightedPodAffinityTerm { Weight = weight, PodAffinityTerm = Term(topologyKey, label, value, null, null) });
        return this;
    }

    public MakePod PreferredPodAntiAffinity(int weight, string topologyKey, string label, string value)
    {
        Affinity().PodAntiAffinity ??= new V1PodAntiAffinity();
        Affinity().PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= [];
        Affinity().PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Add(new V1WeightedPodAffinityTerm { Weight = weight, PodAffinityTerm = Term(topologyKey, label, value, null, null) });
        return this;
    }

    /// <summary>A topology spread constraint over pods labelled <paramref name="label"/>=<paramref name="value"/>.</summary>
    public MakePod Spread(int maxSkew, string topologyKey, string whenUnsatisfiable, string label, string value, int? minDomains = null, string? nodeAffinityPolicy = null, string? nodeTaintsPolicy = null, string[]? matchLabelKeys = null)
    {
        _pod.Spec.TopologySpreadConstraints ??= [];
        _pod.Spec.TopologySpreadConstraints.Add(new V1TopologySpreadConstraint
        {
            MaxSkew = maxSkew,
            TopologyKey = topologyKey,
            WhenUnsatisfiable = whenUnsatisfiable,
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [label] = value } },
            MinDomains = minDomains,
            NodeAffinityPolicy = nodeAffinityPolicy,
            NodeTaintsPolicy = nodeTaintsPolicy,
            MatchLabelKeys = matchLabelKeys,
        });
        return this;
    }

    public MakePod Claim(string claim)
    {
        _pod.Spec.Volumes ??= [];
        _pod.Spec.Volumes.Add(new V1Volume { Name = claim, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } });
        return this;
    }

    public MakePod NominatedNode(string node)
    {
        _pod.Status.NominatedNodeName = node;
        return this;
    }

    public MakePod Terminating()
    {
        _pod.Metadata.DeletionTimestamp = DateTime.UtcNow;
        return this;
    }

    public MakePod StartTime(DateTime time)
    {
        _pod.Status.StartTime = time;
        return this;
    }

    public MakePod PreemptNever()
    {
        _pod.Spec.PreemptionPolicy = "Never";
        return this;
    }

    public MakePod OwnedBy(string kind, string name, string apiVersion = "apps/v1")
    {
        _pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = $"{name}-uid", Controller = true }];
        return this;
    }

    public V1Pod Obj() => _pod;

    public global::Berth.Scheduler.Framework.PodInfo Info() => new(_pod);

    internal static Dictionary<string, ResourceQuantity> Parse(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => new ResourceQuantity(p[1]));

    private V1Affinity Affinity() => _pod.Spec.Affinity ??= new V1Affinity();

    private static V1PodAffinityTerm Term(string topologyKey, string label, string value, string[]? namespaces, V1LabelSelector? namespaceSelector) => new()
    {
        TopologyKey = topologyKey,
        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [label] = value } },
        Namespaces = namespaces,
        NamespaceSelector = namespaceSelector,
    };
}
