using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>One write the StatefulSet controller makes about one of its pods.</summary>
public abstract record StatefulPodAction(V1Pod Pod)
{
    /// <summary>Creates the pod's missing claims, then the pod (its ordinal has none).</summary>
    public sealed record Create(V1Pod Pod) : StatefulPodAction(Pod);

    /// <summary>Deletes the pod, for the reason given.</summary>
    public sealed record Delete(V1Pod Pod, DeleteReason Reason) : StatefulPodAction(Pod);

    /// <summary>Creates the pod's missing claims, sets their owners as the retention policy wants, and puts the pod's identity and volumes right.</summary>
    public sealed record Repair(V1Pod Pod) : StatefulPodAction(Pod);

    /// <summary>Sets the owners of a scaled-away pod's claims as the retention policy wants, before the pod goes.</summary>
    public sealed record RetainClaims(V1Pod Pod) : StatefulPodAction(Pod);
}
