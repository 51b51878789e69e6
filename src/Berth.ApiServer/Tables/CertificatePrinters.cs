using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>The printer of certificates.k8s.io CertificateSigningRequests (columns and CONDITION of Kubernetes' printers.go).</summary>
internal static class CertificatePrinters
{
    public static void Register(IDictionary<(string, string), IResourcePrinter> printers)
    {
        printers[("certificates.k8s.io", "certificatesigningrequests")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Age,
            PrintedColumn.Text("SignerName", "Requested signer for the request.", o => NonEmpty(o.Str("spec", "signerName"))),
            PrintedColumn.Text("Requestor", "Information about the requesting user.", o => o.Str("spec", "username") ?? ""),
            PrintedColumn.Text("RequestedDuration", "The requested duration of validity of the issued certificate.", RequestedDuration),
            PrintedColumn.Text("Condition", "Conditions applied to the request.", Condition));
    }

    /// <summary>Denied before Approved before Pending, then Failed and Issued added, as kube's extractCSRStatus.</summary>
    public static string Condition(JsonObject request)
    {
        var types = request.Objects("status", "conditions").Select(c => c.Str("type")).ToHashSet();
        var condition = types.Contains("Denied") ? "Denied" : types.Contains("Approved") ? "Approved" : "Pending";
        if (types.Contains("Failed"))
        {
            condition += ",Failed";
        }
        return string.IsNullOrEmpty(request.Str("status", "certificate")) ? condition : condition + ",Issued";
    }

    private static string RequestedDuration(JsonObject request) =>
        request.Int("spec", "expirationSeconds") is { } seconds ? HumanDuration.Format(TimeSpan.FromSeconds(seconds)) : Selectors.None;

    private static string NonEmpty(string? value) => string.IsNullOrEmpty(value) ? Selectors.None : value;
}
