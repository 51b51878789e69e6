using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The audit stage of the request pipeline (kube's WithAudit filter), between authentication and
/// impersonation: it takes the request's audit ID (<see cref="AuditId"/>), asks the policy for a level on the authenticated user and the request info
/// the authorizer uses, and, when the level is not None, starts an <see cref="AuditRecorder"/>.
/// </summary>
public sealed class Auditor(AuditPolicyChecker policy, IAuditBackend log, TimeProvider time)
{
    private static readonly HashSet<string> LongRunningVerbs = ["watch", "proxy"];
    private static readonly HashSet<string> LongRunningSubresources = ["attach", "exec", "proxy", "log", "portforward"];

    /// <summary>The recorder of the request (also in its features), or null when the policy says None.</summary>
    public AuditRecorder? Begin(HttpContext context, RequestAttributes attributes)
    {
        var received = time.GetUtcNow();
        var id = AuditId.Assign(context);
        var decision = policy.Evaluate(attributes);
        if (decision.Level == AuditLevel.None)
        {
            return null;
        }
        var e = new AuditEvent
        {
            Level = decision.Level,
            AuditId = id,
            Stage = AuditStage.RequestReceived,
            RequestUri = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : $"{context.Request.Path}{context.Request.QueryString}",
            Verb = attributes.Verb,
            User = attributes.User,
            SourceIps = SourceIps(context),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            ObjectRef = attributes.IsResourceRequest
                ? new AuditObjectRef(attributes.Resource, attributes.Namespace, attributes.Name, attributes.ApiGroup, attributes.ApiVersion, attributes.Subresource)
                : null,
            RequestReceivedTimestamp = received,
            StageTimestamp = received,
            OmitManagedFields = decision.OmitManagedFields,
        };
        var longRunning = LongRunningVerbs.Contains(attributes.Verb) || LongRunningSubresources.Contains(attributes.Subresource);
        var recorder = new AuditRecorder(e, decision.OmitStages, longRunning, log, time);
        context.Features.Set(recorder);
        recorder.Received();
        if (longRunning)
        {
            context.Response.OnStarting(static state =>
            {
                var (recorder, response) = ((AuditRecorder, HttpResponse))state;
                recorder.Started(response.StatusCode);
                return Task.CompletedTask;
            }, (recorder, context.Response));
        }
        return recorder;
    }

    /// <summary>A request whose credentials were refused (kube's failed-authentication audit): one ResponseStarted event with the 401.</summary>
    public void Unauthenticated(HttpContext context, RequestAttributes attributes, Http.ApiException error)
    {
        var recorder = Begin(context, attributes);
        recorder?.Failed(error);
        recorder?.Complete(error.Code, AuditStage.ResponseStarted);
    }

    /// <summary>X-Forwarded-For's addresses, then the peer's, without repeats (kube's utilnet.SourceIPs).</summary>
    private static List<string> SourceIps(HttpContext context)
    {
        List<string> ips = [];
        foreach (var header in context.Request.Headers["X-Forwarded-For"])
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (System.Net.IPAddress.TryParse(part, out _) && !ips.Contains(part))
                {
                    ips.Add(part);
                }
            }
        }
        if (context.Connection.RemoteIpAddress is { } remote)
        {
            var peer = (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
            if (!ips.Contains(peer))
            {
                ips.Add(peer);
            }
        }
        return ips;
    }

    /// <summary>The anonymous-looking user of a request that failed authentication: no name, no groups.</summary>
    public static UserInfo Unknown { get; } = new("", "", [], new Dictionary<string, IReadOnlyList<string>>());
}
