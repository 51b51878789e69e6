using Berth.ApiServer.Conversion;

namespace Berth.ApiServer.Resources;

/// <summary>
/// One REST resource the server serves: names for discovery, how it is stored, which subresources
/// and field selectors it has. Every built-in is a row in <see cref="BuiltInResources"/>.
/// </summary>
public sealed record ResourceDefinition
{
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

    public bool HasStatus { get; init; }

    public bool HasScale { get; init; }

    /// <summary>metadata.generation is set on create and bumped when spec changes.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Field selector labels beyond metadata.name and metadata.namespace, mapped to JSON paths.</summary>
    public IReadOnlyDictionary<string, string> FieldLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when the resource shows another one's stored objects (events.k8s.io/v1 Events are core/v1 Events).</summary>
    public IStorageConversion? Conversion { get; init; }

    public string SingularName => Kind.ToLowerInvariant();

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>Where objects live in the key-value store (design principle 5).</summary>
    public string StoragePrefix => Conversion?.StoragePrefix ?? $"/registry/{(Group.Length == 0 ? "core" : Group)}/{Name}/";

    public string QualifiedName => Group.Length == 0 ? Name : $"{Name}.{Group}";

    public string StorageKey(string? ns, string name) => Namespaced ? $"{StoragePrefix}{ns}/{name}" : $"{StoragePrefix}{name}";

    public string CollectionPrefix(string? ns) => Namespaced && !string.IsNullOrEmpty(ns) ? $"{StoragePrefix}{ns}/" : StoragePrefix;
}
