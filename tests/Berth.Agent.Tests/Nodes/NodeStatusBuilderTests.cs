using Berth.Agent.Nodes;
using k8s.Models;

namespace Berth.Agent.Tests.Nodes;

public class NodeStatusBuilderTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly HostFacts Facts = new()
    {
        Cpus = 2,
        MemoryBytes = 8L << 30,
        StorageBytes = 100L << 30,
        KernelVersion = "6.1.0",
        OsImage = "Debian GNU/Linux 12 (bookworm)",
        Architecture = "amd64",
        MachineId = "m1",
        SystemUuid = "u1",
        BootId = "b1",
        Hostname = "host1",
        InternalIp = "192.0.2.10",
    };

    private static readonly AgentOptions Options = new() { NodeName = "node1", DataDir = "/tmp/x", RuntimeVersion = "berth://1.2.3" };

    private static NodeStatusInputs Inputs(DateTime now, HostPressure? pressure = null, string? notReady = null) =>
        new(pressure ?? new HostPressure(1L << 30, 0.5, 0.9), [], 10250, notReady, now);

    [Fact]
    public void NewNode_ReportsTheMachine_AsKubeletDoes()
    {
        var node = new NodeStatusBuilder(Options with { Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "true" } }, Facts)
            .NewNode(Inputs(T0));

        Assert.Equal("node1", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("amd64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal("true", node.Metadata.Labels["node-role.kubernetes.io/control-plane"]);
        var status = node.Status;
        Assert.Equal("2", status.Capacity["cpu"].ToString());
        Assert.Equal(8m * (1L << 30), status.Capacity["memory"].ToDecimal());
        Assert.Equal("110", status.Capacity["pods"].ToString());
        Assert.Equal(8388608m * 1024 - (100 << 20), status.Allocatable["memory"].ToDecimal());
        Assert.Equal("berth://1.2.3", status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal("v1.32.0", status.NodeInfo.KubeletVersion);
        Assert.Equal("6.1.0", status.NodeInfo.KernelVersion);
        Assert.Contains(status.Addresses, a => a.Type == "InternalIP" && a.Address == "192.0.2.10");
        Assert.Equal(10250, status.DaemonEndpoints.KubeletEndpoint.Port);
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], status.Conditions.Select(c => c.Type));
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void Status_PressureFlips_MovesOnlyThatTransitionTime()
    {
        var builder = new NodeStatusBuilder(Options, Facts);
        var first = builder.Status(Inputs(T0), null);

        var second = builder.Status(Inputs(T0.AddMinutes(1), new HostPressure(1L << 20, 0.5, 0.9)), first);

        var memory = second.Conditions.Single(c => c.Type == "MemoryPressure");
        Assert.Equal(("True", "KubeletHasInsufficientMemory"), (memory.Status, memory.Reason));
        Assert.Equal(T0.AddMinutes(1), memory.LastTransitionTime);
        var disk = second.Conditions.Single(c => c.Type == "DiskPressure");
        Assert.Equal(T0, disk.LastTransitionTime);
        Assert.Equal(T0.AddMinutes(1), disk.LastHeartbeatTime);
    }

    [Fact]
    public void Status_NotReady_SaysWhy()
    {
        var status = new NodeStatusBuilder(Options, Facts).Status(Inputs(T0, notReady: "container runtime network not ready"), null);

        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "KubeletNotReady", "container runtime network not ready"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void Changed_OnlyHeartbeatsMoved_IsFalse_ButAnImageIsNot()
    {
        var builder = new NodeStatusBuilder(Options, Facts);
        var first = builder.Status(Inputs(T0), null);

        var later = builder.Status(Inputs(T0.AddSeconds(10)), first);
        var withImage = builder.Status(Inputs(T0.AddSeconds(20)) with { Images = [new V1ContainerImage { Names = ["a:1"], SizeBytes = 5 }] }, first);

        Assert.False(NodeStatusBuilder.Changed(first, later));
        Assert.True(NodeStatusBuilder.Changed(first, withImage));
    }

    [Fact]
    public void Status_Images_LargestFirstUpToFifty()
    {
        var images = Enumerable.Range(1, 60).Select(i => new V1ContainerImage { Names = [$"img{i}:1"], SizeBytes = i }).ToList();

        var status = new NodeStatusBuilder(Options, Facts).Status(Inputs(T0) with { Images = images }, null);

        Assert.Equal(50, status.Images.Count);
        Assert.Equal(60, status.Images[0].SizeBytes);
    }
}
