using System.Text.Json.Nodes;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// Keeps Secrets' values out of the log below RequestResponse: at <see cref="AuditLevel.Request"/> a
/// Secret's <c>data</c> and <c>stringData</c> (and kubectl's last-applied-configuration annotation,
/// which repeats them) leave the requestObject, for a Secret, each Secret of a list, and a patch of
/// a Secret (merge patches lose the fields, JSON patches the operations on them). At
/// RequestResponse the bodies are logged whole, as kube logs them.
/// </summary>
public static class SecretRedaction
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    private static readonly string[] SecretFields = ["data", "stringData"];

    /// <param name="isSecretResource">The request is on core <c>secrets</c>, so a body without a kind (a patch) is a Secret's.</param>
    public static void Apply(JsonNode body, bool isSecretResource)
    {
        switch (body)
        {
            case JsonObject obj:
                RedactObject(obj, isSecretResource);
                if (obj["items"] is JsonArray items)
                {
                    foreach (var item in items.OfType<JsonObject>())
                    {
                        RedactObject(item, isSecretResource);
                    }
                }
                break;
            case JsonArray operations when isSecretResource:
                RedactJsonPatch(operations);
                break;
        }
    }

    private static void RedactObject(JsonObject obj, bool isSecretResource)
    {
        if (!isSecretResource && !IsKind(obj, "Secret"))
        {
            return;
        }
        foreach (var field in SecretFields)
        {
            obj.Remove(field);
        }
        (obj["metadata"]?["annotations"] as JsonObject)?.Remove(LastApplied);
    }

    private static void RedactJsonPatch(JsonArray operations)
    {
        for (var i = operations.Count - 1; i >= 0; i--)
        {
            if (operations[i] is not JsonObject operation)
            {
                continue;
            }
            var path = operation["path"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : "";
            if (path.StartsWith("/data", StringComparison.Ordinal) || path.StartsWith("/stringData", StringComparison.Ordinal)
                || path == "/metadata/annotations/" + LastApplied.Replace("/", "~1", StringComparison.Ordinal))
            {
                operations.RemoveAt(i);
                continue;
            }
            switch (path, operation["value"])
            {
                case ("/metadata/annotations", JsonObject annotations):
                    annotations.Remove(LastApplied);
                    break;
                case ("/metadata", JsonObject metadata):
                    (metadata["annotations"] as JsonObject)?.Remove(LastApplied);
                    break;
                case ("" or "/", JsonObject whole):
                    RedactObject(whole, isSecretResource: true);
                    break;
            }
        }
    }

    private static bool IsKind(JsonObject obj, string kind) => obj["kind"] is JsonValue value && value.TryGetValue<string>(out var text) && text == kind;
}
