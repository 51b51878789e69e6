using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Preemption;

/// <summary>
/// Which pods preemption spares first (kube's util.MoreImportantPod): higher priority, then the
/// one running longer (an earlier start time; a pod not started yet counts as starting now).
/// </summary>
internal sealed class PodImportance(DateTime now) : IComparer<PodInfo>
{
    /// <summary>Negative when <paramref name="x"/> is more important (sorts first).</summary>
    public int Compare(PodInfo? x, PodInfo? y)
    {
        if (x!.Priority != y!.Priority)
        {
            return y.Priority.CompareTo(x.Priority);
        }
        return StartTime(x).CompareTo(StartTime(y));
    }

    public DateTime StartTime(PodInfo pod) => pod.Pod.Status?.StartTime?.ToUniversalTime() ?? now;
}
