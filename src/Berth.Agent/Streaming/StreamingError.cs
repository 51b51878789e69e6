using System.Text.Json.Nodes;

namespace Berth.Agent.Streaming;

/// <summary>A request the streaming server refuses, answered as a Kubernetes Status with its HTTP code (the API server passes it on).</summary>
public sealed class StreamingError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public static StreamingError BadRequest(string message) => new(400, "BadRequest", message);

    public static StreamingError NotFound(string message) => new(404, "NotFound", message);

    public static StreamingError Internal(string message) => new(500, "InternalError", message);

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["code"] = Code,
    };
}
