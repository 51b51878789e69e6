using System.Collections.Frozen;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// The structure server-side apply merges and owns by (the x-kubernetes-list-type,
/// x-kubernetes-list-map-keys and x-kubernetes-map-type of the Kubernetes OpenAPI, as
/// structured-merge-diff reads them): lists whose type the API declares, otherwise the strategic
/// merge keys (a merge key makes a map list, a merge list of scalars a set, anything else is atomic).
/// </summary>
public static class ApplySchema
{
    /// <summary>Lists whose apply keys differ from their strategic merge key (k8s.io/api core/v1 types.go listMapKey tags).</summary>
    private static readonly FrozenDictionary<(Type, string), ListType> s_declared = new Dictionary<(Type, string), ListType>
    {
        [(typeof(V1Container), "ports")] = ListType.Map("containerPort", "protocol").WithDefault("protocol", "TCP"),
        [(typeof(V1EphemeralContainer), "ports")] = ListType.Map("containerPort", "protocol").WithDefault("protocol", "TCP"),
        [(typeof(V1ServiceSpec), "ports")] = ListType.Map("port", "protocol").WithDefault("protocol", "TCP"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = ListType.Map("topologyKey", "whenUnsatisfiable"),
    }.ToFrozenDictionary();

    /// <summary>Structs marked +structType=atomic (or +mapType=atomic): replaced and owned as a whole.</summary>
    private static readonly FrozenSet<Type> s_atomicStructs = new[]
    {
        typeof(V1LabelSelector), typeof(V1LocalObjectReference), typeof(V1ObjectReference), typeof(V1TypedLocalObjectReference),
        typeof(V1ConfigMapKeySelector), typeof(V1SecretKeySelector), typeof(V1ObjectFieldSelector), typeof(V1ResourceFieldSelector),
        typeof(V1NodeSelector), typeof(V1NodeSelectorTerm),
    }.ToFrozenSet();

    /// <summary>Maps marked +mapType=atomic: a pod's nodeSelector, a service's and a replication controller's selector.</summary>
    private static readonly FrozenSet<(Type, string)> s_atomicMaps = new[]
    {
        (typeof(V1PodSpec), "nodeSelector"), (typeof(V1ServiceSpec), "selector"), (typeof(V1ReplicationControllerSpec), "selector"),
    }.ToFrozenSet();

    /// <summary>The schema of a field of an object or of a value of a map; null when unknown.</summary>
    public static ModelSchema? Child(ModelSchema? schema, string name) => schema?.Kind switch
    {
        SchemaKind.Object => schema.Field(name),
        SchemaKind.Map => schema.Element,
        _ => null,
    };

    /// <summary>The list type of a field (lists without a schema are atomic).</summary>
    public static ListType ListOf(ModelSchema? parent, string field)
    {
        if (parent?.Kind != SchemaKind.Object)
        {
            return ListType.Atomic;
        }

        if (s_declared.TryGetValue((parent.ModelType, field), out var declared))
        {
            return declared;
        }

        return PatchStrategies.Find(parent.ModelType, field) switch
        {
            { Merge: true, MergeKey: { } key } => ListType.Map(key),
            { Merge: true } => ListType.Set,
            _ => ListType.Atomic,
        };
    }

    /// <summary>True for values owned as one leaf: scalars, untyped values and atomic structs.</summary>
    public static bool IsAtomic(ModelSchema? schema) =>
        schema is not null && (schema.Kind is SchemaKind.Scalar or SchemaKind.Any || s_atomicStructs.Contains(schema.ModelType));

    /// <summary>True when a field of <paramref name="parent"/> is owned as one leaf: its type is atomic, or it is an atomic map.</summary>
    public static bool IsAtomic(ModelSchema? parent, string field) =>
        IsAtomic(Child(parent, field)) || (parent?.Kind == SchemaKind.Object && s_atomicMaps.Contains((parent.ModelType, field)));
}
