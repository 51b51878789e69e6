using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Strategies.Certificates;

namespace Berth.ApiServer.Tests.Strategies.Certificates;

public sealed class CertificateSigningRequestStrategyTests
{
    private readonly CertificateSigningRequestStrategy _strategy = new();

    private static string RequestBase64()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = new CertificateRequest("CN=system:node:n1, O=system:nodes", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
    }

    private static JsonObject Csr(string? request, string? signer = "kubernetes.io/kube-apiserver-client-kubelet", JsonArray? usages = null, JsonArray? conditions = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "node-csr-a" },
        ["spec"] = new JsonObject { ["request"] = request, ["signerName"] = signer, ["usages"] = usages ?? new JsonArray("digital signature", "client auth") },
        ["status"] = new JsonObject { ["conditions"] = conditions ?? [] },
    };

    [Fact]
    public void ValidateCreate_AcceptsACertificateRequestWithSignerAndUsages()
    {
        Assert.Empty(_strategy.ValidateCreate(Csr(RequestBase64())));
    }

    [Fact]
    public void ValidateCreate_RefusesWhatIsNotACertificateRequest_AndAMissingSignerOrUsages()
    {
        var errors = _strategy.ValidateCreate(Csr(Convert.ToBase64String("not a request"u8.ToArray()), signer: null, usages: []));

        Assert.Equal(["spec.request: Invalid value: null: PEM block type must be CERTIFICATE REQUEST", "spec.signerName: Required value", "spec.usages: Required value"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Approval_ChangesOnlyTheApprovedAndDeniedConditions()
    {
        var current = Csr(RequestBase64(), conditions: [new JsonObject { ["type"] = "Failed", ["status"] = "True" }]);
        current["status"]!["certificate"] = "Y2VydA==";
        var desired = (JsonObject)current.DeepClone();
        desired["spec"]!["signerName"] = "example.com/other";
        desired["status"]!["certificate"] = null;
        desired["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Approved", ["status"] = "True", ["reason"] = "ByHand" });

        _strategy.PrepareForUpdate(desired, current, UpdateTarget.Approval);

        Assert.Equal("kubernetes.io/kube-apiserver-client-kubelet", desired["spec"]!["signerName"]!.GetValue<string>());
        Assert.Equal("Y2VydA==", desired["status"]!["certificate"]!.GetValue<string>());
        Assert.Equal(["Failed", "Approved"], desired["status"]!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
    }
}
