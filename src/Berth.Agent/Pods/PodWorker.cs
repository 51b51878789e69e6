using System.Collections.Concurrent;
using System.Text.Json;
using Berth.Agent.Hooks;
using Berth.Agent.Probes;
using Berth.Agent.Volumes;
using Berth.Client.Events;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using Berth.Timing;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Pods;

/// <summary>
/// Makes one pod's containers on this node match its spec (kubelet's syncPod, level-triggered from
/// the pod and the engine's containers alone): sandbox, image, create and start, restart by policy
/// with back-off, status; a deleted pod is stopped gracefully (SIGTERM, the grace period, SIGKILL),
/// its containers and sandbox removed, then the pod object deleted for good.
/// </summary>
public sealed partial class PodWorker(
    ResourceClient<V1Pod, V1PodList> pods, ContainerEngine engine, PodSandboxes sandboxes, PodVolumes volumes, PodImages images, EventRecorder events,
    RestartBackoff backoff, ProbeManager probes, LifecycleHookRunner hooks, ContainerKiller killer, PodAdmission admission, ContainerEnvironment environment,
    string hostIp, TimeProvider time, ILogger<PodWorker> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ContainerWaiting>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Syncs the pod with uid <paramref name="podUid"/>; null when it no longer exists. Returns when to sync again, if it must.</summary>
    public async Task<TimeSpan?> SyncAsync(string podUid, V1Pod? pod, CancellationToken cancellationToken)
    {
        var containers = ContainersOf(podUid);
        if (pod is null)
        {
            // Gone from the API (force-deleted, or deleted while this agent was down): nothing waits for a grace period.
            await TearDownAsync(podUid, containers, TimeSpan.Zero, null, cancellationToken);
            return null;
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
            await TearDownAsync(podUid, containers, grace, pod, cancellationToken);
            await DeleteAsync(pod, cancellationToken);
            return null;
        }
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            // A finished pod keeps its exited containers (for logs) but not its address.
            await sandboxes.RemoveAsync(podUid, cancellationToken);
            probes.Remove(podUid);
            return null;
        }
        // Admission, as kubelet's: once, for a pod this node has not started.
        if (containers.Count == 0 && pod.Status?.StartTime is null && admission.Refusal(pod) is { } refusal)
        {
            events.Warning(KubeResources.Pods, pod, PodAdmission.Reason, refusal);
            await WriteStatusAsync(pod, PodAdmission.RejectedStatus(pod, refusal), cancellationToken);
            return null;
        }
        PodSandbox sandbox;
        try
        {
            sandbox = await sandboxes.EnsureAsync(pod, hostIp, cancellationToken);
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            events.Warning(KubeResources.Pods, pod, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {e.Message}");
            throw;
        }
        try
        {
            await volumes.SetUpAsync(pod, sandboxes.DirectoryOf(podUid), cancellationToken);
        }
        catch (VolumeSetUpException e)
        {
            // The pod waits in ContainerCreating until its volumes can be made (a ConfigMap that appears, a directory made).
            events.Warning(KubeResources.Pods, pod, "FailedMount", e.Message);
            await WriteStatusAsync(pod, containers, sandbox.IPAddress, cancellationToken);
            return PodVolumes.RetryPeriod;
        }
        var requeue = Min(await StartContainersAsync(pod, containers, sandbox, cancellationToken), await StartEphemeralContainersAsync(pod, sandbox, cancellationToken));
        var started = ContainersOf(podUid);
        probes.Update(pod, sandbox.IPAddress, started);
        await WriteStatusAsync(pod, started, sandbox.IPAddress, cancellationToken);
        return volumes.RefreshAfter(pod, sandboxes.DirectoryOf(podUid)) is { } refresh ? Min(requeue, refresh) : requeue;
    }

    /// <summary>The pods this node has something of (containers or a sandbox): a pod deleted meanwhile still gets torn down.</summary>
    public IReadOnlyList<string> KnownPodUids() =>
        [.. engine.Store.List().Select(r => PodContainerName.TryParse(r.Name)?.PodUid).OfType<string>().Concat(sandboxes.List()).Distinct()];

    /// <summary>Every pod container's id and state, for the manager's relist (kubelet's PLEG) to notice exits.</summary>
    public Dictionary<string, (string PodUid, ContainerStatus Status)> Snapshot()
    {
        var snapshot = new Dictionary<string, (string, ContainerStatus)>(StringComparer.Ordinal);
        foreach (var record in engine.Store.List())
        {
            if (PodContainerName.TryParse(record.Name) is { } name)
            {
                snapshot[record.Id] = (name.PodUid, engine.States.Refresh(record).Status);
            }
        }
        return snapshot;
    }

    private List<PodContainer> ContainersOf(string podUid) =>
        [.. engine.Store.List()
            .Select(r => (Record: r, Name: PodContainerName.TryParse(r.Name)))
            .Where(c => c.Name?.PodUid == podUid)
            .Select(c => new PodContainer(engine.States.Refresh(c.Record), c.Name!))];

    /// <summary>
    /// kubelet's computePodActions: init containers one at a time in order until each has completed
    /// (a sidecar until it runs and its startup probe passed), then the app containers; once every app
    /// container of a pod that does not restart them has finished, its sidecars are stopped.
    /// </summary>
    private async Task<TimeSpan?> StartContainersAsync(V1Pod pod, List<PodContainer> containers, PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid;
        var waiting = _waiting.GetOrAdd(uid, _ => new ConcurrentDictionary<string, ContainerWaiting>(StringComparer.Ordinal));
        // Once an app container has run, the pod is initialized for good: init containers never run again.
        var initialized = pod.Spec.Containers.Any(c => Latest(containers, c.Name) is not null);
        var appsDone = initialized && pod.Spec.Containers.All(c =>
            Latest(containers, c.Name)?.Record is { Status: ContainerStatus.Exited } run && !PodRestartPolicy.Restarts(pod.Spec.RestartPolicy, run.ExitCode ?? 0));
        TimeSpan? requeue = null;
        foreach (var init in PodContainerKinds.InitContainers(pod))
        {
            var sidecar = PodContainerKinds.IsSidecar(init);
            if (sidecar && appsDone)
            {
                await StopSidecarAsync(pod, init, containers, cancellationToken);
                continue;
            }
            if (!sidecar && initialized)
            {
                continue;
            }
            requeue = Min(requeue, await SyncContainerAsync(pod, init, PodContainerKinds.InitRestartPolicy(pod, init), containers, sandbox, waiting, cancellationToken));
            var run = Latest(ContainersOf(uid), init.Name)?.Record;
            var done = sidecar
                ? run is { Status: ContainerStatus.Running or ContainerStatus.Paused } && (init.StartupProbe is null || probes.StartupPassed(run.Id))
                : run is { Status: ContainerStatus.Exited, ExitCode: 0 };
            if (!done && !initialized)
            {
                return requeue;
            }
        }
        foreach (var container in pod.Spec.Containers)
        {
            requeue = Min(requeue, await SyncContainerAsync(pod, container, pod.Spec.RestartPolicy, containers, sandbox, waiting, cancellationToken));
        }
        return requeue;
    }

    /// <summary>Keeps one container running per <paramref name="restartPolicy"/>: started, killed when unhealthy, restarted with back-off. Returns when to sync again.</summary>
    private async Task<TimeSpan?> SyncContainerAsync(V1Pod pod, V1Container container, string? restartPolicy, List<PodContainer> containers,
        PodSandbox sandbox, ConcurrentDictionary<string, ContainerWaiting> waiting, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid;
        var runs = containers.Where(c => c.Name.Container == container.Name).OrderByDescending(c => c.Name.Attempt).ToList();
        var latest = runs.FirstOrDefault();
        var attempt = 0;
        if (latest?.Record.Status is ContainerStatus.Running or ContainerStatus.Paused)
        {
            if (probes.FailedProbe(latest.Record.Id) is not { } failed || !await KillUnhealthyAsync(pod, container, restartPolicy, latest, failed, cancellationToken))
            {
                return null;
            }
            latest = latest with { Record = engine.States.Refresh(latest.Record) };
        }
        if (latest?.Record is { Status: ContainerStatus.Exited } exited)
        {
            if (!PodRestartPolicy.Restarts(restartPolicy, exited.ExitCode ?? 0))
            {
                return null;
            }
            var key = RestartBackoff.KeyOf(uid, container.Name);
            var (left, delay) = backoff.Remaining(key, exited.FinishedAt ?? time.GetUtcNow());
            if (left > TimeSpan.Zero && waiting.GetValueOrDefault(container.Name) is { Reason: "CreateContainerError" or "CreateContainerConfigError" })
            {
                // kubelet shows the last attempt's create error until the next attempt; this agent syncs again on its own
                // status write (kubelet does not), which would turn the error into CrashLoopBackOff at once.
                return left;
            }
            if (left > TimeSpan.Zero)
            {
                var message = $"back-off {GoDuration.FormatSeconds(delay)} restarting failed container={container.Name} pod={pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({uid})";
                if (waiting.GetValueOrDefault(container.Name)?.Reason != "CrashLoopBackOff")
                {
                    events.Warning(KubeResources.Pods, pod, "BackOff", $"Back-off restarting failed container {container.Name} in pod {pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({uid})");
                }
                waiting[container.Name] = new ContainerWaiting("CrashLoopBackOff", message);
                return left;
            }
            backoff.Next(key);
            attempt = latest.Name.Attempt + 1;
            // kubelet keeps the last exited run (for logs --previous) and no older one.
            foreach (var old in runs.Skip(1))
            {
                await engine.Lifecycle.RemoveAsync(old.Record, force: true, cancellationToken);
            }
        }
        else if (latest is not null)
        {
            // Created but never started (the agent stopped in between): made again.
            attempt = latest.Name.Attempt;
            await engine.Lifecycle.RemoveAsync(latest.Record, force: true, cancellationToken);
        }
        try
        {
            await StartContainerAsync(pod, container, attempt, sandbox, cancellationToken);
            waiting.TryRemove(container.Name, out _);
            return null;
        }
        catch (PodStartException e)
        {
            LogStartFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, e.Reason, e.Message);
            waiting[container.Name] = new ContainerWaiting(e.Reason, e.Message);
            return RestartBackoff.Initial;
        }
    }

    /// <summary>
    /// kubelet's ephemeral containers (`kubectl debug`): each started once, in the pod's network and, when it names a
    /// target, in that container's process namespace; never restarted. One that could not start is tried again.
    /// </summary>
    private async Task<TimeSpan?> StartEphemeralContainersAsync(V1Pod pod, PodSandbox sandbox, CancellationToken cancellationToken)
    {
        if (pod.Spec.EphemeralContainers is not { Count: > 0 })
        {
            return null;
        }
        var containers = ContainersOf(pod.Metadata.Uid);
        var waiting = _waiting.GetOrAdd(pod.Metadata.Uid, _ => new ConcurrentDictionary<string, ContainerWaiting>(StringComparer.Ordinal));
        TimeSpan? requeue = null;
        foreach (var (ephemeral, container) in (pod.Spec.EphemeralContainers ?? []).Zip(PodContainerKinds.EphemeralContainers(pod)))
        {
            if (Latest(containers, container.Name) is not null)
            {
                continue;
            }
            try
            {
                var pidNamespace = ephemeral.TargetContainerName is { Length: > 0 } target ? TargetPidNamespace(containers, container.Name, target) : null;
                await StartContainerAsync(pod, container, 0, sandbox, cancellationToken, pidNamespace);
                waiting.TryRemove(container.Name, out _);
            }
            catch (PodStartException e)
            {
                LogStartFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, e.Reason, e.Message);
                waiting[container.Name] = new ContainerWaiting(e.Reason, e.Message);
                requeue = Min(requeue, RestartBackoff.Initial);
            }
        }
        return requeue;
    }

    /// <summary>The process namespace of the running container a debug container targets.</summary>
    private static string TargetPidNamespace(List<PodContainer> containers, string name, string target) =>
        Latest(containers, target)?.Record is { Status: ContainerStatus.Running or ContainerStatus.Paused, Pid: > 0 } run
            ? $"/proc/{run.Pid}/ns/pid"
            : throw new PodStartException("CreateContainerError", $"container {name} targets container {target}, which is not running");

    /// <summary>A sidecar outlives the app containers only while they may run again: then it is stopped and left stopped.</summary>
    private async Task StopSidecarAsync(V1Pod pod, V1Container sidecar, List<PodContainer> containers, CancellationToken cancellationToken)
    {
        if (Latest(containers, sidecar.Name) is { Record.Status: ContainerStatus.Running or ContainerStatus.Paused } run)
        {
            await killer.KillAsync(pod, sidecar, run, GracePeriod(pod), null, cancellationToken);
        }
    }

    private static PodContainer? Latest(IEnumerable<PodContainer> containers, string name) =>
        containers.Where(c => c.Name.Container == name).MaxBy(c => c.Name.Attempt);

    private static TimeSpan GracePeriod(V1Pod pod) => TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);

    private async Task StartContainerAsync(V1Pod pod, V1Container container, int attempt, PodSandbox sandbox, CancellationToken cancellationToken,
        string? pidNamespace = null)
    {
        var image = await images.EnsureAsync(pod, container, cancellationToken);
        try
        {
            ContainerUser.CheckNonRoot(pod, container, image.Config.User);
        }
        catch (PodStartException e)
        {
            events.Warning(KubeResources.Pods, pod, "Failed", $"Error: {e.Message}");
            throw;
        }
        IReadOnlyList<KeyValuePair<string, string>> env;
        try
        {
            env = await environment.ForAsync(pod, container, sandbox.IPAddress, cancellationToken);
        }
        catch (PodStartException e)
        {
            events.Warning(KubeResources.Pods, pod, "Failed", $"Error: {e.Message}");
            throw;
        }
        var name = new PodContainerName(container.Name, pod.Metadata.Name, pod.Metadata.NamespaceProperty, pod.Metadata.Uid, attempt);
        ContainerRecord record;
        try
        {
            record = await engine.Creator.CreateAsync(new ContainerCreateRequest
            {
                Runtime = sandbox.Runtime,
                Image = image.Id,
                Name = name.ToString(),
                // Kubernetes' command and args, resolved against the image: the whole command line.
                Entrypoint = PodCommand.Args(image.Config, container, env),
                Env = [.. env.Select(e => $"{e.Key}={e.Value}")],
                WorkingDir = string.IsNullOrEmpty(container.WorkingDir) ? null : container.WorkingDir,
                User = ContainerUser.For(pod, container, image.Config.User),
                Limits = ContainerResources.LimitsFor(container),
                Hostname = PodSandbox.HostnameOf(pod),
                Network = sandbox.Network is null ? NetworkMode.Host : NetworkMode.Pod,
                PodNetwork = sandbox.Network,
                IpcNamespacePath = sandbox.IpcNamespace,
                UtsNamespacePath = sandbox.UtsNamespace,
                HostPid = pod.Spec.HostPID == true,
                HostIpc = pod.Spec.HostIPC == true,
                PidNamespacePath = pidNamespace,
                Mounts = [sandboxes.ResolvConf(pod), .. volumes.MountsFor(pod, sandboxes.DirectoryOf(pod.Metadata.Uid), container, env),
                    .. TerminationMessages.MountFor(sandboxes.DirectoryOf(pod.Metadata.Uid), container, attempt) is { } message ? [message] : Array.Empty<BindMount>()],
                Seccomp = SeccompProfile(pod, container) == "RuntimeDefault",
                Security = ContainerPrivileges.For(container),
                Terminal = container.Tty == true,
                Interactive = container.Stdin == true,
            }, cancellationToken);
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            // IOException: the disk under the data dir is full (no space left on device) or failing.
            events.Warning(KubeResources.Pods, pod, "Failed", $"Error: {e.Message}");
            throw new PodStartException("CreateContainerError", e.Message, e);
        }
        events.Normal(KubeResources.Pods, pod, "Created", $"Created container {container.Name}");
        try
        {
            record = await engine.Lifecycle.StartAsync(record, cancellationToken);
        }
        catch (BerthException e)
        {
            events.Warning(KubeResources.Pods, pod, "Failed", $"Error: failed to start container \"{container.Name}\": {e.Message}");
            await engine.Lifecycle.RemoveAsync(record, force: true, CancellationToken.None);
            throw new PodStartException("RunContainerError", e.Message, e);
        }
        events.Normal(KubeResources.Pods, pod, "Started", $"Started container {container.Name}");
        if (container.Lifecycle?.PostStart is { } postStart)
        {
            await RunPostStartAsync(pod, container, new PodContainer(record, name), postStart, sandbox.IPAddress, cancellationToken);
        }
    }

    /// <summary>
    /// kubelet's postStart: the sync waits for the hook, so the container is reported Running only
    /// once it returned; a failed hook kills the container (restarted per its policy) and is its
    /// PostStartHookError.
    /// </summary>
    private async Task RunPostStartAsync(V1Pod pod, V1Container container, PodContainer run, V1LifecycleHandler postStart, string podIp, CancellationToken cancellationToken)
    {
        if (await hooks.RunAsync(new ProbeTarget(pod, container, run.Record, podIp), postStart, cancellationToken) is not { } failure)
        {
            return;
        }
        // kube keeps the hook's output (maybe secrets) out of the event; the container's status has it.
        events.Warning(KubeResources.Pods, pod, "FailedPostStartHook", "PostStartHook failed");
        await killer.KillAsync(pod, container, run with { Record = engine.States.Refresh(run.Record) }, GracePeriod(pod), "FailedPostStartHook", cancellationToken);
        throw new PodStartException("PostStartHookError", failure);
    }

    /// <summary>
    /// Kills a container whose liveness or startup probe failed, with kube's Killing event and the
    /// probe's grace period; true when it is to be restarted (any restartPolicy but Never).
    /// </summary>
    private async Task<bool> KillUnhealthyAsync(V1Pod pod, V1Container container, string? restartPolicy, PodContainer run, ProbeType failed, CancellationToken cancellationToken)
    {
        var probe = failed == ProbeType.Liveness ? container.LivenessProbe : container.StartupProbe;
        var restarts = restartPolicy != "Never";
        var kind = failed.ToString().ToLowerInvariant();
        var grace = TimeSpan.FromSeconds(probe?.TerminationGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
        await killer.KillAsync(pod, container, run, grace, $"Container {container.Name} failed {kind} probe{(restarts ? ", will be restarted" : "")}", cancellationToken);
        return restarts;
    }

    private static string? SeccompProfile(V1Pod pod, V1Container container) =>
        container.SecurityContext?.SeccompProfile?.Type ?? pod.Spec.SecurityContext?.SeccompProfile?.Type;

    /// <summary>Stops every running container (the grace period, then SIGKILL), removes them and the sandbox.</summary>
    private async Task TearDownAsync(string podUid, List<PodContainer> containers, TimeSpan grace, V1Pod? pod, CancellationToken cancellationToken)
    {
        // Sidecars are stopped after the containers they serve (kubelet's termination order).
        var sidecars = pod is null ? [] : PodContainerKinds.InitContainers(pod).Where(PodContainerKinds.IsSidecar).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var running = containers.Where(c => c.Record.Status is ContainerStatus.Running or ContainerStatus.Paused).ToList();
        await StopAllAsync(running.Where(c => !sidecars.Contains(c.Name.Container)), grace, pod, cancellationToken);
        await StopAllAsync(running.Where(c => sidecars.Contains(c.Name.Container)), grace, pod, cancellationToken);
        foreach (var container in containers)
        {
            await engine.Lifecycle.RemoveAsync(container.Record, force: true, cancellationToken);
        }
        await sandboxes.RemoveAsync(podUid, cancellationToken);
        _waiting.TryRemove(podUid, out _);
        backoff.Forget(podUid);
        probes.Remove(podUid);
    }

    private Task StopAllAsync(IEnumerable<PodContainer> running, TimeSpan grace, V1Pod? pod, CancellationToken cancellationToken) =>
        Task.WhenAll(running.Select(c => pod is null
            ? engine.Lifecycle.StopAsync(c.Record, grace, cancellationToken)
            : killer.KillAsync(pod, PodContainerKinds.SpecOf(pod, c.Name.Container), c, grace, null, cancellationToken)));

    /// <summary>The kubelet's final delete: grace 0, only this pod (a new pod of the same name is not touched).</summary>
    private async Task DeleteAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } });
        }
        catch (ApiStatusException e) when (e.IsNotFound || e.IsConflict)
        {
            // Already gone, or the name now holds another pod.
        }
    }

    private async Task<Dictionary<string, string>> TerminationMessagesOfAsync(V1Pod pod, List<PodContainer> containers, CancellationToken cancellationToken)
    {
        var messages = new Dictionary<string, string>();
        var limit = TerminationMessages.LimitFor(pod);
        foreach (var run in containers.Where(c => c.Record.Status == ContainerStatus.Exited))
        {
            if (PodContainerKinds.SpecOf(pod, run.Name.Container) is { } spec)
            {
                messages[run.Record.Id] = await TerminationMessages.OfAsync(sandboxes.DirectoryOf(pod.Metadata.Uid), spec, run, limit, engine.Logs, cancellationToken);
            }
        }
        return messages;
    }

    private async Task WriteStatusAsync(V1Pod pod, List<PodContainer> containers, string? podIp, CancellationToken cancellationToken)
    {
        var waiting = _waiting.TryGetValue(pod.Metadata.Uid, out var known) ? known.ToDictionary() : [];
        var messages = await TerminationMessagesOfAsync(pod, containers, cancellationToken);
        var status = PodStatusBuilder.Build(pod, new PodStatusInputs(containers, waiting, podIp, hostIp, time.GetUtcNow().UtcDateTime, probes.HealthOf(pod, containers), messages));
        await WriteStatusAsync(pod, status, cancellationToken);
    }

    private async Task WriteStatusAsync(V1Pod pod, V1PodStatus status, CancellationToken cancellationToken)
    {
        if (pod.Status is not null && Json(pod.Status) == Json(status))
        {
            return;
        }
        var copy = ModelCopy.Clone(pod, ModelJsonContext.Default.V1Pod);
        copy.Status = status;
        try
        {
            await pods.UpdateStatusAsync(copy, cancellationToken);
        }
        catch (ApiStatusException e) when (e.IsNotFound || e.IsConflict)
        {
            // A newer pod is on its way through the informer, and syncs again.
        }
    }

    private static string Json(V1PodStatus status) => JsonSerializer.Serialize(status, ModelJsonContext.Default.V1PodStatus);

    private static TimeSpan? Min(TimeSpan? current, TimeSpan? next) => current is { } value && (next is null || value < next) ? value : next;

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: container {Container} did not start ({Reason}): {Message}")]
    private partial void LogStartFailed(string @namespace, string pod, string container, string reason, string message);
}
