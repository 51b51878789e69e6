using k8s;
using k8s.Models;

namespace Berth.Client.Informers;

/// <summary>The cache key of an object: <c>namespace/name</c>, or <c>name</c> when cluster-scoped (client-go's MetaNamespaceKeyFunc).</summary>
public static class ObjectKey
{
    public static string Of(IKubernetesObject<V1ObjectMeta> obj) => Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
