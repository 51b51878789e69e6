using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Patching;

/// <summary>Applies a PATCH request body of any Kubernetes patch type to the current object.</summary>
public static class PatchApplier
{
    private static readonly JsonDocumentOptions s_parseOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Returns the patched object (a new node; <paramref name="current"/> is left unchanged).
    /// Throws <see cref="PatchException"/>: 415 for an unknown or unsupported content type, 400 for
    /// a malformed patch, 422 when the patch does not apply or does not leave a JSON object.
    /// </summary>
    /// <param name="current">The stored object.</param>
    /// <param name="contentType">The request's Content-Type; parameters such as charset are ignored.</param>
    /// <param name="patchBody">The request body.</param>
    /// <param name="gvk">The object's kind, which selects the strategic merge keys.</param>
    public static JsonObject Apply(JsonNode current, string contentType, ReadOnlySpan<byte> patchBody, GroupVersionKind gvk)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == PatchContentTypes.ApplyPatch)
        {
            // Objects and their status are applied by FieldManagement; other subresources cannot be.
            throw PatchException.UnsupportedMediaType("server-side apply (application/apply-patch+yaml) is not supported on this subresource");
        }

        if (!PatchContentTypes.All.Contains(mediaType))
        {
            throw PatchException.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", PatchContentTypes.All));
        }

        var patch = Parse(patchBody);
        var result = mediaType switch
        {
            PatchContentTypes.JsonPatch => JsonPatch.Apply(current, patch),
            PatchContentTypes.MergePatch => JsonMergePatch.Apply(current, patch),
            _ => StrategicMergePatch.Apply(current, patch, SchemaOf(gvk)),
        };

        return result as JsonObject ?? throw PatchException.Unprocessable("the patch does not leave a JSON object");
    }

    private static ModelSchema? SchemaOf(GroupVersionKind gvk) =>
        KubernetesModelTypes.Find(gvk) is { } type ? ModelSchema.For(type) : null;

    private static JsonNode? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return DuplicateFields.Find(body).Count == 0
                ? JsonNode.Parse(body, documentOptions: s_parseOptions)
                : DuplicateFields.ParseLastWins(body, s_parseOptions.MaxDepth);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest($"error decoding patch: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw PatchException.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
