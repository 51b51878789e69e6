using System.Text.Json;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Agent.Nodes;

/// <summary>
/// The Node a kubelet registers and the status it reports: labels, capacity and allocatable,
/// addresses, nodeInfo, conditions with kubelet's reasons and messages, images and the endpoint of
/// its streaming server. Pure: the caller samples the machine.
/// </summary>
public sealed class NodeStatusBuilder(AgentOptions options, HostFacts facts)
{
    /// <summary>kubelet reports at most this many images, the largest first (--node-status-max-images).</summary>
    public const int MaxImages = 50;

    public V1Node NewNode(NodeStatusInputs inputs) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = options.NodeName, Labels = Labels() },
        Spec = new V1NodeSpec(),
        Status = Status(inputs, previous: null),
    };

    /// <summary>The well-known labels a kubelet sets, then the configured ones.</summary>
    public Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = facts.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = facts.Architecture,
            ["node.kubernetes.io/instance-type"] = "berth",
        };
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }
        return labels;
    }

    /// <summary>What the machine has: its CPUs, memory, the data dir's disk, the pods it takes.</summary>
    public Dictionary<string, ResourceQuantity> Capacity() => new()
    {
        ["cpu"] = new(facts.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["memory"] = new($"{facts.MemoryBytes / 1024}Ki"),
        ["ephemeral-storage"] = new($"{facts.StorageBytes / 1024}Ki"),
        ["pods"] = new(options.MaxPods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["hugepages-1Gi"] = new("0"),
        ["hugepages-2Mi"] = new("0"),
    };

    /// <summary>What pods may use: the capacity less what the node keeps for itself.</summary>
    public Dictionary<string, ResourceQuantity> Allocatable() => options.Reserve.Allocatable(Capacity());

    public V1NodeStatus Status(NodeStatusInputs inputs, V1NodeStatus? previous)
    {
        var conditions = previous?.Conditions ?? [];
        var pressure = inputs.Pressure;
        return new V1NodeStatus
        {
            Capacity = Capacity(),
            Allocatable = Allocatable(),
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = facts.InternalIp },
                new V1NodeAddress { Type = "Hostname", Address = facts.Hostname },
            ],
            Conditions =
            [
                NodeConditions.Next(conditions, "MemoryPressure", pressure.Memory,
                    pressure.Memory ? ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available") : ("KubeletHasSufficientMemory", "kubelet has sufficient memory available"), inputs.Now),
                NodeConditions.Next(conditions, "DiskPressure", pressure.Disk,
                    pressure.Disk ? ("KubeletHasDiskPressure", "kubelet has disk pressure") : ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"), inputs.Now),
                NodeConditions.Next(conditions, "PIDPressure", pressure.Pids,
                    pressure.Pids ? ("KubeletHasInsufficientPID", "kubelet has insufficient PID available") : ("KubeletHasSufficientPID", "kubelet has sufficient PID available"), inputs.Now),
                NodeConditions.Next(conditions, "Ready", inputs.NotReadyReason is null,
                    inputs.NotReadyReason is { } why ? ("KubeletNotReady", why) : ("KubeletReady", "kubelet is posting ready status"), inputs.Now),
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = inputs.StreamingPort } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = facts.MachineId,
                SystemUUID = facts.SystemUuid,
                BootID = facts.BootId,
                KernelVersion = facts.KernelVersion,
                OsImage = facts.OsImage,
                OperatingSystem = "linux",
                Architecture = facts.Architecture,
                ContainerRuntimeVersion = options.RuntimeVersion,
                KubeletVersion = AgentOptions.KubeletVersion,
                KubeProxyVersion = AgentOptions.KubeletVersion,
            },
            Images = inputs.Images.OrderByDescending(i => i.SizeBytes).Take(MaxImages).ToList(),
        };
    }

    /// <summary>Whether two statuses differ in more than their heartbeat times (kubelet's nodeStatusHasChanged).</summary>
    public static bool Changed(V1NodeStatus? before, V1NodeStatus after) =>
        before is null || Comparable(before) != Comparable(after);

    private static string Comparable(V1NodeStatus status)
    {
        var copy = ModelCopy.Clone(status, ModelJsonContext.Default.V1NodeStatus);
        foreach (var condition in copy.Conditions ?? [])
        {
            condition.LastHeartbeatTime = null;
        }
        return JsonSerializer.Serialize(copy, ModelJsonContext.Default.V1NodeStatus);
    }
}
