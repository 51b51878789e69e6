using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Watch;

/// <summary>The parts of <c>metadata</c> read on hot paths (label selectors, garbage collection).</summary>
public sealed record CachedMetadata(
    string? Namespace,
    string Name,
    string Uid,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> OwnerUids,
    IReadOnlyList<string> Finalizers,
    bool Deleting)
{
    public static CachedMetadata From(JsonObject obj) => new(
        ObjectMetadata.Namespace(obj),
        ObjectMetadata.Name(obj),
        ObjectMetadata.Uid(obj),
        ObjectMetadata.Labels(obj),
        ObjectMetadata.OwnerUids(obj),
        ObjectMetadata.Finalizers(obj),
        ObjectMetadata.IsDeleting(obj));
}
