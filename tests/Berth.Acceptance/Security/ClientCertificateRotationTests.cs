using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Berth.Acceptance.Agent;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// A joined agent rotates its client certificate through CSRs, as kubelet does: with node certificates signed for two
/// minutes (<c>--cluster-signing-duration</c>), the agent asks as itself for a new one before the old one ends, the server
/// approves the node's renewal of its own identity and signs it, and the agent goes on as its node past the old
/// certificate's end.
/// </summary>
public sealed class ClientCertificateRotationTests(ClientCertificateRotationTests.ShortCertificateCluster cluster)
    : IClassFixture<ClientCertificateRotationTests.ShortCertificateCluster>
{
    public sealed class ShortCertificateCluster : TwoNodeCluster
    {
        protected override IEnumerable<string> ServerArguments => [.. base.ServerArguments, "--cluster-signing-duration", "2m"];
    }

    [Fact]
    public async Task JoinedAgent_RotatesItsClientCertificate_AndStaysReady()
    {
        var node = cluster.Second.NodeName;
        var first = Certificate();

        var rotated = await Poll.ForAsync(() => Task.FromResult(Certificate()), c => c.SerialNumber != first.SerialNumber, TimeSpan.FromMinutes(3),
            "a new client certificate on the joined node");

        Assert.Equal(first.Subject, rotated.Subject);
        var table = await cluster.Kubectl.OkAsync("get", "csr");
        Assert.Matches($@"node-csr-\S+\s+\S+\s+kubernetes\.io/kube-apiserver-client-kubelet\s+system:node:{node}\s+<none>\s+Approved,Issued", table);
        // Past the first certificate's end the node still renews its Lease and is Ready: it talks with the new one.
        var oldEnd = first.NotAfter.ToUniversalTime();
        await Poll.ForAsync(LeaseRenewTimeAsync, t => t > oldEnd, TimeSpan.FromMinutes(3), "a Lease renewal after the first certificate ended");
        var ready = await cluster.Kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
        Assert.Equal("True", ready.Trim());
    }

    private X509Certificate2 Certificate() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(cluster.Second.DataDir, "agent", "pki", "client.crt")));

    private async Task<DateTime> LeaseRenewTimeAsync()
    {
        var lease = JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "lease", "-n", "kube-node-lease", cluster.Second.NodeName, "-o", "json"))!;
        return lease["spec"]!["renewTime"]!.GetValue<DateTime>().ToUniversalTime();
    }
}
