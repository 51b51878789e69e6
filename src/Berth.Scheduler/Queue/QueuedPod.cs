using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Queue;

/// <summary>A pod waiting in the scheduling queue, with its attempts and what turned it down last (kube's QueuedPodInfo).</summary>
public sealed class QueuedPod(PodInfo pod, DateTimeOffset added)
{
    private static readonly IReadOnlySet<string> NoPlugins = new HashSet<string>();

    public PodInfo Pod { get; internal set; } = pod;

    /// <summary>When it was (re)queued: equal priorities go first-in, first-out.</summary>
    public DateTimeOffset Timestamp { get; internal set; } = added;

    /// <summary>Scheduling attempts so far; each failure doubles the back-off.</summary>
    public int Attempts { get; internal set; }

    public DateTimeOffset BackoffExpiry { get; internal set; }

    /// <summary>The plugins that rejected it in its last attempt.</summary>
    public IReadOnlySet<string> UnschedulablePlugins { get; internal set; } = NoPlugins;

    /// <summary>The scheduling cycle that popped it last.</summary>
    internal long Cycle { get; set; }

    /// <summary>Moves on whenever the pod changes place, so stale heap entries are skipped.</summary>
    internal long Version { get; set; }

    /// <summary>Its spec or labels changed while it was being scheduled: a failure retries it instead of parking it.</summary>
    internal bool UpdatedInFlight { get; set; }
}
