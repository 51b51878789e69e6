using System.Text.Json;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Discovery;
using Berth.ApiServer.Http;
using Berth.ApiServer.Streaming;
using Berth.ApiServer.OpenApi;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Hosting;

/// <summary>
/// The request pipeline: errors become Status objects; every request is authenticated (client
/// certificate, bearer token, or anonymous), audited when a policy is set (../Auditing), and
/// authorized on its URL before it is routed to health,
/// version, OIDC discovery, API discovery, OpenAPI or a resource verb. The cluster CA at /cacerts is
/// outside kube's API and served to anyone, as k3s serves it.
/// </summary>
/// <param name="caPem">Served at /cacerts, where a joining agent reads it and checks it against its token (k3s' bootstrap).</param>
public sealed partial class ApiRouter(
    ResourceRegistry registry,
    RequestAuthenticator authenticator,
    RequestAuthorizer authorizer,
    Impersonation impersonation,
    ServiceAccountIssuer issuer,
    string caPem,
    DiscoveryDocuments discovery,
    AggregatedDiscovery aggregated,
    OpenApiDocuments openApi,
    ResourceDispatcher resources,
    NodeTunnels tunnels,
    ILogger<ApiRouter> logger,
    Auditor? auditor = null)
{
    public async Task HandleAsync(HttpContext context)
    {
        // Before anything can fail: kube answers every request, refused or not, audited or not, with its Audit-Id.
        AuditId.Assign(context);
        try
        {
            try
            {
                await RouteAsync(context);
            }
            catch (ApiException error)
            {
                await StatusWriter.WriteAsync(context, error);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or BadHttpRequestException)
            {
                // Wrong JSON types in a body (a string where a number belongs, …) surface as these.
                var error = ex is BadHttpRequestException bad && bad.StatusCode == 413
                    ? ApiException.TooLarge(bad.Message)
                    : ApiException.BadRequest(ex.Message);
                await StatusWriter.WriteAsync(context, error);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogUnexpected(ex, context.Request.Method, context.Request.Path);
                if (auditor is not null)
                {
                    AuditRecorder.Of(context)?.Panicked(ex);
                }
                await StatusWriter.WriteAsync(context, ApiException.Internal("an internal error occurred"));
            }
        }
        finally
        {
            // The last audit event, once the response is complete (a Panic has taken its place).
            if (auditor is not null)
            {
                AuditRecorder.Of(context)?.Complete(context.Response.StatusCode);
            }
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/cacerts")
        {
            // Before authentication: the agent has no trusted CA yet, and checks this one against its token's hash.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(caPem, context.RequestAborted);
            return;
        }
        var requester = Authenticate(context);
        // One parse of the URL serves the audit policy (on the authenticated user, as kube) and the authorizer.
        var segments = RequestTarget.PathSegments(path);
        var attributes = RequestAttributes.From(context, requester, segments);
        var audit = auditor?.Begin(context, attributes);
        var user = impersonation.Apply(context, requester);
        if (!ReferenceEquals(user, requester))
        {
            audit?.Impersonated(user);
            attributes = attributes with { User = user };
        }
        context.Features.Set(user);
        var decision = authorizer.Decide(attributes);
        audit?.Authorized(decision);
        if (decision.Decision != AuthorizationDecision.Allow)
        {
            throw ForbiddenMessage.For(attributes, decision.Reason);
        }
        switch (path)
        {
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case "/version" or "/version/":
                await JsonResponse.WriteAsync(context, VersionInfo.Document());
                return;
            case "/.well-known/openid-configuration" or "/.well-known/openid-configuration/":
                await JsonResponse.WriteAsync(context, issuer.OpenIdConfiguration(new Uri($"https://{context.Request.Host}")));
                return;
            case "/openid/v1/jwks" or "/openid/v1/jwks/":
                await JsonResponse.WriteAsync(context, issuer.Key.Jwks(), contentType: "application/jwk-set+json");
                return;
        }
        if (path == NodeTunnels.ControlPath || path.StartsWith(NodeTunnels.ControlPath + "/", StringComparison.Ordinal))
        {
            await tunnels.ServeAsync(context, user, path);
            return;
        }
        var method = context.Request.Method;
        switch (path.TrimEnd('/'))
        {
            case "/api" or "/apis":
                RequireGet(method, path);
                context.Response.Headers.Vary = "Accept";
                var core = path.TrimEnd('/') == "/api";
                if (AggregatedDiscovery.IsPreferred(context.Request.Headers.Accept.ToString()))
                {
                    await JsonResponse.WriteAsync(context, aggregated.Document(core), contentType: AggregatedDiscovery.MediaType);
                    return;
                }
                await JsonResponse.WriteAsync(context, core ? discovery.CoreVersions($"{context.Request.Host}") : discovery.Groups());
                return;
            case "/openapi/v2":
                RequireGet(method, path);
                if (context.Request.Headers.Accept.ToString().Contains(OpenApiV2Protobuf.MediaTypeName, StringComparison.Ordinal))
                {
                    // As kube-openapi answers it: the media type's '@' is no valid MIME token for Go's parser.
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(openApi.V2Protobuf(), context.RequestAborted);
                    return;
                }
                await JsonResponse.WriteAsync(context, openApi.V2());
                return;
            case "/openapi/v3":
                RequireGet(method, path);
                await JsonResponse.WriteAsync(context, openApi.V3Index());
                return;
        }
        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            RequireGet(method, path);
            var document = openApi.V3GroupVersion(path["/openapi/v3/".Length..].TrimEnd('/')) ?? throw ApiException.NotFoundPath(path);
            await JsonResponse.WriteAsync(context, document);
            return;
        }
        if (path.StartsWith("/apis/", StringComparison.Ordinal) && segments is [_, var group] && registry.GroupVersions.Any(gv => gv.Group == group))
        {
            RequireGet(method, path);
            await JsonResponse.WriteAsync(context, discovery.Group(group));
            return;
        }
        if (RequestTarget.SplitGroupVersion(segments) is not var (g, v, rest) || !registry.ServesGroupVersion(g, v))
        {
            throw ApiException.NotFoundPath(path);
        }
        if (rest.Length == 0)
        {
            RequireGet(method, path);
            await JsonResponse.WriteAsync(context, discovery.ResourceList(g, v));
            return;
        }
        await resources.DispatchAsync(context, RequestTarget.Parse(registry, g, v, rest, path));
    }

    /// <summary>The request's user; refused credentials are audited (kube's failed-authentication audit) before the 401.</summary>
    private UserInfo Authenticate(HttpContext context)
    {
        try
        {
            return authenticator.Authenticate(context);
        }
        catch (ApiException error) when (auditor is not null)
        {
            auditor.Unauthenticated(context, RequestAttributes.From(context, Auditor.Unknown), error);
            throw;
        }
    }

    private static void RequireGet(string method, string path)
    {
        if (method != "GET")
        {
            throw ApiException.MethodNotAllowed(method, path);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unexpected failure serving {Method} {Path}")]
    private partial void LogUnexpected(Exception ex, string method, string path);
}
