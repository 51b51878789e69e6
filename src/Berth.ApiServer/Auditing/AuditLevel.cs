namespace Berth.ApiServer.Auditing;

/// <summary>How much of a request the audit log keeps (audit.k8s.io/v1 Level), in increasing order.</summary>
public enum AuditLevel
{
    /// <summary>Nothing: the request is not audited.</summary>
    None,

    /// <summary>Who, what, when and the response code; no bodies.</summary>
    Metadata,

    /// <summary>Metadata and the request's body (requestObject).</summary>
    Request,

    /// <summary>Request and the response's body (responseObject).</summary>
    RequestResponse,
}

/// <summary>When in a request's life an event is written (audit.k8s.io/v1 Stage).</summary>
public enum AuditStage
{
    /// <summary>As soon as the request is authenticated, before it is handled.</summary>
    RequestReceived,

    /// <summary>When a long-running request (watch, exec, logs, …) sends its response headers.</summary>
    ResponseStarted,

    /// <summary>When the response is complete.</summary>
    ResponseComplete,

    /// <summary>When handling the request failed unexpectedly.</summary>
    Panic,
}
