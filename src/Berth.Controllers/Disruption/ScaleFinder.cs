using Berth.Client.Informers;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Disruption;

/// <summary>
/// The controller whose scale a budgeted pod counts against (kube's finders): its Deployment when
/// its ReplicaSet belongs to one, else its ReplicaSet, or its StatefulSet, read from the caches
/// with uids checked; null when none is found.
/// </summary>
public sealed class ScaleFinder(ObjectCache<V1ReplicaSet> replicaSets, ObjectCache<V1Deployment> deployments, ObjectCache<V1StatefulSet> statefulSets)
{
    public ControllerScale? Find(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        switch (ControllerRefs.Of(pod.Metadata))
        {
            case { Kind: "ReplicaSet" } owner when replicaSets.Get(ns, owner.Name) is { } rs && rs.Metadata.Uid == owner.Uid:
                if (ControllerRefs.Of(rs.Metadata) is not { Kind: "Deployment" } deploymentRef)
                {
                    return new ControllerScale(rs.Metadata.Uid, rs.Spec.Replicas ?? 1);
                }
                return deployments.Get(ns, deploymentRef.Name) is { } deployment && deployment.Metadata.Uid == deploymentRef.Uid
                    ? new ControllerScale(deployment.Metadata.Uid, deployment.Spec.Replicas ?? 1)
                    : null;
            case { Kind: "StatefulSet" } owner when statefulSets.Get(ns, owner.Name) is { } set && set.Metadata.Uid == owner.Uid:
                return new ControllerScale(set.Metadata.Uid, set.Spec.Replicas ?? 1);
            default:
                return null;
        }
    }
}
