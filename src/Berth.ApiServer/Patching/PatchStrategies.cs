using System.Collections.Frozen;
using k8s.Models;

namespace Berth.ApiServer.Patching;

/// <summary>
/// The strategic-merge metadata of the built-in kinds, keyed by model type and JSON field name;
/// read from the patchStrategy/patchMergeKey tags of k8s.io/api (core/v1, apps/v1, batch/v1,
/// autoscaling/v2, meta/v1 types.go).
/// </summary>
public static class PatchStrategies
{
    private static readonly FrozenDictionary<(Type, string), ListPatchStrategy> s_strategies = Build();

    /// <summary>The strategy of a field of a model type, or null when the field is replaced as a whole.</summary>
    public static ListPatchStrategy? Find(Type modelType, string field) => s_strategies.GetValueOrDefault((modelType, field));

    private static FrozenDictionary<(Type, string), ListPatchStrategy> Build()
    {
        var byName = new ListPatchStrategy(true, "name");
        var byType = new ListPatchStrategy(true, "type");
        var byIp = new ListPatchStrategy(true, "ip");
        var set = new ListPatchStrategy(true, null);
        var entries = new Dictionary<(Type, string), ListPatchStrategy>
        {
            [(typeof(V1ObjectMeta), "finalizers")] = set,
            [(typeof(V1ObjectMeta), "ownerReferences")] = new(true, "uid"),

            [(typeof(V1PodSpec), "containers")] = byName,
            [(typeof(V1PodSpec), "initContainers")] = byName,
            [(typeof(V1PodSpec), "ephemeralContainers")] = byName,
            [(typeof(V1PodSpec), "volumes")] = new(true, "name", RetainKeys: true),
            [(typeof(V1PodSpec), "imagePullSecrets")] = byName,
            [(typeof(V1PodSpec), "hostAliases")] = byIp,
            [(typeof(V1PodSpec), "topologySpreadConstraints")] = new(true, "topologyKey"),
            [(typeof(V1PodSpec), "resourceClaims")] = new(true, "name", RetainKeys: true),
            [(typeof(V1PodSpec), "schedulingGates")] = byName,
            [(typeof(V1PodStatus), "conditions")] = byType,
            [(typeof(V1PodStatus), "podIPs")] = byIp,
            [(typeof(V1PodStatus), "hostIPs")] = byIp,

            [(typeof(V1ServiceSpec), "ports")] = new(true, "port"),
            [(typeof(V1ServiceStatus), "conditions")] = byType,
            [(typeof(V1ServiceAccount), "secrets")] = byName,
            [(typeof(V1NodeSpec), "podCIDRs")] = set,
            [(typeof(V1NodeStatus), "conditions")] = byType,
            [(typeof(V1NodeStatus), "addresses")] = byType,
            [(typeof(V1NamespaceStatus), "conditions")] = byType,
            [(typeof(V1PersistentVolumeClaimStatus), "conditions")] = byType,
            [(typeof(V1ReplicationControllerStatus), "conditions")] = byType,

            [(typeof(V1DeploymentSpec), "strategy")] = new(false, null, RetainKeys: true),
            [(typeof(V1DeploymentStatus), "conditions")] = byType,
            [(typeof(V1ReplicaSetStatus), "conditions")] = byType,
            [(typeof(V1DaemonSetStatus), "conditions")] = byType,
            [(typeof(V1StatefulSetStatus), "conditions")] = byType,
            [(typeof(V1JobStatus), "conditions")] = byType,
            [(typeof(V2HorizontalPodAutoscalerStatus), "conditions")] = byType,
        };

        foreach (var container in new[] { typeof(V1Container), typeof(V1EphemeralContainer) })
        {
            entries[(container, "ports")] = new(true, "containerPort");
            entries[(container, "env")] = byName;
            entries[(container, "volumeMounts")] = new(true, "mountPath");
            entries[(container, "volumeDevices")] = new(true, "devicePath");
        }

        return entries.ToFrozenDictionary();
    }
}
