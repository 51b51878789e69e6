using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// A Job's conditions as kube's job-controller writes them: the interim SuccessCriteriaMet and
/// FailureTarget come first, then Complete or Failed once no pod is left running or uncounted.
/// </summary>
public static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string FailureTarget = "FailureTarget";
    public const string Suspended = "Suspended";

    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string PodFailurePolicy = "PodFailurePolicy";
    public const string MaxFailedIndexesExceeded = "MaxFailedIndexesExceeded";
    public const string FailedIndexes = "FailedIndexes";
    public const string SuccessPolicy = "SuccessPolicy";
    public const string CompletionsReached = "CompletionsReached";

    public static V1JobCondition? Find(V1Job job, string type) => job.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(V1Job job, string type) => Find(job, type)?.Status == "True";

    /// <summary>Complete or Failed: the job controller leaves the Job alone from then on.</summary>
    public static bool IsFinished(V1Job job) => IsTrue(job, Complete) || IsTrue(job, Failed);

    /// <summary>The finishing condition (Complete or Failed) and when it was reached.</summary>
    public static V1JobCondition? Finished(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is Complete or Failed && c.Status == "True");

    public static V1JobCondition New(string type, string status, string? reason, string? message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastProbeTime = now,
        LastTransitionTime = now,
    };

    /// <summary>
    /// Sets the condition of this type (kube's ensureJobConditionStatus): a changed status, reason
    /// or message replaces it; a False one is never added where none was. Returns whether the list changed.
    /// </summary>
    public static bool Ensure(V1JobStatus status, string type, string value, string? reason, string? message, DateTime now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null)
        {
            if (existing.Status == value && existing.Reason == reason && existing.Message == message)
            {
                return false;
            }
            status.Conditions[status.Conditions.IndexOf(existing)] = New(type, value, reason, message, now);
            return true;
        }
        if (value == "False")
        {
            return false;
        }
        status.Conditions.Add(New(type, value, reason, message, now));
        return true;
    }
}
