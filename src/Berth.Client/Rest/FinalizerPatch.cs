using System.Text.Json.Nodes;
using k8s.Models;

namespace Berth.Client.Rest;

/// <summary>
/// JSON patches (RFC 6902) that add or remove one finalizer, guarded by the object's resourceVersion so a
/// concurrent change to the finalizers is never overwritten: the patch fails and the caller syncs again.
/// </summary>
public static class FinalizerPatch
{
    public static string Add(V1ObjectMeta metadata, string finalizer) => Replace(metadata, [.. metadata.Finalizers ?? [], finalizer]);

    public static string Remove(V1ObjectMeta metadata, string finalizer) => Replace(metadata, [.. (metadata.Finalizers ?? []).Where(f => f != finalizer)]);

    private static string Replace(V1ObjectMeta metadata, IEnumerable<string> finalizers) => new JsonArray(
        new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = metadata.ResourceVersion },
        new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray([.. finalizers.Select(f => JsonValue.Create(f))]) })
        .ToJsonString();
}
