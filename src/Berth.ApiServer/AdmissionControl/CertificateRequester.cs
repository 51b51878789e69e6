using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// Who asked for a certificate: a new CertificateSigningRequest's spec.username, uid, groups and extra are the
/// requesting user's, whatever the client sent (kube's CSR strategy), so approvers can trust them.
/// </summary>
public sealed class CertificateRequester : IMutatingAdmissionPlugin
{
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Resource.Group != "certificates.k8s.io"
            || request.Resource.Name != "certificatesigningrequests" || request.Target != UpdateTarget.Main)
        {
            return ValueTask.CompletedTask;
        }
        var spec = request.Object["spec"] as JsonObject ?? [];
        request.Object["spec"] = spec;
        var user = request.User;
        spec["username"] = user.Name;
        spec["uid"] = user.Uid.Length > 0 ? user.Uid : null;
        spec["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        spec["extra"] = user.Extra.Count > 0 ? new JsonObject(user.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode)v)])))) : null;
        if (spec["uid"] is null)
        {
            spec.Remove("uid");
        }
        if (spec["extra"] is null)
        {
            spec.Remove("extra");
        }
        return ValueTask.CompletedTask;
    }
}
