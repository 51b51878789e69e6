namespace Berth.Engine.Containers;

/// <summary>The state machine's own checks, after youki's container/state.rs (can_start, can_kill...).</summary>
public static class ContainerStatusRules
{
    public static bool CanStart(this ContainerStatus status) => status == ContainerStatus.Created;

    public static bool CanSignal(this ContainerStatus status) => status is ContainerStatus.Running or ContainerStatus.Paused;

    public static bool CanPause(this ContainerStatus status) => status == ContainerStatus.Running;

    public static bool CanUnpause(this ContainerStatus status) => status == ContainerStatus.Paused;

    public static bool CanExec(this ContainerStatus status) => status == ContainerStatus.Running;

    /// <summary>Without force only a container that is not running can be removed.</summary>
    public static bool CanRemove(this ContainerStatus status, bool force) => force || status is ContainerStatus.Created or ContainerStatus.Exited;

    /// <summary>Throws the one-line error a user sees when <paramref name="allowed"/> is false.</summary>
    public static void Require(bool allowed, ContainerRecord container, string action)
    {
        if (!allowed)
        {
            throw new ConflictException($"cannot {action} container {container.ShortId}: container state improper ({container.Status.ToString().ToLowerInvariant()})");
        }
    }
}
