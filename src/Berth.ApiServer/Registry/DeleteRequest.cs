using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Registry;

/// <summary>The parts of a <c>DeleteOptions</c> body (or query) the server honours.</summary>
public sealed record DeleteRequest(
    PropagationPolicy Propagation = PropagationPolicy.Background,
    long? GracePeriodSeconds = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false)
{
    /// <summary>Who deletes: delete admission sees the user's deletes; the server's own (null) skip it.</summary>
    public UserInfo? User { get; init; }

    public static DeleteRequest From(JsonObject? body, PropagationPolicy? queryPolicy, long? queryGrace, bool dryRun)
    {
        var policy = queryPolicy ?? PropagationPolicy.Background;
        if (body?["propagationPolicy"] is JsonValue p)
        {
            policy = ParsePolicy(p.GetValue<string>());
        }
        else if (body?["orphanDependents"] is JsonValue o && o.GetValue<bool>())
        {
            policy = PropagationPolicy.Orphan;
        }
        var grace = body?["gracePeriodSeconds"] is JsonValue g ? g.GetValue<long>() : queryGrace;
        var preconditions = body?["preconditions"] as JsonObject;
        var bodyDryRun = body?["dryRun"] is JsonArray d && d.Any(x => x?.GetValue<string>() == "All");
        return new DeleteRequest(
            policy,
            grace,
            preconditions?["uid"]?.GetValue<string>(),
            preconditions?["resourceVersion"]?.GetValue<string>(),
            dryRun || bodyDryRun);
    }

    public static PropagationPolicy ParsePolicy(string value) => value switch
    {
        "Background" => PropagationPolicy.Background,
        "Foreground" => PropagationPolicy.Foreground,
        "Orphan" => PropagationPolicy.Orphan,
        _ => throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{value}\": supported values: \"Foreground\", \"Background\", \"Orphan\""),
    };
}
