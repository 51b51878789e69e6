using Berth.Client.Scheduling;
using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// Whether a DaemonSet wants a pod on a node (kube's NodeShouldRunDaemonPod): <see cref="ShouldRun"/>
/// when the template's nodeName, nodeSelector and required node affinity allow the node and the pod
/// (with the automatic tolerations) tolerates its NoSchedule and NoExecute taints;
/// <see cref="ShouldContinueRunning"/> also when only NoSchedule taints are untolerated, so a taint
/// added later evicts only with NoExecute.
/// </summary>
public readonly record struct NodeFit(bool ShouldRun, bool ShouldContinueRunning)
{
    public static NodeFit Of(V1DaemonSet ds, V1Node node)
    {
        var spec = ds.Spec.Template.Spec;
        if (!string.IsNullOrEmpty(spec.NodeName) && spec.NodeName != node.Metadata.Name)
        {
            return new(false, false);
        }
        if (!RequiredNodeAffinity.Of(spec).Matches(node))
        {
            return new(false, false);
        }
        var tolerations = DaemonPods.WithDaemonTolerations(spec);
        if (Tolerations.FindUntolerated(node.Spec?.Taints, tolerations, Tolerations.DoNotSchedule) is null)
        {
            return new(true, true);
        }
        return new(false, Tolerations.FindUntolerated(node.Spec?.Taints, tolerations, t => t.Effect == Tolerations.NoExecute) is null);
    }
}
