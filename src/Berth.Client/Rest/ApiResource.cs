using System.Text.Json.Serialization.Metadata;
using Berth.Client.Serialization;
using k8s;
using k8s.Models;

namespace Berth.Client.Rest;

/// <summary>
/// One REST resource (group, version, plural) with the JSON type information of its object and
/// list, so the client reads and writes it without reflection.
/// </summary>
public sealed record ApiResource<T, TList>(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    JsonTypeInfo<T> Json,
    JsonTypeInfo<TList> ListJson)
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The request path: the collection (all namespaces when <paramref name="ns"/> is null for a
    /// namespaced resource), one object, or one object's subresource.
    /// </summary>
    public string Path(string? ns, string? name = null, string? subresource = null)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var collection = Namespaced && ns is not null ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{root}/{Plural}";
        if (name is null)
        {
            return collection;
        }
        var item = $"{collection}/{Uri.EscapeDataString(name)}";
        return subresource is null ? item : $"{item}/{subresource}";
    }

    /// <summary>This resource read as informers cache it: without metadata.managedFields (<see cref="CacheModelJson"/>).</summary>
    public ApiResource<T, TList> WithoutManagedFields() => this with { Json = CacheModelJson.For<T>(), ListJson = CacheModelJson.For<TList>() };

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
