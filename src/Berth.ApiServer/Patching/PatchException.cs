namespace Berth.ApiServer.Patching;

/// <summary>
/// A patch that cannot be applied, carrying the HTTP status and Status reason Kubernetes answers
/// with: 400 BadRequest (malformed patch), 415 UnsupportedMediaType, 422 Invalid (the patch does
/// not apply, e.g. a failed JSON-patch test or a missing path).
/// </summary>
public sealed class PatchException : Exception
{
    public PatchException(int statusCode, string reason, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The HTTP status code: 400, 415 or 422.</summary>
    public int StatusCode { get; }

    /// <summary>The Status reason: BadRequest, UnsupportedMediaType or Invalid.</summary>
    public string Reason { get; }

    internal static PatchException BadRequest(string message) => new(400, "BadRequest", message);

    internal static PatchException Unprocessable(string message) => new(422, "Invalid", message);

    internal static PatchException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);
}
