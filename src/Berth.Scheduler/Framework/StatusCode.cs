namespace Berth.Scheduler.Framework;

/// <summary>What a plugin says about a pod on a node (kube-scheduler's framework.Code).</summary>
public enum StatusCode
{
    Success,

    /// <summary>An internal failure: the pod is retried after back-off.</summary>
    Error,

    /// <summary>The pod does not fit now; preempting pods on the node may make it fit.</summary>
    Unschedulable,

    /// <summary>The pod does not fit and preemption cannot change that (a taint, a label, a name).</summary>
    UnschedulableAndUnresolvable,

    /// <summary>The plugin has nothing to say about this pod: its later steps are skipped for this cycle.</summary>
    Skip,
}
