using System.Text.Json.Nodes;
using Berth.ApiServer.Tables;

namespace Berth.ApiServer.Tests.Tables;

/// <summary>`kubectl get csr` columns as Kubernetes' printers.go prints them, CONDITION most of all.</summary>
public class CertificateSigningRequestTableTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly TableBuilder _builder = new(new FixedClock(s_now));

    [Fact]
    public void Build_IssuedRequest_HasKubectlColumnsAndCells()
    {
        var request = JsonNode.Parse("""
            {"metadata":{"name":"node-csr-1","creationTimestamp":"2026-01-02T11:59:00Z"},
             "spec":{"signerName":"kubernetes.io/kube-apiserver-client-kubelet","username":"system:bootstrap:abcdef","expirationSeconds":86400},
             "status":{"conditions":[{"type":"Approved","status":"True"}],"certificate":"LS0t"}}
            """)!.AsObject();
        var table = _builder.Build("certificates.k8s.io", "certificatesigningrequests", [request]);

        Assert.Equal(["Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"],
            table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(["node-csr-1", "60s", "kubernetes.io/kube-apiserver-client-kubelet", "system:bootstrap:abcdef", "24h", "Approved,Issued"],
            table["rows"]![0]!["cells"]!.AsArray().Select(c => c!.ToString()));
    }

    [Theory]
    [InlineData("""{}""", "Pending")]
    [InlineData("""{"conditions":[{"type":"Approved"}]}""", "Approved")]
    [InlineData("""{"conditions":[{"type":"Denied"}]}""", "Denied")]
    [InlineData("""{"conditions":[{"type":"Approved"},{"type":"Denied"}]}""", "Denied")]
    [InlineData("""{"conditions":[{"type":"Approved"},{"type":"Failed"}]}""", "Approved,Failed")]
    [InlineData("""{"certificate":"LS0t"}""", "Pending,Issued")]
    public void Condition_OrdersDeniedApprovedPending_ThenFailedAndIssued(string status, string expected)
    {
        var request = JsonNode.Parse($$"""{"metadata":{"name":"r"},"status":{{status}}}""")!.AsObject();
        Assert.Equal(expected, CertificatePrinters.Condition(request));
    }

    [Fact]
    public void Build_RequestWithoutSignerOrDuration_ShowsNone()
    {
        var request = JsonNode.Parse("""{"metadata":{"name":"r"},"spec":{"username":"alice"}}""")!.AsObject();
        var cells = _builder.Build("certificates.k8s.io", "certificatesigningrequests", [request])["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(["<none>", "alice", "<none>", "Pending"], cells.Skip(2).Select(c => c!.ToString()));
    }
}
