using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// The back-off between a Job's failed pods and their replacements (kube's backoffRecord): the
/// failures since the last success and when the last of them happened. The delay is 10 s doubled
/// per further failure, capped at 6 minutes (the documented kube Job back-off), counted from the
/// last failure.
/// </summary>
public sealed record FailureBackoff(int FailuresAfterLastSuccess, DateTime? LastFailureTime)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    public static FailureBackoff None { get; } = new(0, null);

    /// <summary>The delay owed after <paramref name="failures"/> consecutive failures.</summary>
    public static TimeSpan Delay(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }
        var delay = Initial;
        for (var i = 1; i < failures && delay < Max; i++)
        {
            delay *= 2;
        }
        return delay < Max ? delay : Max;
    }

    /// <summary>How long the next pod creation must still wait at <paramref name="now"/>.</summary>
    public TimeSpan Remaining(DateTime now)
    {
        if (FailuresAfterLastSuccess == 0 || LastFailureTime is not { } last)
        {
            return TimeSpan.Zero;
        }
        var rest = Delay(FailuresAfterLastSuccess) - (now - last);
        return rest > TimeSpan.Zero ? rest : TimeSpan.Zero;
    }

    /// <summary>
    /// The record after pods newly seen finished: failures add up; a success resets the count to the
    /// failures that happened after it.
    /// </summary>
    public FailureBackoff After(IEnumerable<V1Pod> newSucceeded, IEnumerable<V1Pod> newFailed)
    {
        var failed = newFailed.Select(PodFinishTime.Of).Order().ToList();
        var succeeded = newSucceeded.Select(PodFinishTime.Of).Order().ToList();
        if (succeeded.Count == 0)
        {
            return failed.Count == 0 ? this : new FailureBackoff(FailuresAfterLastSuccess + failed.Count, failed[^1]);
        }
        var lastSuccess = succeeded[^1];
        var after = failed.Where(t => t > lastSuccess).ToList();
        return after.Count == 0 ? None : new FailureBackoff(after.Count, after[^1]);
    }
}
