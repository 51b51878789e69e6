using k8s.Models;

namespace Berth.Testing.Simulation;

/// <summary>The pod status a kubelet reports for each <see cref="PodOutcome"/>.</summary>
internal static class SimulatedPodStatus
{
    public static V1PodStatus For(V1Pod pod, PodOutcome outcome, string hostIp, string podIp, DateTime now)
    {
        var (phase, ready, state) = outcome switch
        {
            PodOutcome.Succeed => ("Succeeded", false, new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = now, FinishedAt = now } }),
            PodOutcome.Fail f => ("Failed", false, new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = f.ExitCode, Reason = "Error", StartedAt = now, FinishedAt = now } }),
            PodOutcome.Run r => ("Running", r.Ready, new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
        };
        var finished = phase != "Running";
        return new V1PodStatus
        {
            Phase = phase,
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = now,
            QosClass = pod.Status?.QosClass,
            Conditions =
            [
                Condition("PodReadyToStartContainers", !finished, now),
                Condition("Initialized", true, now),
                Condition("Ready", ready, now, finished ? "PodCompleted" : ready ? null : "ContainersNotReady"),
                Condition("ContainersReady", ready, now, finished ? "PodCompleted" : ready ? null : "ContainersNotReady"),
                Condition("PodScheduled", true, now),
            ],
            ContainerStatuses = pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = $"sim://{c.Image}",
                ContainerID = $"sim://{pod.Metadata.Uid}/{c.Name}",
                Ready = ready,
                Started = !finished,
                RestartCount = 0,
                State = state,
            }).ToList(),
        };
    }

    private static V1PodCondition Condition(string type, bool status, DateTime now, string? reason = null) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = status ? null : reason,
        LastTransitionTime = now,
    };
}
