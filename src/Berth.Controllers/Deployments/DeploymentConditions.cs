using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>Deployment conditions with kube's types, reasons and messages (deployment util).</summary>
public static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string Paused = "DeploymentPaused";
    public const string Resumed = "DeploymentResumed";

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now,
        LastTransitionTime = now,
    };

    /// <summary>
    /// Puts a condition in place of the one of its type; an unchanged status and reason keep their
    /// lastTransitionTime (kube's SetDeploymentCondition).
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var conditions = status.Conditions ??= [];
        var current = conditions.FirstOrDefault(c => c.Type == condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            if (current.Message == condition.Message)
            {
                return;
            }
            condition.LastTransitionTime = current.LastTransitionTime;
        }
        if (current is not null)
        {
            conditions.Remove(current);
        }
        conditions.Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions?.FirstOrDefault(c => c.Type == type) is { } current)
        {
            status.Conditions.Remove(current);
        }
    }

    public static string ReplicaSetMessage(string verb, string rs) => $"ReplicaSet \"{rs}\" {verb}";
}
