using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using k8s.Models;

namespace Berth.ApiServer.Validation;

/// <summary>Maps kinds to the KubernetesClient model types that describe their fields.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = KubernetesModelTypes.Rooted)]
public static class KubernetesModelTypes
{
    /// <summary>Why reflection over k8s.Models is safe in the trimmed, AOT-compiled binary.</summary>
    internal const string Rooted = "Every k8s.Models type is a trimmer root of the berth binary (src/Berth/KubernetesModelRoots.xml): its members are kept.";

    private static readonly FrozenDictionary<GroupVersionKind, Type> s_types = typeof(V1Pod).Assembly
        .GetExportedTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(e => e.Entity is { Kind: not null, ApiVersion: not null })
        .GroupBy(e => new GroupVersionKind(e.Entity!.Group ?? "", e.Entity.ApiVersion!, e.Entity.Kind!))
        .ToFrozenDictionary(g => g.Key, g => g.First().Type);

    /// <summary>The model type of a kind, or null when the client library does not know it.</summary>
    public static Type? Find(GroupVersionKind gvk) => s_types.GetValueOrDefault(gvk);
}
