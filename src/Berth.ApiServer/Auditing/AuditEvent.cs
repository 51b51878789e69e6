using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// One line of the audit log: an audit.k8s.io/v1 Event as it stood at one stage. Immutable, so the
/// writer serializes it on its own thread while the request goes on (each stage is a new copy).
/// </summary>
public sealed record AuditEvent
{
    public required AuditLevel Level { get; init; }

    public required string AuditId { get; init; }

    public required AuditStage Stage { get; init; }

    public required string RequestUri { get; init; }

    public required string Verb { get; init; }

    public required UserInfo User { get; init; }

    public UserInfo? ImpersonatedUser { get; init; }

    public IReadOnlyList<string> SourceIps { get; init; } = [];

    public string? UserAgent { get; init; }

    public AuditObjectRef? ObjectRef { get; init; }

    public AuditResponseStatus? ResponseStatus { get; init; }

    /// <summary>The request's body, kept from <see cref="AuditLevel.Request"/> up.</summary>
    public AuditBody? RequestObject { get; init; }

    /// <summary>The response's JSON body, kept at <see cref="AuditLevel.RequestResponse"/>.</summary>
    public ReadOnlyMemory<byte>? ResponseObject { get; init; }

    public required DateTimeOffset RequestReceivedTimestamp { get; init; }

    public required DateTimeOffset StageTimestamp { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    /// <summary>Drop metadata.managedFields from the logged bodies (the policy's omitManagedFields).</summary>
    public bool OmitManagedFields { get; init; }
}

/// <summary>The object a resource request is about (audit.k8s.io/v1 ObjectReference).</summary>
public sealed record AuditObjectRef(string Resource, string Namespace, string Name, string ApiGroup, string ApiVersion, string Subresource);

/// <summary>The response's code and, for a failure, its Status fields.</summary>
public sealed record AuditResponseStatus(int Code, string? Status = null, string? Message = null, string? Reason = null, JsonObject? Details = null);

/// <summary>A request body as received: JSON, or YAML that is turned into JSON when the event is written.</summary>
public sealed record AuditBody(ReadOnlyMemory<byte> Bytes, bool IsYaml);
