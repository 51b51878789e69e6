using Berth.Controllers.StatefulSets;
using k8s.Models;

namespace Berth.Controllers.Tests.StatefulSets;

/// <summary>Sets, pods and snapshots for the StatefulSet tables.</summary>
internal static class StatefulSetFixtures
{
    public static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public static V1StatefulSet Set(int replicas, string policy = "OrderedReady", string strategy = "RollingUpdate", int? partition = 0,
        string whenScaled = "Retain", string whenDeleted = "Retain", bool claims = true) => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "set-uid", Generation = 2 },
            Spec = new V1StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = "web",
                PodManagementPolicy = policy,
                UpdateStrategy = new V1StatefulSetUpdateStrategy
                {
                    Type = strategy,
                    RollingUpdate = strategy == "RollingUpdate" && partition is not null ? new V1RollingUpdateStatefulSetStrategy { Partition = partition } : null,
                },
                PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenScaled = whenScaled, WhenDeleted = whenDeleted },
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template("v1"),
                VolumeClaimTemplates = claims ? [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec() }] : null,
            },
            Status = new V1StatefulSetStatus { Replicas = 0 },
        };

    public static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    /// <summary>A pod of the set as the API would hold it, in one of: pending, running, ready, failed, succeeded; optionally terminating.</summary>
    public static V1Pod Pod(V1StatefulSet set, int ordinal, string state = "ready", string revision = "rev-1", bool terminating = false)
    {
        var pod = StatefulPodIdentity.NewPod(set, set.Spec.Template, ordinal, revision);
        pod.Metadata.Uid = $"pod-{ordinal}";
        pod.Metadata.DeletionTimestamp = terminating ? Now : null;
        pod.Status = new V1PodStatus
        {
            Phase = state switch { "pending" => "Pending", "failed" => "Failed", "succeeded" => "Succeeded", _ => "Running" },
            Conditions = [new V1PodCondition { Type = "Ready", Status = state == "ready" ? "True" : "False", LastTransitionTime = Now.AddMinutes(-1) }],
        };
        return pod;
    }

    public static V1PersistentVolumeClaim Claim(string name, params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = $"uid-{name}", OwnerReferences = owners.Length == 0 ? null : owners },
    };

    public static V1OwnerReference SetRef(V1StatefulSet set) => new() { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = set.Metadata.Name, Uid = set.Metadata.Uid, Controller = true };

    public static V1OwnerReference PodRef(V1Pod pod, string? uid = null) => new() { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = uid ?? pod.Metadata.Uid, Controller = true };

    /// <summary>A snapshot with revision rev-1 current and <paramref name="update"/> the update revision; claims exist for every ordinal unless given.</summary>
    public static StatefulSetSnapshot Snapshot(V1StatefulSet set, IEnumerable<V1Pod> pods, string update = "rev-1", IEnumerable<V1PersistentVolumeClaim>? claims = null)
    {
        var podList = pods.ToList();
        var claimMap = (claims ?? podList.Select(p => Claim($"data-{p.Metadata.Name}", SetRefIfDeleting(set))))
            .ToDictionary(c => c.Metadata.Name);
        return new StatefulSetSnapshot(set, set.Spec.Template, "rev-1", Template(update == "rev-1" ? "v1" : "v2"), update, 0, podList,
            name => claimMap.GetValueOrDefault(name), Now);
    }

    private static V1OwnerReference[] SetRefIfDeleting(V1StatefulSet set) =>
        set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == "Delete" ? [SetRef(set)] : [];

    /// <summary>The plan's actions as short words: "create web-1", "delete web-2 (ScaledDown)"…</summary>
    public static string[] Describe(StatefulSetPlan plan) => [.. plan.Actions.Select(a => a switch
    {
        StatefulPodAction.Create c => $"create {c.Pod.Metadata.Name}",
        StatefulPodAction.Delete d => $"delete {d.Pod.Metadata.Name} ({d.Reason})",
        StatefulPodAction.Repair r => $"repair {r.Pod.Metadata.Name}",
        StatefulPodAction.RetainClaims r => $"retain claims of {r.Pod.Metadata.Name}",
        _ => a.ToString()!,
    })];
}
