using k8s.Models;

/// <summary>The nodes and pods the scheduler benches place: shaped alike through the API server (run) and in process (cycle).</summary>
internal static class BenchObjects
{
    public static V1Node Node(string name, string zone)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("32"), ["memory"] = new("128Gi"), ["pods"] = new("110") };
        return new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = zone, ["kubernetes.io/os"] = "linux" },
            },
            Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = resources,
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }],
            },
        };
    }

    public static V1Pod Pod(string ns, string name, bool spread)
    {
        var labels = new Dictionary<string, string> { ["app"] = spread ? "spread" : "plain" };
        var selector = new V1LabelSelector { MatchLabels = labels };
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container
                {
                    Name = "c",
                    Image = "busybox",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") } },
                }],
                TopologySpreadConstraints = spread
                    ?
                    [
                        new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = selector },
                        new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "kubernetes.io/hostname", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = selector },
                    ]
                    : null,
            },
        };
    }
}
