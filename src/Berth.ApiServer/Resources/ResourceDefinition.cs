using Berth.ApiServer.Conversion;
using Berth.ApiServer.Strategies;

namespace Berth.ApiServer.Resources;

/// <summary>
/// One REST resource the server serves: names for discovery, how it is stored, which subresources
/// and field selectors it has. Every built-in is a row in <see cref="BuiltInResources"/>.
/// </summary>
public sealed record ResourceDefinition
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower case: the URL segment (pods).</summary>
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    /// <summary>The k8s.Models type, for OpenAPI schemas.</summary>
    public required Type ModelType { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The verbs on the resource itself (namespaces have no deletecollection).</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>
    /// False for create-only resources that answer from the request and keep nothing (selfsubjectreviews),
    /// served by a handler of their own.
    /// </summary>
    public bool Stored { get; init; } = true;

    public bool HasStatus { get; init; }

    public bool HasScale { get; init; }

    /// <summary>metadata.generation is set on create and bumped when spec changes.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Subresources besides status and scale, each served by a handler of its own (pods/binding, namespaces/finalize).</summary>
    public IReadOnlyList<Subresource> Subresources { get; init; } = [];

    /// <summary>The kind's defaulting, validation and update rules.</summary>
    public ResourceStrategy Strategy { get; init; } = ResourceStrategy.Generic;

    /// <summary>What writes of this kind claim and give back beside the object (a Service's cluster IP and node ports).</summary>
    public Registry.IWriteHooks? Hooks { get; init; }

    /// <summary>Field selector labels beyond metadata.name and metadata.namespace, mapped to JSON paths.</summary>
    public IReadOnlyDictionary<string, string> FieldLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when the resource shows another one's stored objects (events.k8s.io/v1 Events are core/v1 Events).</summary>
    public IStorageConversion? Conversion { get; init; }

    /// <summary>Every subresource served, as discovery lists them: status, scale, then <see cref="Subresources"/>.</summary>
    public IEnumerable<Subresource> AllSubresources
    {
        get
        {
            if (HasStatus)
            {
                yield return new Subresource("status", Kind, SubresourceVerbs);
            }
            if (HasScale)
            {
                yield return new Subresource("scale", "Scale", SubresourceVerbs, "autoscaling", "v1");
            }
            foreach (var subresource in Subresources)
            {
                yield return subresource;
            }
        }
    }

    public string SingularName => Kind.ToLowerInvariant();

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>Where objects live in the key-value store (design principle 5).</summary>
    public string StoragePrefix => Conversion?.StoragePrefix ?? $"/registry/{(Group.Length == 0 ? "core" : Group)}/{Name}/";

    public string QualifiedName => Group.Length == 0 ? Name : $"{Name}.{Group}";

    public string StorageKey(string? ns, string name) => Namespaced ? $"{StoragePrefix}{ns}/{name}" : $"{StoragePrefix}{name}";

    public string CollectionPrefix(string? ns) => Namespaced && !string.IsNullOrEmpty(ns) ? $"{StoragePrefix}{ns}/" : StoragePrefix;
}
