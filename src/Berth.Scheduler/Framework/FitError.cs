using System.Globalization;

namespace Berth.Scheduler.Framework;

/// <summary>
/// A pod that fits no node, and the message kube-scheduler gives it (framework.FitError.Error):
/// <c>0/N nodes are available: </c> then the PreFilter message, or each reason counted over the
/// nodes (<c>2 Insufficient cpu</c>) sorted as strings and joined by ", ", a period, then the
/// PostFilter (preemption) message, e.g.
/// <c>0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.</c>
/// </summary>
public sealed class FitError(int numAllNodes, Diagnosis diagnosis)
{
    public int NumAllNodes => numAllNodes;

    public Diagnosis Diagnosis => diagnosis;

    public string Message
    {
        get
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"0/{numAllNodes} nodes are available:");
            if (!string.IsNullOrEmpty(diagnosis.PreFilterMessage))
            {
                message += $" {diagnosis.PreFilterMessage}.";
            }
            else if (CountedReasons() is { Count: > 0 } reasons)
            {
                message += $" {string.Join(", ", reasons)}.";
            }
            if (!string.IsNullOrEmpty(diagnosis.PostFilterMessage))
            {
                message += $" {diagnosis.PostFilterMessage}";
            }
            return message;
        }
    }

    public override string ToString() => Message;

    private List<string> CountedReasons()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (status, _) in diagnosis.NodeStatuses.Values)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }
        var absent = numAllNodes - diagnosis.NodeStatuses.Count;
        if (absent > 0)
        {
            foreach (var reason in diagnosis.AbsentNodesStatus.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + absent;
            }
        }
        var reasons = counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}")).ToList();
        reasons.Sort(StringComparer.Ordinal);
        return reasons;
    }
}
