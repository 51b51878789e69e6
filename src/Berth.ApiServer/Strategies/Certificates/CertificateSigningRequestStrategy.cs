using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Certificates;

/// <summary>
/// CertificateSigningRequests (pkg/registry/certificates and their validation): the request must be a PEM certificate
/// request whose signature checks, with a signer and usages; the spec never changes after create; the approval
/// subresource changes only the Approved/Denied conditions, the status subresource the certificate and the other
/// conditions. Who asked (spec.username, groups, uid) is set by <see cref="AdmissionControl.CertificateRequester"/>.
/// </summary>
public sealed class CertificateSigningRequestStrategy : ResourceStrategy
{
    private static readonly string[] ApprovalConditions = ["Approved", "Denied"];

    public override JsonObject? InitialStatus() => [];

    public override void PrepareForUpdate(JsonObject desired, JsonObject current, UpdateTarget target)
    {
        desired["spec"] = current["spec"]?.DeepClone();
        if (target is not (UpdateTarget.Approval or UpdateTarget.Status))
        {
            return;
        }
        // Each subresource owns its share of the conditions; the rest of status stays as stored.
        var wanted = Conditions(desired).Where(c => ApprovalConditions.Contains(c.Str("type")) == (target == UpdateTarget.Approval));
        var kept = Conditions(current).Where(c => ApprovalConditions.Contains(c.Str("type")) != (target == UpdateTarget.Approval));
        var status = target == UpdateTarget.Status ? (JsonObject)(desired["status"]?.DeepClone() ?? new JsonObject()) : (JsonObject)(current["status"]?.DeepClone() ?? new JsonObject());
        status["conditions"] = new JsonArray([.. kept.Concat(wanted).Select(c => c.DeepClone())]);
        desired["status"] = status;
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var request = obj.Str("spec", "request");
        if (string.IsNullOrEmpty(request))
        {
            errors.Add(FieldError.Required("spec.request"));
        }
        else if (ParseRequest(request) is { } why)
        {
            errors.Add(FieldError.Invalid("spec.request", null, why));
        }
        if (string.IsNullOrEmpty(obj.Str("spec", "signerName")))
        {
            errors.Add(FieldError.Required("spec.signerName"));
        }
        if (obj["spec"]?["usages"] is not JsonArray { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.usages"));
        }
        if (obj.Int("spec", "expirationSeconds") is < 600 and var seconds)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        var types = Conditions(obj).Select(c => c.Str("type")).ToList();
        if (types.Contains("Approved") && types.Contains("Denied"))
        {
            errors.Add(FieldError.Invalid("status.conditions", null, "Approved and Denied conditions are mutually exclusive"));
        }
    }

    /// <summary>The parsed request (base64 of a PEM CERTIFICATE REQUEST), or null when it is not one.</summary>
    public static CertificateRequest? Request(JsonObject csr)
    {
        var request = csr.Str("spec", "request");
        return request is null || ParseRequest(request) is not null ? null : Load(request);
    }

    private static string? ParseRequest(string base64)
    {
        try
        {
            Load(base64);
            return null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return "PEM block type must be CERTIFICATE REQUEST";
        }
    }

    private static CertificateRequest Load(string base64) =>
        CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(Convert.FromBase64String(base64)), HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.Default);

    private static IEnumerable<JsonObject> Conditions(JsonObject obj) =>
        (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>();
}
