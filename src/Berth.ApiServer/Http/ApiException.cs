using System.Text.Json.Nodes;

namespace Berth.ApiServer.Http;

/// <summary>
/// A request that ends in a Kubernetes <c>Status</c>: thrown anywhere in the pipeline, written by
/// <see cref="StatusWriter"/>. Factories mirror k8s.io/apimachinery/pkg/api/errors.
/// </summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);

    /// <summary>kube's NewForbidden for one object: <c>pods "web" is forbidden: why</c> (no name when empty).</summary>
    public static ApiException Forbidden(string group, string resource, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(group, resource)}{(name.Length == 0 ? "" : $" \"{name}\"")} is forbidden: {why}", Detail(group, resource, name));

    /// <summary>kube's NewTooManyRequests (429) with the causes given, as the eviction subresource answers.</summary>
    public static ApiException TooManyRequests(string message, int retryAfterSeconds, params (string Reason, string Message)[] causes)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message })]),
        };
        if (retryAfterSeconds > 0)
        {
            details["retryAfterSeconds"] = retryAfterSeconds;
        }
        return new(429, "TooManyRequests", message, details);
    }

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Detail(group, resource, name));

    public static ApiException NotFoundPath(string path) => new(404, "NotFound", $"the server could not find the requested resource ({path})");

    public static ApiException MethodNotAllowed(string verb, string resource) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb} {resource})");

    public static ApiException NotAcceptable(string accept) => new(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/yaml (got {accept})");

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", Detail(group, resource, name));

    public static ApiException Conflict(string group, string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {why}", Detail(group, resource, name));

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException TooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \"{contentType}\")");

    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldCause> causes)
    {
        var summary = string.Join(", ", causes.Select(c => c.ToString()));
        var details = Detail(group, kind, name);
        details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = c.Reason,
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var kindName = group.Length == 0 ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{kindName} \"{name}\" is invalid: {summary}", details);
    }

    public static ApiException Internal(string message) => new(500, "InternalError", message);

    private static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject Detail(string group, string kind, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }
        details["kind"] = kind;
        return details;
    }
}
