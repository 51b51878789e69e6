using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// One write as admission plugins see it (kube's admission.Attributes): who, which operation on
/// which resource, object and subresource, the object after defaulting and, on update, the stored one;
/// <paramref name="Objects"/> reads the other objects a plugin consults; <paramref name="Warn"/> sends the
/// client a warning (a Warning header kubectl prints).
/// </summary>
public sealed record AdmissionRequest(
    UserInfo User,
    AdmissionOperation Operation,
    ResourceDefinition Resource,
    string Namespace,
    string Name,
    UpdateTarget Target,
    JsonObject Object,
    JsonObject? OldObject,
    bool DryRun,
    ObjectLookup Objects,
    Action<string> Warn)
{
    /// <summary>Annotations for the write's audit event (kube's audit.AddAuditAnnotations), e.g. pod-security.kubernetes.io/audit-violations.</summary>
    public Dictionary<string, string> AuditAnnotations { get; init; } = new(StringComparer.Ordinal);
}
