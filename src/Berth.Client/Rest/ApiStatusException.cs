using Berth.Client.Serialization;

namespace Berth.Client.Rest;

/// <summary>An API answer other than success, with the Status the server gave.</summary>
public sealed class ApiStatusException(int code, string? reason, string message) : Exception(message)
{
    public ApiStatusException(ApiStatus status)
        : this(status.Code, status.Reason, status.Message ?? $"the server answered {status.Code} {status.Reason}")
    {
    }

    public int Code { get; } = code;

    public string? Reason { get; } = reason;

    public bool IsNotFound => Code == 404;

    /// <summary>A write lost a race: its resourceVersion or precondition is stale; read again and retry.</summary>
    public bool IsConflict => Code == 409 && Reason != "AlreadyExists";

    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";

    /// <summary>The watch or list resourceVersion is compacted away: list again.</summary>
    public bool IsGone => Code == 410 || Reason == "Expired";
}
