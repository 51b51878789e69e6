using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Registry;

/// <summary>
/// Who asks for a write and whether it is a dry run. <see cref="User"/> is null for the server's own
/// writes (default namespaces, bootstrap policy), which admission trusts. <see cref="Warn"/> sends the
/// client admission's warnings; <see cref="AuditAnnotations"/>, when the request is audited, receives
/// the annotations admission plugins leave for its audit event.
/// </summary>
public sealed record WriteOptions(UserInfo? User, bool DryRun, Action<string>? Warn = null, Dictionary<string, string>? AuditAnnotations = null)
{
    /// <summary>A write of the server itself, performed.</summary>
    public static WriteOptions Server { get; } = new(null, false);
}
