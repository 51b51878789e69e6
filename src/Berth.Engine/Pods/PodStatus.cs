namespace Berth.Engine.Pods;

/// <summary>A pod's status, as `pod ls` and `pod inspect` show it.</summary>
public enum PodStatus
{
    Created,
    Running,
    Degraded,
    Paused,
    Stopped,
    Exited,
}
