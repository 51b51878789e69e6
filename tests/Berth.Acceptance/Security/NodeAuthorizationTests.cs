using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// The Node authorizer and NodeRestriction with the real kubectl, as a node: a client certificate
/// CN=system:node:n1 O=system:nodes from the cluster CA (a CSR approved by the admin) reads the Secret
/// of a pod bound to n1, and is refused another node's pod's Secret, an unrelated one, and another Node.
/// </summary>
public sealed class NodeAuthorizationTests(SecuredApiServer fixture) : IClassFixture<SecuredApiServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task Node_ReadsOnlyTheSecretsOfItsPods_AndModifiesOnlyItsOwnNode()
    {
        var ns = await fixture.NamespaceAsync();
        foreach (var secret in new[] { "mine", "theirs", "unrelated" })
        {
            await Kubectl.OkAsync("create", "secret", "generic", secret, "-n", ns, $"--from-literal=key={secret}");
        }
        await Kubectl.ApplyAsync(Pod(ns, "on-n1", "n1", "mine"));
        await Kubectl.ApplyAsync(Pod(ns, "on-n2", "n2", "theirs"));
        await Kubectl.ApplyAsync("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"other"}}""");
        var node = await NodeKubeconfigAsync("n1");

        Assert.Matches(@"Username\s+system:node:n1", await OkAsNodeAsync(node, "auth", "whoami"));
        Assert.Contains("bWluZQ==", await OkAsNodeAsync(node, "get", "secret", "mine", "-n", ns, "-o", "jsonpath={.data.key}"));
        foreach (var secret in new[] { "theirs", "unrelated" })
        {
            var refused = await Kubectl.RunAsync("--kubeconfig", node, "get", "secret", secret, "-n", ns);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains($"Error from server (Forbidden): secrets \"{secret}\" is forbidden: User \"system:node:n1\" cannot get resource \"secrets\" in API group \"\" " +
                $"in the namespace \"{ns}\": no relationship found between node 'n1' and this object", refused.Stderr);
        }
        var list = await Kubectl.RunAsync("--kubeconfig", node, "get", "secrets", "-n", ns);
        Assert.Contains($"cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\": No Object name found", list.Stderr);

        var patch = await Kubectl.RunAsync("--kubeconfig", node, "patch", "node", "other", "-p", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.NotEqual(0, patch.ExitCode);
        Assert.Contains("Error from server (Forbidden): nodes \"other\" is forbidden: node \"n1\" is not allowed to modify node \"other\"", patch.Stderr);
        var deletePod = await Kubectl.RunAsync("--kubeconfig", node, "delete", "pod", "on-n2", "-n", ns);
        Assert.Contains("pods \"on-n2\" is forbidden: node \"n1\" can only delete pods with spec.nodeName set to itself", deletePod.Stderr);
        Assert.Null(JsonNode.Parse(await Kubectl.OkAsync("get", "node", "other", "-o", "json"))!["metadata"]!["labels"]?["a"]);

        await Kubectl.OkAsync("delete", "node", "other");
    }

    [Fact]
    public async Task KubectlCertificateDeny_MarksTheCsrDenied_AndNothingIsSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = await CreateCsrAsync("denied", key);

        Assert.Contains($"certificatesigningrequest.certificates.k8s.io/{csr} denied", await Kubectl.OkAsync("certificate", "deny", csr));

        var denied = JsonNode.Parse(await Kubectl.OkAsync("get", "csr", csr, "-o", "json"))!;
        var condition = Assert.Single(denied["status"]!["conditions"]!.AsArray())!;
        Assert.Equal(("Denied", "True", "KubectlDeny"), (condition["type"]!.GetValue<string>(), condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));
        Assert.Null(denied["status"]!["certificate"]);
    }

    [Fact]
    public async Task KubectlGetCsr_ShowsKubesColumns_WithEachRequestsCondition()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pending = await CreateCsrAsync("pending", key, expirationSeconds: 7200);
        var approved = await CreateCsrAsync("approved", key);
        var denied = await CreateCsrAsync("denied", key);
        await Kubectl.OkAsync("certificate", "approve", approved);
        await Kubectl.OkAsync("certificate", "deny", denied);
        await Poll.ForAsync(() => Kubectl.OkAsync("get", "csr", approved, "-o", "jsonpath={.status.certificate}"), c => c.Length > 0, Patience, $"the signed certificate of {approved}");

        var lines = (await Kubectl.OkAsync("get", "csr", pending, approved, denied)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string[] Row(string name) => lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // kube's HumanDuration: minutes up to 3 hours.
        Assert.Equal(["kubernetes.io/kube-apiserver-client", "system:admin", "120m", "Pending"], Row(pending)[2..]);
        Assert.Equal(["kubernetes.io/kube-apiserver-client", "system:admin", "<none>", "Approved,Issued"], Row(approved)[2..]);
        Assert.Equal(["kubernetes.io/kube-apiserver-client", "system:admin", "<none>", "Denied"], Row(denied)[2..]);
    }

    /// <summary>A kubeconfig for node <paramref name="name"/>: its key, and the certificate the cluster signs for the admin-approved CSR.</summary>
    private async Task<string> NodeKubeconfigAsync(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = await CreateCsrAsync(name, key);
        // kubectl certificate approve PUTs the CSR to /approval as protobuf, with its Approved condition added.
        Assert.Contains($"certificatesigningrequest.certificates.k8s.io/{csr} approved", await Kubectl.OkAsync("certificate", "approve", csr));
        var certificate = await Poll.ForAsync(() => Kubectl.OkAsync("get", "csr", csr, "-o", "jsonpath={.status.certificate}"), c => c.Length > 0, Patience, $"the signed certificate of {csr}");
        return fixture.KubeconfigForCertificate(Encoding.UTF8.GetString(Convert.FromBase64String(certificate)), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A kube-apiserver-client CSR for CN=system:node:NAME, O=system:nodes; its name.</summary>
    private async Task<string> CreateCsrAsync(string name, ECDsa key, int? expirationSeconds = null)
    {
        var request = new CertificateRequest($"CN=system:node:{name}, O=system:nodes", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var csr = $"node-{name}-{Guid.NewGuid():N}"[..20];
        var spec = new JsonObject
        {
            ["request"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request)),
            ["signerName"] = "kubernetes.io/kube-apiserver-client",
            ["usages"] = new JsonArray("digital signature", "client auth"),
        };
        if (expirationSeconds is { } seconds)
        {
            spec["expirationSeconds"] = seconds;
        }
        await Kubectl.ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["kind"] = "CertificateSigningRequest",
            ["metadata"] = new JsonObject { ["name"] = csr },
            ["spec"] = spec,
        }.ToJsonString());
        return csr;
    }

    private async Task<string> OkAsNodeAsync(string kubeconfig, params string[] args)
    {
        var result = await Kubectl.RunAsync(["--kubeconfig", kubeconfig, .. args]);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} as the node exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    private static string Pod(string ns, string name, string node, string secret) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"nodeName":"{{{node}}}","containers":[{"name":"c","image":"busybox"}],"volumes":[{"name":"s","secret":{"secretName":"{{{secret}}}"}}]}}
        """;
}
