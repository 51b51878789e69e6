using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditorTests
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: None
          resources: [{group: coordination.k8s.io, resources: [leases]}]
        - level: RequestResponse
          resources: [{group: "", resources: [configmaps]}]
        - level: Request
          resources: [{group: "", resources: [secrets]}]
          userGroups: [dev]
        - level: Metadata
        """;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 5, 21, 0, 0, TimeSpan.Zero));
    private readonly MemorySink _sink = new();

    private async Task<List<JsonObject>> RunAsync(Action<Auditor> requests, string policy = Policy)
    {
        var log = new BlockingAuditBackend(new AuditLogWriter(_sink, AuditLogFormat.Json, NullLogger.Instance));
        requests(new Auditor(new AuditPolicyChecker(AuditPolicyParser.Parse(policy)), log, _clock));
        await log.DisposeAsync();
        return [.. _sink.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    private static (HttpContext Context, RequestAttributes Attributes) Request(string user, string groups, string request, string? body = null)
    {
        var attributes = AuditPolicyCheckerTests.Attributes(user, groups, request);
        var context = new DefaultHttpContext();
        context.Request.Method = request.Split(' ')[0];
        context.Request.Path = attributes.Path;
        context.Request.Headers.UserAgent = "kubectl/v1.31";
        context.Request.ContentType = "application/json";
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Request.ContentLength = body.Length;
        }
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        return (context, attributes);
    }

    [Fact]
    public async Task Begin_MetadataRequest_WritesReceivedAndCompleteWithTheAuditIdHeader()
    {
        HttpContext? seen = null;
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "dev", "GET /api/v1/namespaces/default/pods/web");
            seen = context;
            var recorder = auditor.Begin(context, attributes)!;
            recorder.Authorized(AuthorizationResult.Allow);
            _clock.Advance(TimeSpan.FromMilliseconds(3));
            recorder.Complete(200);
            recorder.Complete(200);
        });

        Assert.Equal(["RequestReceived", "ResponseComplete"], events.Select(e => e["stage"]!.GetValue<string>()));
        var id = seen!.Response.Headers[AuditId.Header].ToString();
        Assert.True(Guid.TryParse(id, out _));
        Assert.All(events, e => Assert.Equal(id, e["auditID"]!.GetValue<string>()));
        var complete = events[1];
        Assert.Equal("Metadata", complete["level"]!.GetValue<string>());
        Assert.Equal("get", complete["verb"]!.GetValue<string>());
        Assert.Equal("""{"resource":"pods","namespace":"default","name":"web","apiVersion":"v1"}""", complete["objectRef"]!.ToJsonString());
        Assert.Equal("""{"metadata":{},"code":200}""", complete["responseStatus"]!.ToJsonString());
        Assert.Equal("""{"authorization.k8s.io/decision":"allow"}""", complete["annotations"]!.ToJsonString());
        Assert.Null(events[0]["annotations"]);
        Assert.Equal("2026-12-05T21:00:00.000000Z", complete["requestReceivedTimestamp"]!.GetValue<string>());
        Assert.Equal("2026-12-05T21:00:00.003000Z", complete["stageTimestamp"]!.GetValue<string>());
        Assert.Equal("""["127.0.0.1"]""", complete["sourceIPs"]!.ToJsonString());
        Assert.Equal("kubectl/v1.31", complete["userAgent"]!.GetValue<string>());
    }

    [Fact]
    public async Task Begin_LevelNone_WritesNothingButStillAnswersAnAuditId()
    {
        HttpContext? seen = null;
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "PUT /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x");
            seen = context;
            Assert.Null(auditor.Begin(context, attributes));
            Assert.Null(AuditRecorder.Of(context));
        });

        Assert.Empty(events);
        Assert.NotEmpty(seen!.Response.Headers[AuditId.Header].ToString());
    }

    [Fact]
    public async Task Begin_ClientAuditId_IsKept()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "GET /version");
            context.Request.Headers[AuditId.Header] = "from-the-client";
            auditor.Begin(context, attributes)!.Complete(200);
        });

        Assert.All(events, e => Assert.Equal("from-the-client", e["auditID"]!.GetValue<string>()));
        Assert.Null(events[0]["objectRef"]);
    }

    [Fact]
    public async Task Forbidden_IsLoggedWithTheDecisionAndTheStatus()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("bob", "", "DELETE /api/v1/namespaces/default/pods/web");
            var recorder = auditor.Begin(context, attributes)!;
            recorder.Authorized(new AuthorizationResult(AuthorizationDecision.NoOpinion, "no RBAC policy matched"));
            recorder.Failed(ForbiddenMessage.For(attributes));
            recorder.Complete(403);
        }, "{apiVersion: audit.k8s.io/v1, kind: Policy, omitStages: [RequestReceived], rules: [{level: Metadata}]}");

        var e = Assert.Single(events);
        Assert.Equal("forbid", e["annotations"]!["authorization.k8s.io/decision"]!.GetValue<string>());
        Assert.Equal("no RBAC policy matched", e["annotations"]!["authorization.k8s.io/reason"]!.GetValue<string>());
        Assert.Equal(403, e["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Equal("Forbidden", e["responseStatus"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("pods \"web\" is forbidden: User \"bob\" cannot delete resource \"pods\"", e["responseStatus"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_FillsTheNameFromTheBody_AndKeepsBodiesByLevel()
    {
        var configMap = """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings"},"data":{"k":"v"}}""";
        var secret = """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db"},"data":{"password":"c2VjcmV0"}}""";
        var events = await RunAsync(auditor =>
        {
            foreach (var (user, groups, path, body) in new[]
            {
                ("alice", "dev", "POST /api/v1/namespaces/default/configmaps", configMap),
                ("alice", "dev", "POST /api/v1/namespaces/default/secrets", secret),
                ("bob", "", "POST /api/v1/namespaces/default/secrets", secret),
            })
            {
                var (context, attributes) = Request(user, groups, path, body);
                var recorder = auditor.Begin(context, attributes)!;
                Berth.ApiServer.Rest.BodyDecoder.ReadObjectAsync(context, "").GetAwaiter().GetResult();
                JsonResponse.WriteBytesAsync(context, Encoding.UTF8.GetBytes(body)).GetAwaiter().GetResult();
                recorder.Complete(201);
            }
        }, Policy.Replace("- level: Metadata", "- level: Metadata\n  omitStages: [RequestReceived]").Replace("- level: RequestResponse", "- level: RequestResponse\n  omitStages: [RequestReceived]").Replace("- level: Request\n", "- level: Request\n  omitStages: [RequestReceived]\n"));

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("create", e["verb"]!.GetValue<string>()));
        Assert.Equal("settings", events[0]["objectRef"]!["name"]!.GetValue<string>());
        Assert.Equal("v", events[0]["requestObject"]!["data"]!["k"]!.GetValue<string>());
        Assert.Equal("v", events[0]["responseObject"]!["data"]!["k"]!.GetValue<string>());

        Assert.Equal("Request", events[1]["level"]!.GetValue<string>());
        Assert.Equal("db", events[1]["objectRef"]!["name"]!.GetValue<string>());
        Assert.Equal("db", events[1]["requestObject"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(events[1]["requestObject"]!["data"]);
        Assert.Null(events[1]["responseObject"]);

        // Bob's secret falls to the Metadata rule: no body at all.
        Assert.Equal("Metadata", events[2]["level"]!.GetValue<string>());
        Assert.Equal("db", events[2]["objectRef"]!["name"]!.GetValue<string>());
        Assert.Null(events[2]["requestObject"]);
        Assert.Null(events[2]["responseObject"]);
        Assert.DoesNotContain("c2VjcmV0", string.Join("", _sink.Lines));
    }

    [Fact]
    public async Task AdmissionAnnotations_JoinTheAuthorizationOnes()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "POST /api/v1/namespaces/default/pods", "{}");
            var recorder = auditor.Begin(context, attributes)!;
            recorder.Authorized(AuthorizationResult.Allow);
            new Berth.ApiServer.Rest.QueryOptions(context.Request.Query).WriteBy(SetUser(context)).AuditAnnotations!["pod-security.kubernetes.io/enforce-policy"] = "privileged:latest";
            recorder.Complete(201);
        });

        Assert.Equal("""{"authorization.k8s.io/decision":"allow","pod-security.kubernetes.io/enforce-policy":"privileged:latest"}""", events[1]["annotations"]!.ToJsonString());
    }

    private static HttpContext SetUser(HttpContext context)
    {
        context.Features.Set(UserInfo.Authenticated("alice", "", []));
        return context;
    }

    [Fact]
    public async Task Unauthenticated_IsOneResponseStartedEventWithThe401()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, _) = Request("x", "", "GET /api/v1/namespaces/default/pods");
            auditor.Unauthenticated(context, RequestAttributes.From(context, Auditor.Unknown), ApiException.Unauthorized());
        }, "{apiVersion: audit.k8s.io/v1, kind: Policy, omitStages: [RequestReceived], rules: [{level: Metadata}]}");

        var e = Assert.Single(events);
        Assert.Equal("ResponseStarted", e["stage"]!.GetValue<string>());
        Assert.Equal("""{"username":""}""", e["user"]!.ToJsonString());
        Assert.Equal(401, e["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Equal("Unauthorized", e["responseStatus"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_IsLongRunning_WithResponseStartedAndNoResponseBody()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "GET /api/v1/namespaces/default/configmaps?watch=true");
            var recorder = auditor.Begin(context, attributes)!;
            Assert.False(recorder.WantsResponse);
            recorder.Started(200);
            recorder.Complete(200);
        });

        Assert.Equal(["RequestReceived", "ResponseStarted", "ResponseComplete"], events.Select(e => e["stage"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("watch", e["verb"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Panicked_WritesPanicInsteadOfComplete()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "GET /api/v1/namespaces/default/pods");
            var recorder = auditor.Begin(context, attributes)!;
            recorder.Panicked(new InvalidOperationException("boom"));
            recorder.Complete(500);
        });

        Assert.Equal(["RequestReceived", "Panic"], events.Select(e => e["stage"]!.GetValue<string>()));
        Assert.Equal(500, events[1]["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Contains("boom", events[1]["responseStatus"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Impersonated_IsTheImpersonatedUser_WhileTheUserStaysTheRequester()
    {
        var events = await RunAsync(auditor =>
        {
            var (context, attributes) = Request("alice", "", "GET /api/v1/namespaces/default/pods");
            var recorder = auditor.Begin(context, attributes)!;
            recorder.Impersonated(UserInfo.Authenticated("carol", "", ["auditors"]));
            recorder.Complete(200);
        });

        Assert.Null(events[0]["impersonatedUser"]);
        Assert.Equal("alice", events[1]["user"]!["username"]!.GetValue<string>());
        Assert.Equal("""{"username":"carol","groups":["auditors","system:authenticated"]}""", events[1]["impersonatedUser"]!.ToJsonString());
    }
}
