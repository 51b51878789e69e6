namespace Berth.Scheduler.Framework;

/// <summary>
/// Why a pod fits nowhere (kube-scheduler's framework.Diagnosis): the status each examined node got,
/// the status of the nodes never examined (a PreFilter narrowed the nodes or turned the pod down),
/// which plugins turned it down (so only the events they wait for retry it), and the messages of
/// PreFilter and PostFilter (preemption).
/// </summary>
public sealed class Diagnosis
{
    /// <summary>The status of each node a filter turned down, with the plugin that did.</summary>
    public Dictionary<string, (Status Status, string Plugin)> NodeStatuses { get; } = new(StringComparer.Ordinal);

    /// <summary>The status of every node not in <see cref="NodeStatuses"/>; by default without reasons.</summary>
    public Status AbsentNodesStatus { get; set; } = new(StatusCode.UnschedulableAndUnresolvable);

    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    public string? PreFilterMessage { get; set; }

    public string? PostFilterMessage { get; set; }

    /// <summary>The status a node got: its own, or the absent nodes' one.</summary>
    public Status StatusOf(string node) => NodeStatuses.TryGetValue(node, out var status) ? status.Status : AbsentNodesStatus;

    public void Set(string node, Status status, string plugin)
    {
        NodeStatuses[node] = (status, plugin);
        if (status.IsRejected)
        {
            UnschedulablePlugins.Add(plugin);
        }
    }
}
