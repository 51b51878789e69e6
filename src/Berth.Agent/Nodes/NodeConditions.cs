using k8s.Models;

namespace Berth.Agent.Nodes;

/// <summary>Node conditions as kubelet writes them: a fresh heartbeat each report, a transition time only when the status flips.</summary>
public static class NodeConditions
{
    public static V1NodeCondition Next(IList<V1NodeCondition> previous, string type, bool status, (string Reason, string Message) why, DateTime now)
    {
        var text = status ? "True" : "False";
        var last = previous.FirstOrDefault(c => c.Type == type);
        return new V1NodeCondition
        {
            Type = type,
            Status = text,
            Reason = why.Reason,
            Message = why.Message,
            LastHeartbeatTime = now,
            LastTransitionTime = last is not null && last.Status == text ? last.LastTransitionTime : now,
        };
    }
}
