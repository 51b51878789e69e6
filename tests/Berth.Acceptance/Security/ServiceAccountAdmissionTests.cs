using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// kube's ServiceAccount admission and root-ca-cert-publisher with the real kubectl: pods run as
/// the default ServiceAccount with the kube-api-access volume (token, ca.crt, namespace) unless
/// they or their account opt out, a missing account is kube's 403, and every namespace holds kube-root-ca.crt.
/// </summary>
public sealed class ServiceAccountAdmissionTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private const string TokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task EveryNamespace_HoldsTheClusterCa_AsKubeRootCaCrt_PutBackWhenDeleted()
    {
        var ns = await NamespaceAsync();
        var ca = await CaAsync(ns);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca);
        var kubeconfigCa = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(fixture.Server.Kubeconfig), "certificate-authority-data: (\\S+)").Groups[1].Value;
        Assert.Equal(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(kubeconfigCa)).Trim(), ca.Trim());

        await Kubectl.OkAsync("delete", "configmap", "kube-root-ca.crt", "-n", ns);
        Assert.Equal(ca, await CaAsync(ns));
    }

    [Fact]
    public async Task APodNamingNoAccount_RunsAsDefault_WithTheApiAccessVolumeInEveryContainer()
    {
        var ns = await NamespaceAsync();
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"{{{ns}}}"},
             "spec":{"initContainers":[{"name":"init","image":"busybox"}],"containers":[{"name":"c","image":"busybox"}]}}
            """);

        var spec = await PodSpecAsync(ns, "p");
        Assert.Equal("default", spec["serviceAccountName"]!.GetValue<string>());
        var volume = Assert.Single(spec["volumes"]!.AsArray())!;
        var name = volume["name"]!.GetValue<string>();
        Assert.Matches("^kube-api-access-[a-z0-9]{5}$", name);
        Assert.Equal(420, volume["projected"]!["defaultMode"]!.GetValue<int>());
        var expected = JsonNode.Parse("""[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"items":[{"key":"ca.crt","path":"ca.crt"}],"name":"kube-root-ca.crt"}},{"downwardAPI":{"items":[{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"},"path":"namespace"}]}}]""");
        Assert.True(JsonNode.DeepEquals(expected, volume["projected"]!["sources"]), volume["projected"]!.ToJsonString());
        foreach (var container in new[] { spec["initContainers"]![0]!, spec["containers"]![0]! })
        {
            var mount = Assert.Single(container["volumeMounts"]!.AsArray())!;
            Assert.Equal((name, TokenPath, true), (mount["name"]!.GetValue<string>(), mount["mountPath"]!.GetValue<string>(), mount["readOnly"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task AutomountFalse_OnThePodOrTheAccount_MountsNothing_AndTheAccountsPullSecretsAreCopied()
    {
        var ns = await NamespaceAsync();
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"quiet","namespace":"{{{ns}}}"},
             "automountServiceAccountToken":false,"imagePullSecrets":[{"name":"registry"}]}
            """);
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"List","items":[
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-opts-out","namespace":"{{{ns}}}"},
              "spec":{"automountServiceAccountToken":false,"containers":[{"name":"c","image":"busybox"}]}},
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"account-opts-out","namespace":"{{{ns}}}"},
              "spec":{"serviceAccountName":"quiet","containers":[{"name":"c","image":"busybox"}]}},
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-opts-in","namespace":"{{{ns}}}"},
              "spec":{"serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"c","image":"busybox"}]}}]}
            """);

        var podOptsOut = await PodSpecAsync(ns, "pod-opts-out");
        Assert.Null(podOptsOut["volumes"]);
        Assert.Null(podOptsOut["containers"]![0]!["volumeMounts"]);
        var accountOptsOut = await PodSpecAsync(ns, "account-opts-out");
        Assert.Null(accountOptsOut["volumes"]);
        Assert.Equal("""[{"name":"registry"}]""", accountOptsOut["imagePullSecrets"]!.ToJsonString());
        var podOptsIn = await PodSpecAsync(ns, "pod-opts-in");
        Assert.StartsWith("kube-api-access-", Assert.Single(podOptsIn["volumes"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task APodOfAMissingAccount_IsForbidden_AndNotStored()
    {
        var ns = await NamespaceAsync();

        var result = await Kubectl.RunWithStdinAsync($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"{{{ns}}}"},
             "spec":{"serviceAccountName":"ghost","containers":[{"name":"c","image":"busybox"}]}}
            """, "create", "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Error from server (Forbidden): error when creating \"STDIN\": pods \"p\" is forbidden: error looking up service account {ns}/ghost: serviceaccount \"ghost\" not found", result.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "pod", "p", "-n", ns)).Stderr);
    }

    private async Task<string> NamespaceAsync()
    {
        var ns = $"sa-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        return ns;
    }

    private async Task<string> CaAsync(string ns)
    {
        var result = await Poll.ForAsync(
            () => Kubectl.RunAsync("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "json"), r => r.ExitCode == 0, Propagation, "kube-root-ca.crt published");
        var configMap = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(
            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
            configMap["metadata"]!["annotations"]!["kubernetes.io/description"]!.GetValue<string>());
        return configMap["data"]!["ca.crt"]!.GetValue<string>();
    }

    private async Task<JsonNode> PodSpecAsync(string ns, string name) =>
        JsonNode.Parse(await Kubectl.OkAsync("get", "pod", name, "-n", ns, "-o", "json"))!["spec"]!;
}
