using Berth.Engine.Containers.Restarts;
using Berth.Engine.Events;
using Berth.Engine.Health;
using Berth.Engine.Runtime;
using Berth.Engine.Linux;
using Berth.Engine.Store;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

/// <summary>The verbs that move a container through its lifecycle, each checked against <see cref="ContainerStatusRules"/>.</summary>
public sealed class ContainerLifecycle(
    ContainerStore store, ContainerStateReader states, Func<string, IRuntimeDriver> drivers, ContainerCleaner cleaner, ContainerCreator creator, VolumeRemover volumeRemover, EventLog events, TimeProvider time,
    HealthMonitors? healthMonitors = null)
{
    /// <summary>
    /// Makes a container startable: an exited one gets a fresh shim, rootfs mount and network
    /// (<see cref="ContainerCreator.RecreateAsync"/>); any other is returned as it is.
    /// </summary>
    public async Task<ContainerRecord> PrepareStartAsync(ContainerRecord record, CancellationToken cancellationToken = default)
    {
        await StartDependencyAsync(record, cancellationToken);
        record = states.Refresh(store.Load(record.Id) ?? record);
        if (record.Status != ContainerStatus.Exited)
        {
            return record;
        }
        using var containerLock = store.LockContainer(record.Id);
        record = store.Load(record.Id) ?? record;
        return record.Status == ContainerStatus.Exited ? await creator.RecreateAsync(record, cancellationToken) : record;
    }

    /// <summary>Starts a created container for the user: a stop the user asked for no longer holds, and the restart count is 0 again, as Docker's.</summary>
    public async Task<ContainerRecord> StartAsync(ContainerRecord record, CancellationToken cancellationToken = default) =>
        (await StartIfAsync(record, _ => true, started => started with { StoppedByUser = false, RestartCount = 0, RestartDelay = TimeSpan.Zero }, ["start"], cancellationToken))!;

    /// <summary>
    /// Starts the container once its lock is held, if <paramref name="wanted"/> still accepts the record then (null when
    /// the container is gone); returns null when it does not. <paramref name="mark"/> adds what this kind of start records, and
    /// <paramref name="verbs"/> are its events, written under the lock so that the container's next exit comes after them.
    /// </summary>
    private async Task<ContainerRecord?> StartIfAsync(
        ContainerRecord record, Func<ContainerRecord?, bool> wanted, Func<ContainerRecord, ContainerRecord> mark, string[] verbs, CancellationToken cancellationToken)
    {
        await StartDependencyAsync(record, cancellationToken);
        // Refresh before locking: it takes the lock itself when it records an exit.
        record = states.Refresh(store.Load(record.Id) ?? record);
        using var containerLock = store.LockContainer(record.Id);
        var current = store.Load(record.Id);
        if (!wanted(current))
        {
            return null;
        }
        record = current ?? record;
        ContainerStatusRules.Require(record.Status.CanStart(), record, "start");
        await drivers(record.Runtime).StartAsync(record.Id, cancellationToken);
        var started = mark(record) with { Status = ContainerStatus.Running, StartedAt = time.GetUtcNow() };
        store.Save(started);
        foreach (var verb in verbs)
        {
            events.Container(verb, started);
        }
        healthMonitors?.Started(started);
        return started;
    }

    /// <summary>
    /// Waits out the back-off <see cref="CleanupAsync"/> chose for an exited container, then starts it again for its restart
    /// policy (restart count + 1, events start and restart), unless meanwhile the user stopped, started or removed it.
    /// Returns the started record, or null.
    /// </summary>
    public async Task<ContainerRecord?> RestartForPolicyAsync(ContainerRecord exited, CancellationToken cancellationToken = default)
    {
        await Task.Delay(exited.RestartDelay, time, cancellationToken);
        // The same run's exit, not one of a later run the user started.
        bool Pending(ContainerRecord? record, ContainerStatus status) =>
            record is { StoppedByUser: false } && record.Status == status && record.FinishedAt == exited.FinishedAt;
        if (store.Load(exited.Id) is not { } stored || !Pending(states.Refresh(stored), ContainerStatus.Exited))
        {
            return null;
        }
        var ready = await PrepareStartAsync(exited, cancellationToken);
        var started = await StartIfAsync(
            ready, record => Pending(record, ContainerStatus.Created), started => started with { RestartCount = started.RestartCount + 1 }, ["start", "restart"], cancellationToken);
        if (started is null)
        {
            await KeepDownAsync(exited.Id, exited.FinishedAt, exited.ExitCode, cancellationToken);
        }
        return started;
    }

    /// <summary>
    /// A container that a restart recreated (Created again, its last run's FinishedAt kept) and the user stopped before the
    /// restart started it goes back to Exited and is released, as it was before the restart: never left Created.
    /// </summary>
    private async Task KeepDownAsync(string id, DateTimeOffset? finishedAt, int? exitCode, CancellationToken cancellationToken)
    {
        try
        {
            using var containerLock = store.LockContainer(id);
            if (store.Load(id) is { Status: ContainerStatus.Created, StoppedByUser: true, FinishedAt: not null } current && current.FinishedAt == finishedAt)
            {
                await cleaner.ReleaseLockedAsync(current, cancellationToken);
                store.Save(current with { Status = ContainerStatus.Exited, ExitCode = current.ExitCode ?? exitCode });
            }
        }
        catch (IOException) when (store.Load(id) is null)
        {
            // Removed meanwhile: nothing is left to keep down.
        }
    }

    /// <summary>
    /// A pod member joins the network namespace of its pod's infra container, and a `--network container:` one that of the
    /// container it names; the namespace exists only while that container is created or running: it starts first, as
    /// `podman start` starts a container's dependencies.
    /// </summary>
    private async Task StartDependencyAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        ContainerRecord dependency;
        if (record.Pod?.InfraId is { } infraId)
        {
            dependency = store.Load(infraId) ?? throw new NotFoundException($"the infra container of pod {record.Pod.PodId} is gone: remove the pod");
        }
        else if (record.NetworkContainerId is { } joinedId)
        {
            dependency = store.Load(joinedId) ?? throw new NotFoundException($"the container {joinedId} whose network namespace {record.Name} joins is gone: remove {record.Name}");
        }
        else
        {
            return;
        }
        dependency = await PrepareStartAsync(dependency, cancellationToken);
        if (dependency.Status == ContainerStatus.Created)
        {
            await StartAsync(dependency, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the shim records the container's exit (woken by the exit file's inotify event, not by
    /// polling); returns the exited record. Throws <see cref="NotFoundException"/> when the container is
    /// removed meanwhile.
    /// </summary>
    public async Task<ContainerRecord> WaitAsync(ContainerRecord record, CancellationToken cancellationToken = default)
    {
        using var watch = new DirectoryWatch(store.PathsOf(record.Id).Directory);
        while (!states.HasExited(record))
        {
            if (store.Load(record.Id) is null)
            {
                throw new NotFoundException($"no container with name or ID \"{record.Id}\" found: no such container");
            }
            await watch.WaitAsync(cancellationToken);
        }
        // Under the lock: a container that exits at once may do so before its `start` has recorded it
        // as Running, and only a Running record takes its exit code from the shim.
        try
        {
            using var containerLock = store.LockContainer(record.Id);
            return states.RefreshLocked(store.Load(record.Id) ?? record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && store.Load(record.Id) is null)
        {
            throw new NotFoundException($"no container with name or ID \"{record.Id}\" found: no such container");
        }
    }

    /// <summary>SIGTERM (or the image's stop signal), then SIGKILL after <paramref name="timeout"/>; as `podman stop`.</summary>
    public async Task<ContainerRecord> StopAsync(ContainerRecord record, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        record = states.Refresh(MarkStoppedByUser(record));
        if (record is { Status: ContainerStatus.Created, FinishedAt: not null })
        {
            // Recreated by a restart that has not started it yet (and now will not): down again at once.
            await KeepDownAsync(record.Id, record.FinishedAt, null, cancellationToken);
            return states.Refresh(store.Load(record.Id) ?? record);
        }
        if (record.Status is ContainerStatus.Exited or ContainerStatus.Created)
        {
            return record;
        }
        var driver = drivers(record.Runtime);
        if (record.Status == ContainerStatus.Paused)
        {
            // A frozen process cannot act on SIGTERM: thaw it first.
            await UnpauseAsync(record, cancellationToken);
        }
        events.Container("stop", record);
        await SignalIgnoringExitedAsync(driver, record, timeout > TimeSpan.Zero ? "TERM" : "KILL", cancellationToken);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(timeout);
        try
        {
            return await WaitOrRemovedAsync(record, grace.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await SignalIgnoringExitedAsync(driver, record, "KILL", cancellationToken);
            return await WaitOrRemovedAsync(record, cancellationToken);
        }
    }

    /// <summary>
    /// `restart`: stops the container (as <see cref="StopAsync"/>), releases what its run held on the host, and starts it
    /// again; a created or exited container is just started. Returns the started record.
    /// </summary>
    public async Task<ContainerRecord> RestartAsync(ContainerRecord record, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var stopped = await StopAsync(record, timeout, cancellationToken);
        if (store.Load(record.Id) is null)
        {
            // An --rm container its exit command removed once stopped: nothing is left to start.
            throw new NotFoundException($"no container with name or ID \"{record.Id}\" found: no such container");
        }
        if (stopped.Status == ContainerStatus.Exited)
        {
            await cleaner.ReleaseAsync(stopped, cancellationToken);
        }
        var ready = await PrepareStartAsync(stopped, cancellationToken);
        var restarted = await StartAsync(ready, cancellationToken);
        events.Container("restart", restarted);
        return restarted;
    }

    /// <summary>
    /// Waits until the container's status is one <paramref name="reached"/> accepts, reading it every <paramref name="interval"/>
    /// (Podman's `wait --condition` for states other than an exit); returns that record.
    /// </summary>
    public async Task<ContainerRecord> WaitForStatusAsync(ContainerRecord record, Func<ContainerStatus, bool> reached, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var current = states.Refresh(store.Load(record.Id) ?? throw new NotFoundException($"no container with name or ID \"{record.Id}\" found: no such container"));
            if (reached(current.Status))
            {
                return current;
            }
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>As <see cref="WaitAsync"/>; an --rm container its exit command removed counts as exited.</summary>
    private async Task<ContainerRecord> WaitOrRemovedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return await WaitAsync(record, cancellationToken);
        }
        catch (NotFoundException)
        {
            return record with { Status = ContainerStatus.Exited };
        }
    }

    /// <summary>Sends a signal; the container counts as stopped by the user, as Podman's kill records it.</summary>
    public async Task KillAsync(ContainerRecord record, string signal, CancellationToken cancellationToken = default)
    {
        record = states.Refresh(record);
        ContainerStatusRules.Require(record.Status.CanSignal(), record, "kill");
        MarkStoppedByUser(record);
        await drivers(record.Runtime).SignalAsync(record.Id, signal, cancellationToken);
        events.Container("kill", record);
    }

    /// <summary>
    /// Records that the user stopped the container, before it is signalled: its exit command, or a restart waiting out its
    /// back-off, then leaves it down. Returns the record as saved (as given when the container is gone).
    /// </summary>
    private ContainerRecord MarkStoppedByUser(ContainerRecord record)
    {
        try
        {
            using var containerLock = store.LockContainer(record.Id);
            if (store.Load(record.Id) is not { } current)
            {
                return record;
            }
            if (!current.StoppedByUser)
            {
                current = current with { StoppedByUser = true };
                store.Save(current);
            }
            return current;
        }
        catch (IOException) when (store.Load(record.Id) is null)
        {
            // Removed meanwhile (its directory with it): there is nothing left to keep down.
            return record;
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> straight to the container's init process: synchronous and immediate,
    /// for a foreground container passing on the signals its CLI receives (Podman's --sig-proxy).
    /// </summary>
    public void ForwardSignal(ContainerRecord record, int signal)
    {
        if (record.Status == ContainerStatus.Running && ProcessCalls.IsAlive(record.Pid))
        {
            ProcessCalls.Signal(record.Pid, signal);
        }
    }

    public Task<ContainerRecord> PauseAsync(ContainerRecord record, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(record, "pause", status => status.CanPause(), ContainerStatus.Paused,
            (driver, id) => driver.PauseAsync(id, cancellationToken));

    public Task<ContainerRecord> UnpauseAsync(ContainerRecord record, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(record, "unpause", status => status.CanUnpause(), ContainerStatus.Running,
            (driver, id) => driver.ResumeAsync(id, cancellationToken));

    /// <summary>Under the container's lock: checks the transition is allowed, asks the runtime, records the new status.</summary>
    private async Task<ContainerRecord> ChangeStatusAsync(
        ContainerRecord record, string verb, Func<ContainerStatus, bool> allowed, ContainerStatus next, Func<IRuntimeDriver, string, Task> apply)
    {
        using var containerLock = store.LockContainer(record.Id);
        record = states.Refresh(store.Load(record.Id) ?? record);
        ContainerStatusRules.Require(allowed(record.Status), record, verb);
        await apply(drivers(record.Runtime), record.Id);
        var changed = record with { Status = next };
        store.Save(changed);
        events.Container(verb, changed);
        return changed;
    }

    /// <summary>
    /// Removes a stopped container; with <paramref name="force"/> kills a running one first. A pod's infra container goes
    /// only with its pod (<paramref name="withPod"/>), as Podman's. Its anonymous volumes go with <paramref name="volumes"/>
    /// (`rm -v`) or when it is an --rm container, as Docker's and Podman's.
    /// </summary>
    public async Task RemoveAsync(ContainerRecord record, bool force, CancellationToken cancellationToken = default, bool withPod = false, bool volumes = false)
    {
        record = states.Refresh(record);
        if (record.Pod is { IsInfra: true } pod && !withPod)
        {
            throw new ConflictException($"container {record.Id} is the infra container of pod {pod.PodId} and cannot be removed without removing the pod: container state improper");
        }
        // Podman's refusal, even forced: the containers in this one's network namespace would keep a namespace no one manages.
        if (store.List().FindAll(c => c.NetworkContainerId == record.Id).ConvertAll(c => c.Id) is { Count: > 0 } dependents)
        {
            throw new InUseException($"container {record.Id} has dependent containers which must be removed before it: {string.Join(", ", dependents)}: container already exists");
        }
        if (!record.Status.CanRemove(force))
        {
            throw new ConflictException($"cannot remove container {record.ShortId} as it is {record.Status.ToString().ToLowerInvariant()} - running or paused containers cannot be removed without force");
        }
        if (record.Status is ContainerStatus.Running or ContainerStatus.Paused)
        {
            record = await StopAsync(record, TimeSpan.Zero, cancellationToken);
        }
        await cleaner.RemoveAsync(record, cancellationToken);
        events.Container("remove", record);
        if (volumes || record.AutoRemove)
        {
            volumeRemover.RemoveAnonymousOf(record);
        }
    }

    /// <summary>Containers in the order they can be removed: those that join another's network namespace before the rest.</summary>
    public static IEnumerable<ContainerRecord> DependentsFirst(IEnumerable<ContainerRecord> records) => records.OrderBy(c => c.NetworkContainerId is null);

    /// <summary>
    /// What the shim's exit command runs once the container has ended: records the exit, releases what
    /// the container holds on the host, and with <paramref name="remove"/> (an --rm container) removes it,
    /// unless a client is attached: that client reads the exit code first and removes it itself.
    /// A container already gone, or not exited (still running, or started again), is left alone.
    /// When its restart policy says it runs again, it is released but kept, and returned with the back-off to wait
    /// (<see cref="RestartForPolicyAsync"/>); otherwise null.
    /// </summary>
    public async Task<ContainerRecord?> CleanupAsync(string id, bool remove, CancellationToken cancellationToken = default)
    {
        try
        {
            if (store.Load(id) is null)
            {
                return null;
            }
            using var containerLock = store.LockContainer(id);
            // Checked again under the lock, with the shim's exit file: a `start` may have brought the
            // container back meanwhile, and that run may itself have ended already.
            if (store.Load(id) is not { } current || states.RefreshLocked(current) is not { Status: ContainerStatus.Exited } exited)
            {
                return null;
            }
            if (exited.RestartPolicy.RestartsAfter(exited.ExitCode ?? 0, exited.RestartCount, exited.StoppedByUser))
            {
                await cleaner.ReleaseLockedAsync(exited, cancellationToken);
                var waiting = exited with { RestartDelay = RestartBackOff.Next(exited.RestartDelay, (exited.FinishedAt - exited.StartedAt) ?? TimeSpan.Zero) };
                store.Save(waiting);
                return waiting;
            }
            using var unattached = remove ? store.TryLockAttached(id) : null;
            if (unattached is null)
            {
                await cleaner.ReleaseLockedAsync(exited, cancellationToken);
                return null;
            }
            await cleaner.RemoveLockedAsync(exited, cancellationToken);
            events.Container("remove", exited);
            volumeRemover.RemoveAnonymousOf(exited);
        }
        catch (IOException) when (store.Load(id) is null)
        {
            // `rm` or the attached client removed the container meanwhile: nothing is left to clean.
        }
        return null;
    }

    public async Task<ExecResult> ExecAsync(ContainerRecord record, ExecOptions options, ExecStreams streams, CancellationToken cancellationToken = default)
    {
        record = states.Refresh(record);
        ContainerStatusRules.Require(record.Status.CanExec(), record, "exec into");
        return await drivers(record.Runtime).ExecAsync(record.Id, store.PathsOf(record.Id).Directory, options, streams, cancellationToken);
    }

    private static async Task SignalIgnoringExitedAsync(IRuntimeDriver driver, ContainerRecord record, string signal, CancellationToken cancellationToken)
    {
        try
        {
            await driver.SignalAsync(record.Id, signal, cancellationToken);
        }
        catch (BerthException)
        {
            // The container exited between the check and the signal; the exit file will say so.
        }
    }
}
