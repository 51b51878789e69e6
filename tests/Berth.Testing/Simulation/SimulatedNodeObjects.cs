using k8s.Models;

namespace Berth.Testing.Simulation;

/// <summary>The Node and Lease objects a kubelet registers, for a simulated node.</summary>
internal static class SimulatedNodeObjects
{
    /// <summary>A node's InternalIP: 10.200.x.y by its index.</summary>
    public static string Address(int index) => $"10.200.{(index >> 8) & 255}.{index & 255}";

    public static V1Node Node(SimulatedNodeSpec spec, int index, DateTime now)
    {
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(spec.Cpu),
            ["memory"] = new(spec.Memory),
            ["pods"] = new(spec.Pods),
            ["ephemeral-storage"] = new("100Gi"),
        };
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = spec.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        foreach (var (key, value) in spec.Labels)
        {
            labels[key] = value;
        }
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = spec.Name, Labels = labels },
            Spec = new V1NodeSpec { Taints = spec.Taints.Count == 0 ? null : [.. spec.Taints], Unschedulable = spec.Unschedulable ? true : null },
            Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = new Dictionary<string, ResourceQuantity>(resources),
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = Address(index) }, new V1NodeAddress { Type = "Hostname", Address = spec.Name }],
                Conditions =
                [
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    OsImage = "Simulated",
                    KernelVersion = "simulated",
                    KubeletVersion = "v1.32.0",
                    KubeProxyVersion = "v1.32.0",
                    ContainerRuntimeVersion = "simulated://1.0",
                    MachineID = spec.Name,
                    SystemUUID = spec.Name,
                    BootID = spec.Name,
                },
            },
        };
    }

    public static V1Lease Lease(V1Node node, TimeSpan renewal, DateTime now) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = node.Metadata.Name,
            NamespaceProperty = "kube-node-lease",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid }],
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = node.Metadata.Name,
            LeaseDurationSeconds = (int)(renewal.TotalSeconds * 4),
            RenewTime = now,
        },
    };

    private static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastHeartbeatTime = now,
        LastTransitionTime = now,
    };
}
