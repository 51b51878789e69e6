using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The audit event of one request as it goes through the pipeline (kube's AuditContext): the
/// pipeline and the handlers tell it what happened (impersonation, the authorizer's decision, the
/// bodies, the failure) and it writes one event per stage the policy keeps. Handlers find it with
/// <see cref="Of"/>; it is absent when the request is not audited, so they do nothing then.
/// </summary>
public sealed class AuditRecorder
{
    private const string DecisionAnnotation = "authorization.k8s.io/decision";
    private const string ReasonAnnotation = "authorization.k8s.io/reason";

    private readonly IReadOnlySet<AuditStage> _omitStages;
    private readonly bool _longRunning;
    private readonly IAuditBackend _log;
    private readonly TimeProvider _time;
    private AuditEvent _event;
    private bool _done;

    public AuditRecorder(AuditEvent received, IReadOnlySet<AuditStage> omitStages, bool longRunning, IAuditBackend log, TimeProvider time)
    {
        _event = received;
        _omitStages = omitStages;
        _longRunning = longRunning;
        _log = log;
        _time = time;
    }

    /// <summary>What admission plugins note for the event (kube's audit.AddAuditAnnotations), e.g. PodSecurity's audit violations.</summary>
    public Dictionary<string, string> AdmissionAnnotations { get; } = new(StringComparer.Ordinal);

    /// <summary>The request's recorder, or null when it is not audited.</summary>
    public static AuditRecorder? Of(HttpContext context) => context.Features.Get<AuditRecorder>();

    public void Received() => Emit(AuditStage.RequestReceived);

    public void Impersonated(UserInfo user) => _event = _event with { ImpersonatedUser = user };

    /// <summary>kube's authorization annotations: the decision, and the authorizer's reason when it gave one.</summary>
    public void Authorized(AuthorizationResult result)
    {
        List<KeyValuePair<string, string>> annotations = [.. _event.Annotations, new(DecisionAnnotation, result.Decision == AuthorizationDecision.Allow ? "allow" : "forbid")];
        if (result.Reason.Length > 0)
        {
            annotations.Add(new(ReasonAnnotation, result.Reason));
        }
        _event = _event with { Annotations = annotations };
    }

    /// <summary>The body as read, kept from level Request up. JSON and YAML only; other bodies come through <see cref="LogRequestObject"/>.</summary>
    public void LogRequestBody(ReadOnlyMemory<byte> body, string mediaType)
    {
        if (_event.Level < AuditLevel.Request || body.IsEmpty)
        {
            return;
        }
        if (mediaType is "" || mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            _event = _event with { RequestObject = new AuditBody(body, IsYaml: false) };
        }
        else if (mediaType.EndsWith("yaml", StringComparison.Ordinal))
        {
            _event = _event with { RequestObject = new AuditBody(body, IsYaml: true) };
        }
    }

    /// <summary>
    /// The decoded request object: completes objectRef's name and namespace from its metadata (a create's
    /// URL names neither), and is the logged body when the raw one was not JSON or YAML (protobuf).
    /// </summary>
    public void LogRequestObject(JsonObject obj)
    {
        if (_event.ObjectRef is { } objectRef && (objectRef.Name.Length == 0 || objectRef.Namespace.Length == 0) && obj["metadata"] is JsonObject metadata)
        {
            _event = _event with
            {
                ObjectRef = objectRef with
                {
                    Name = objectRef.Name.Length > 0 ? objectRef.Name : StringOf(metadata["name"]),
                    Namespace = objectRef.Namespace.Length > 0 ? objectRef.Namespace : StringOf(metadata["namespace"]),
                },
            };
        }
        if (_event.Level >= AuditLevel.Request && _event.RequestObject is null)
        {
            _event = _event with { RequestObject = new AuditBody(JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject), IsYaml: false) };
        }
    }

    /// <summary>Whether the handler should pass its response body (RequestResponse, and not a stream).</summary>
    public bool WantsResponse => _event.Level == AuditLevel.RequestResponse && !_longRunning;

    public void LogResponseBody(ReadOnlyMemory<byte> body)
    {
        if (WantsResponse)
        {
            _event = _event with { ResponseObject = body };
        }
    }

    public void Failed(ApiException error) =>
        _event = _event with { ResponseStatus = new AuditResponseStatus(error.Code, "Failure", error.Message, error.Reason, error.Details?.DeepClone() as JsonObject) };

    /// <summary>The response headers of a long-running request are going out.</summary>
    public void Started(int code)
    {
        if (!_done)
        {
            Emit(AuditStage.ResponseStarted, code);
        }
    }

    /// <summary>The response is complete: the last event, once.</summary>
    public void Complete(int code, AuditStage stage = AuditStage.ResponseComplete)
    {
        if (_done)
        {
            return;
        }
        _done = true;
        Emit(stage, code);
    }

    /// <summary>Handling failed unexpectedly: a Panic event in place of ResponseComplete, with kube's 500.</summary>
    public void Panicked(Exception ex)
    {
        if (_done)
        {
            return;
        }
        _done = true;
        _event = _event with { ResponseStatus = new AuditResponseStatus(500, "Failure", $"APIServer panic'd: {ex.Message}", "InternalError") };
        Emit(AuditStage.Panic, 500);
    }

    private void Emit(AuditStage stage, int code = 0)
    {
        if (_omitStages.Contains(stage))
        {
            return;
        }
        var e = _event with { Stage = stage, StageTimestamp = _time.GetUtcNow() };
        if (stage == AuditStage.RequestReceived)
        {
            _log.ProcessEvent(e with { Annotations = [], RequestObject = null, ResponseObject = null });
            return;
        }
        if (AdmissionAnnotations.Count > 0)
        {
            e = e with { Annotations = [.. e.Annotations, .. AdmissionAnnotations.Where(a => !e.Annotations.Any(b => b.Key == a.Key))] };
        }
        var status = e.ResponseStatus is { } failure && failure.Code == code ? failure : new AuditResponseStatus(code);
        _log.ProcessEvent(stage == AuditStage.ResponseStarted
            ? e with { ResponseStatus = status, RequestObject = null, ResponseObject = null }
            : e with { ResponseStatus = status });
    }

    private static string StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
