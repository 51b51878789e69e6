using Berth.Agent.Nodes;
using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class PodAdmissionTests
{
    private const long Plenty = 8L << 30;
    private const long Low = 10L << 20;

    public static TheoryData<long, double, double, string, int?, string?> Cases => new()
    {
        // memory available, disk available, pids available, QoS class, priority: the refusal
        { Plenty, 0.5, 0.5, "BestEffort", null, null },
        { Plenty, 0.05, 0.5, "Burstable", null, "The node had condition: [DiskPressure]. " },
        { Plenty, 0.05, 0.5, "BestEffort", null, "The node had condition: [DiskPressure]. " },
        { Plenty, 0.5, 0.01, "Guaranteed", null, "The node had condition: [PIDPressure]. " },
        { Low, 0.5, 0.5, "BestEffort", null, "The node had condition: [MemoryPressure]. " },
        { Low, 0.5, 0.5, "Burstable", null, null },
        { Low, 0.05, 0.5, "Guaranteed", null, "The node had condition: [MemoryPressure DiskPressure]. " },
        { Plenty, 0.05, 0.5, "Burstable", 2_000_000_000, null },
        { Plenty, 0.05, 0.5, "Burstable", 1_999_999_999, "The node had condition: [DiskPressure]. " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refusal_FollowsKubeletsEvictionAdmission(long memory, double disk, double pids, string qos, int? priority, string? refusal)
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Priority = priority }, Status = new V1PodStatus { QosClass = qos } };

        Assert.Equal(refusal, PodAdmission.Refusal(pod, new HostPressure(memory, disk, pids)));
    }

    [Fact]
    public void Refusal_SamplesThePressureWhenAsked()
    {
        var pressure = new HostPressure(Plenty, 0.5, 0.5);
        var admission = new PodAdmission(() => pressure);
        var pod = new V1Pod { Spec = new V1PodSpec(), Status = new V1PodStatus { QosClass = "Burstable" } };

        Assert.Null(admission.Refusal(pod));
        pressure = new HostPressure(Plenty, 0.01, 0.5);
        Assert.Equal("The node had condition: [DiskPressure]. ", admission.Refusal(pod));
    }

    [Fact]
    public void RejectedStatus_IsKubeletsRejectPod_KeepingQosAndScheduling()
    {
        var scheduled = new V1PodCondition { Type = "PodScheduled", Status = "True" };
        var pod = new V1Pod
        {
            Spec = new V1PodSpec(),
            Status = new V1PodStatus { Phase = "Pending", QosClass = "BestEffort", Conditions = [scheduled, new V1PodCondition { Type = "Ready", Status = "False" }] },
        };

        var status = PodAdmission.RejectedStatus(pod, "The node had condition: [DiskPressure]. ");

        Assert.Equal(("Failed", "Evicted", "Pod was rejected: The node had condition: [DiskPressure]. ", "BestEffort"),
            (status.Phase, status.Reason, status.Message, status.QosClass));
        Assert.Equal([scheduled], status.Conditions);
    }
}
