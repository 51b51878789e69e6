using Berth.Engine.Containers;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A pod's status as the kubelet reports it (its generateAPIPodStatus): phase by kube's getPhase,
/// the conditions with their reasons, addresses, and per container its state, last state, restart
/// count and readiness. Pure: conditions keep their transition time while their status holds.
/// </summary>
public static class PodStatusBuilder
{
    public static V1PodStatus Build(V1Pod pod, PodStatusInputs inputs)
    {
        var previous = pod.Status;
        var inits = PodContainerKinds.InitContainers(pod).ToList();
        // kubelet's default state: a pod with init containers is PodInitializing until a container runs.
        var creating = new ContainerWaiting(inits.Count > 0 ? "PodInitializing" : "ContainerCreating");
        var statuses = pod.Spec.Containers.Select(c => StatusOf(pod, c, pod.Spec.RestartPolicy, creating, inputs)).ToList();
        // Sidecars stay stopped once every app container has finished for good.
        var appsDone = statuses.All(s => s.State.Terminated is not null);
        var initStatuses = inits.Select(c => InitStatusOf(pod, c, appsDone ? "Never" : PodContainerKinds.InitRestartPolicy(pod, c), creating, inputs)).ToList();
        var ephemeralStatuses = PodContainerKinds.EphemeralContainers(pod).Select(c => EphemeralStatusOf(pod, c, inputs)).ToList();
        var phase = previous?.Phase is "Succeeded" or "Failed" ? previous.Phase : Phase(pod, initStatuses, statuses);
        var terminal = phase is "Succeeded" or "Failed";
        var sidecars = inits.Where(PodContainerKinds.IsSidecar).Select(c => initStatuses.First(s => s.Name == c.Name));
        var unready = sidecars.Concat(statuses).Where(s => s.Ready != true).Select(s => s.Name).ToList();
        var ready = unready.Count == 0 && !terminal;
        var readyReason = terminal ? "PodCompleted" : "ContainersNotReady";
        var readyMessage = terminal ? null : $"containers with unready status: [{string.Join(' ', unready)}]";
        var incomplete = Incomplete(inits, initStatuses, statuses);
        var initialized = incomplete.Count == 0;
        var now = Truncate(inputs.Now);
        return new V1PodStatus
        {
            Phase = phase,
            Conditions =
            [
                Condition(previous, "PodReadyToStartContainers", inputs.PodIp is not null && !terminal, null, null, now),
                Condition(previous, "Initialized", initialized, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incomplete)}]", now),
                Condition(previous, "Ready", ready, readyReason, readyMessage, now),
                Condition(previous, "ContainersReady", ready, readyReason, readyMessage, now),
                previous?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") ?? Condition(null, "PodScheduled", true, null, null, now),
            ],
            HostIP = inputs.HostIp,
            HostIPs = [new V1HostIP { Ip = inputs.HostIp }],
            PodIP = inputs.PodIp ?? previous?.PodIP,
            PodIPs = (inputs.PodIp ?? previous?.PodIP) is { } ip ? [new V1PodIP { Ip = ip }] : null,
            StartTime = previous?.StartTime ?? now,
            QosClass = previous?.QosClass ?? QosClass(pod),
            InitContainerStatuses = initStatuses.Count > 0 ? initStatuses : null,
            ContainerStatuses = statuses,
            EphemeralContainerStatuses = ephemeralStatuses.Count > 0 ? ephemeralStatuses : null,
        };
    }

    /// <summary>
    /// kube's GeneratePodInitializedCondition: the init containers not yet done (a regular one until it
    /// exited 0, a sidecar until it has started); none once an app container has run.
    /// </summary>
    private static List<string> Incomplete(List<V1Container> inits, List<V1ContainerStatus> initStatuses, List<V1ContainerStatus> statuses)
    {
        if (statuses.Any(s => s.State.Waiting is null || s.LastState?.Terminated is not null))
        {
            return [];
        }
        return [.. inits.Zip(initStatuses).Where(p => PodContainerKinds.IsSidecar(p.First)
            ? p.Second.Started != true
            : p.Second.State.Terminated?.ExitCode != 0).Select(p => p.First.Name)];
    }

    /// <summary>An init container's status: a regular one is ready once it exited 0 and started while it runs; a sidecar like an app container.</summary>
    private static V1ContainerStatus InitStatusOf(V1Pod pod, V1Container container, string restartPolicy, ContainerWaiting creating, PodStatusInputs inputs)
    {
        var status = StatusOf(pod, container, restartPolicy, creating, inputs);
        if (!PodContainerKinds.IsSidecar(container))
        {
            status.Ready = status.State.Terminated?.ExitCode == 0;
            status.Started = status.State.Running is not null;
        }
        return status;
    }

    /// <summary>An ephemeral container's status: it runs once and is never ready (nothing probes it, no traffic waits on it).</summary>
    private static V1ContainerStatus EphemeralStatusOf(V1Pod pod, V1Container container, PodStatusInputs inputs)
    {
        var status = StatusOf(pod, container, "Never", new ContainerWaiting("ContainerCreating"), inputs);
        status.Ready = false;
        status.Started = status.State.Running is not null;
        return status;
    }

    private static V1ContainerStatus StatusOf(V1Pod pod, V1Container container, string? restartPolicy, ContainerWaiting creating, PodStatusInputs inputs)
    {
        var runs = inputs.Containers.Where(c => c.Name.Container == container.Name).OrderByDescending(c => c.Name.Attempt).ToList();
        var latest = runs.FirstOrDefault();
        var status = new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = latest?.Record.ImageId ?? "",
            ContainerID = latest is null ? null : "berth://" + latest.Record.Id,
            RestartCount = latest?.Name.Attempt ?? 0,
            Ready = false,
            Started = false,
        };
        if (latest is null)
        {
            status.State = Waiting(inputs.Waiting.GetValueOrDefault(container.Name) ?? creating);
            return status;
        }
        var record = latest.Record;
        switch (record.Status)
        {
            case ContainerStatus.Running or ContainerStatus.Paused:
                status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Time(record.StartedAt) } };
                var health = inputs.Health?.GetValueOrDefault(container.Name);
                status.Ready = health?.Ready ?? true;
                status.Started = health?.Started ?? true;
                status.LastState = runs.Skip(1).FirstOrDefault() is { } before ? new V1ContainerState { Terminated = Terminated(before.Record, inputs) } : new V1ContainerState();
                break;
            case ContainerStatus.Exited when PodRestartPolicy.Restarts(restartPolicy, record.ExitCode ?? 0) && pod.Metadata.DeletionTimestamp is null:
                status.State = Waiting(inputs.Waiting.GetValueOrDefault(container.Name) ?? creating);
                status.LastState = new V1ContainerState { Terminated = Terminated(record, inputs) };
                break;
            case ContainerStatus.Exited:
                status.State = new V1ContainerState { Terminated = Terminated(record, inputs) };
                status.LastState = new V1ContainerState();
                break;
            default:
                status.State = Waiting(creating);
                break;
        }
        return status;
    }

    /// <summary>kube's getPhase: init containers first (a failed one fails a Never pod, one not done keeps it Pending), then the app containers.</summary>
    private static string Phase(V1Pod pod, List<V1ContainerStatus> initStatuses, List<V1ContainerStatus> statuses)
    {
        var restartPolicy = pod.Spec.RestartPolicy;
        int pendingInit = 0, failedInit = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var (container, status) in PodContainerKinds.InitContainers(pod).Zip(initStatuses))
        {
            if (PodContainerKinds.IsSidecar(container))
            {
                // A sidecar counts as running; until it has started, the pod is still initializing.
                running += status.State.Running is not null ? 1 : 0;
                pendingInit += status.Started == true || status.LastState?.Terminated is not null || status.State.Terminated is not null ? 0 : 1;
            }
            else if (status.State.Terminated is { } terminated)
            {
                failedInit += terminated.ExitCode != 0 ? 1 : 0;
            }
            else if (status.State.Waiting is not null && status.LastState?.Terminated is { } last)
            {
                failedInit += last.ExitCode != 0 ? 1 : 0;
            }
            else
            {
                pendingInit++;
            }
        }
        foreach (var status in statuses)
        {
            if (status.State.Running is not null)
            {
                running++;
            }
            else if (status.State.Terminated is { } terminated)
            {
                stopped++;
                succeeded += terminated.ExitCode == 0 ? 1 : 0;
            }
            else if (status.LastState?.Terminated is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }
        if (failedInit > 0 && restartPolicy == "Never")
        {
            return "Failed";
        }
        return (pendingInit, waiting, running, stopped) switch
        {
            ( > 0, _, _, _) => "Pending",
            (_, > 0, _, _) => "Pending",
            (_, _, > 0, _) => "Running",
            (_, _, 0, > 0) when restartPolicy is null or "Always" => "Running",
            (_, _, 0, > 0) when succeeded == stopped => "Succeeded",
            (_, _, 0, > 0) when restartPolicy == "Never" => "Failed",
            (_, _, 0, > 0) => "Running",
            _ => "Pending",
        };
    }

    private static V1ContainerStateTerminated Terminated(ContainerRecord record, PodStatusInputs inputs)
    {
        var code = record.ExitCode ?? 0;
        return new V1ContainerStateTerminated
        {
            ExitCode = code,
            Reason = record.OomKilled ? "OOMKilled" : code == 0 ? "Completed" : "Error",
            StartedAt = Time(record.StartedAt),
            FinishedAt = Time(record.FinishedAt),
            ContainerID = "berth://" + record.Id,
            Message = inputs.Messages?.GetValueOrDefault(record.Id) is { Length: > 0 } message ? message : null,
        };
    }

    private static V1ContainerState Waiting(ContainerWaiting waiting) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = waiting.Reason, Message = waiting.Message } };

    private static V1PodCondition Condition(V1PodStatus? previous, string type, bool value, string? reason, string? message, DateTime now)
    {
        var status = value ? "True" : "False";
        var before = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = value ? null : reason,
            Message = value ? null : message,
            LastTransitionTime = before?.Status == status ? before.LastTransitionTime : now,
        };
    }

    /// <summary>BestEffort without any request or limit, Guaranteed when every container's cpu and memory limits equal its requests, else Burstable.</summary>
    public static string QosClass(V1Pod pod)
    {
        var containers = pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).ToList();
        if (containers.All(c => (c.Resources?.Requests?.Count ?? 0) == 0 && (c.Resources?.Limits?.Count ?? 0) == 0))
        {
            return "BestEffort";
        }
        var guaranteed = containers.All(c => new[] { "cpu", "memory" }.All(r =>
            c.Resources?.Limits is { } limits && limits.TryGetValue(r, out var limit)
            && (c.Resources.Requests is not { } requests || !requests.TryGetValue(r, out var request) || request.ToDecimal() == limit.ToDecimal())));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static DateTime? Time(DateTimeOffset? at) => at is { } value ? Truncate(value.UtcDateTime) : null;

    /// <summary>metav1.Time holds whole seconds: the status compares equal to what the API gives back.</summary>
    private static DateTime Truncate(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
