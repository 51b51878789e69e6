using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>What one StatefulSet sync plans from: the set, its current and update revisions, its pods and the claims it can see.</summary>
public sealed record StatefulSetSnapshot(
    V1StatefulSet Set,
    V1PodTemplateSpec CurrentTemplate,
    string CurrentRevision,
    V1PodTemplateSpec UpdateTemplate,
    string UpdateRevision,
    int CollisionCount,
    IReadOnlyList<V1Pod> Pods,
    Func<string, V1PersistentVolumeClaim?> Claim,
    DateTime Now);
