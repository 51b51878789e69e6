using Berth.Agent.Pods;
using Berth.Engine.Containers;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class PodStatusBuilderTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string? restartPolicy, params string[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u1" },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [.. containers.Select(c => new V1Container { Name = c, Image = "img" })] },
    };

    private static PodContainer Run(string container, int attempt, ContainerStatus status, int? exitCode = null) => new(
        new ContainerRecord
        {
            Id = $"{container}{attempt}".PadRight(64, '0'),
            Name = new PodContainerName(container, "p", "default", "u1", attempt).ToString(),
            ImageId = "sha256:abc",
            ImageReference = "img",
            Command = ["x"],
            Created = Now,
            Runtime = "runc",
            Status = status,
            ExitCode = exitCode,
            StartedAt = Now,
            FinishedAt = exitCode is null ? null : Now,
        },
        new PodContainerName(container, "p", "default", "u1", attempt));

    private static V1PodStatus Build(V1Pod pod, params PodContainer[] containers) =>
        PodStatusBuilder.Build(pod, new PodStatusInputs(containers, new Dictionary<string, ContainerWaiting>(), "10.0.0.2", "192.168.0.1", Now));

    [Theory]
    [InlineData("Always", 0, "Running")]
    [InlineData("Always", 1, "Running")]
    [InlineData("OnFailure", 0, "Succeeded")]
    [InlineData("OnFailure", 1, "Running")]
    [InlineData("Never", 0, "Succeeded")]
    [InlineData("Never", 1, "Failed")]
    public void Phase_OfAnExitedContainer_FollowsTheRestartPolicy(string policy, int exitCode, string phase)
    {
        var status = Build(Pod(policy, "a"), Run("a", 0, ContainerStatus.Exited, exitCode));

        Assert.Equal(phase, status.Phase);
    }

    [Fact]
    public void TerminatedState_CarriesTheTerminationMessage_AndSoDoesTheLastStateAfterARestart()
    {
        var first = Run("a", 0, ContainerStatus.Exited, 1);
        var second = Run("a", 1, ContainerStatus.Running);
        var messages = new Dictionary<string, string> { [first.Record.Id] = "disk full" };

        var status = PodStatusBuilder.Build(Pod("Always", "a"),
            new PodStatusInputs([first, second], new Dictionary<string, ContainerWaiting>(), "10.0.0.2", "192.168.0.1", Now, Messages: messages));

        Assert.Equal("disk full", status.ContainerStatuses.Single().LastState.Terminated.Message);
    }

    [Fact]
    public void Phase_WithAContainerNotStartedYet_IsPending_AndNotReady()
    {
        var status = Build(Pod(null, "a", "b"), Run("a", 0, ContainerStatus.Running));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("ContainerCreating", status.ContainerStatuses.Single(c => c.Name == "b").State.Waiting.Reason);
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [b]"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void RunningContainers_AreReady_WithTheirRestartCountAndLastState()
    {
        var status = Build(Pod(null, "a"), Run("a", 2, ContainerStatus.Running), Run("a", 1, ContainerStatus.Exited, 137));

        var container = status.ContainerStatuses.Single();
        Assert.Equal("Running", status.Phase);
        Assert.True(container.Ready);
        Assert.Equal(2, container.RestartCount);
        Assert.Equal(137, container.LastState.Terminated.ExitCode);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("10.0.0.2", status.PodIP);
    }

    [Fact]
    public void ARestartingContainer_WaitsWithItsReason_AndItsLastExit()
    {
        var pod = Pod("Always", "a");
        var status = PodStatusBuilder.Build(pod, new PodStatusInputs([Run("a", 0, ContainerStatus.Exited, 1)],
            new Dictionary<string, ContainerWaiting> { ["a"] = new("CrashLoopBackOff", "back-off 10s") }, "10.0.0.2", "192.168.0.1", Now));

        var container = status.ContainerStatuses.Single();
        Assert.Equal("CrashLoopBackOff", container.State.Waiting.Reason);
        Assert.Equal(1, container.LastState.Terminated.ExitCode);
        Assert.Equal("Running", status.Phase);
    }

    [Fact]
    public void Conditions_KeepTheirTransitionTime_WhileTheirStatusHolds()
    {
        var pod = Pod(null, "a");
        var first = Build(pod, Run("a", 0, ContainerStatus.Running));
        pod.Status = first;

        var later = PodStatusBuilder.Build(pod, new PodStatusInputs([Run("a", 0, ContainerStatus.Running)], new Dictionary<string, ContainerWaiting>(), "10.0.0.2", "192.168.0.1", Now.AddMinutes(5)));

        Assert.All(later.Conditions, c => Assert.Equal(Now, c.LastTransitionTime));
    }

    [Theory]
    [InlineData(null, null, "BestEffort")]
    [InlineData("100m", null, "Burstable")]
    [InlineData(null, "1", "Guaranteed")]
    [InlineData("1", "1", "Guaranteed")]
    [InlineData("500m", "1", "Burstable")]
    public void QosClass_FromRequestsAndLimits(string? cpuRequest, string? limit, string expected)
    {
        var pod = Pod(null, "a");
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = cpuRequest is null ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest) },
            Limits = limit is null ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(limit), ["memory"] = new("64Mi") },
        };

        Assert.Equal(expected, PodStatusBuilder.QosClass(pod));
    }
    private static V1Pod WithInits(V1Pod pod, params string[] inits)
    {
        // A name ending in "-side" is a sidecar (restartPolicy Always).
        pod.Spec.InitContainers = [.. inits.Select(c => new V1Container { Name = c, Image = "img", RestartPolicy = c.EndsWith("-side", StringComparison.Ordinal) ? "Always" : null })];
        return pod;
    }

    [Fact]
    public void InitContainersNotDone_KeepThePodPending_AndTheAppContainersPodInitializing()
    {
        var status = Build(WithInits(Pod(null, "a"), "i1", "i2"), Run("i1", 0, ContainerStatus.Exited, 0), Run("i2", 0, ContainerStatus.Running));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("PodInitializing", status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Equal([true, false], status.InitContainerStatuses.Select(c => c.Ready));
        Assert.Equal("Completed", status.InitContainerStatuses[0].State.Terminated.Reason);
        var initialized = status.Conditions.Single(c => c.Type == "Initialized");
        Assert.Equal(("False", "ContainersNotInitialized", "containers with incomplete status: [i2]"), (initialized.Status, initialized.Reason, initialized.Message));
    }

    [Theory]
    [InlineData("Never", "Failed")]
    [InlineData("OnFailure", "Pending")]
    [InlineData("Always", "Pending")]
    public void AFailedInitContainer_FailsOnlyANeverPod(string policy, string phase)
    {
        var status = Build(WithInits(Pod(policy, "a"), "i1"), Run("i1", 0, ContainerStatus.Exited, 2));

        Assert.Equal(phase, status.Phase);
        var init = status.InitContainerStatuses.Single();
        Assert.Equal(policy == "Never" ? 2 : null, init.State.Terminated?.ExitCode);
        Assert.Equal(policy == "Never" ? null : 2, init.LastState?.Terminated?.ExitCode);
    }

    [Fact]
    public void ARunningSidecar_IsAnInitContainerThatCountsForReadiness()
    {
        var pod = WithInits(Pod(null, "a"), "log-side");
        var status = PodStatusBuilder.Build(pod, new PodStatusInputs([Run("log-side", 0, ContainerStatus.Running), Run("a", 0, ContainerStatus.Running)],
            new Dictionary<string, ContainerWaiting>(), "10.0.0.2", "192.168.0.1", Now,
            new Dictionary<string, ContainerHealth> { ["log-side"] = new(true, false), ["a"] = new(true, true) }));

        Assert.Equal("Running", status.Phase);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Initialized").Status);
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "containers with unready status: [log-side]"), (ready.Status, ready.Message));
        Assert.True(status.InitContainerStatuses.Single().Started);
    }

    [Fact]
    public void ASidecarStoppedAfterItsAppContainersFinished_DoesNotKeepThePodRunning()
    {
        var status = Build(WithInits(Pod("Never", "a"), "log-side"), Run("log-side", 0, ContainerStatus.Exited, 137), Run("a", 0, ContainerStatus.Exited, 0));

        Assert.Equal("Succeeded", status.Phase);
        Assert.Equal(137, status.InitContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public void EphemeralContainers_AreReportedApart_NeverReady_NeverRestarted_AndLeaveThePhaseAndReadinessAlone()
    {
        var pod = Pod("Always", "a");
        pod.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "dbg", Image = "busybox", TargetContainerName = "a" },
            new V1EphemeralContainer { Name = "dbg2", Image = "busybox" }, new V1EphemeralContainer { Name = "dbg3", Image = "busybox" }];

        var status = Build(pod, Run("a", 0, ContainerStatus.Running), Run("dbg", 0, ContainerStatus.Running), Run("dbg2", 0, ContainerStatus.Exited, 1));

        Assert.Equal("Running", status.Phase);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal(["a"], status.ContainerStatuses.Select(c => c.Name));
        var (running, exited, waiting) = (status.EphemeralContainerStatuses[0], status.EphemeralContainerStatuses[1], status.EphemeralContainerStatuses[2]);
        Assert.Equal(("dbg", false, true), (running.Name, running.Ready, running.Started));
        Assert.NotNull(running.State.Running);
        Assert.Equal(1, exited.State.Terminated.ExitCode);
        Assert.Equal("ContainerCreating", waiting.State.Waiting.Reason);
    }
}
