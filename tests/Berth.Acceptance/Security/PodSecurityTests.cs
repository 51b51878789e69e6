using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// PodSecurity admission with the real kubectl: a restricted namespace refuses a privileged pod with
/// kube's message and stores nothing, warns on a Deployment's template; a warn namespace warns and
/// stores; tightening a namespace's enforce label warns of the pods that break it; a bad label is 422.
/// </summary>
public sealed class PodSecurityTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private const string PrivilegedPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"priv"},
         "spec":{"containers":[{"name":"c","image":"busybox","securityContext":{"privileged":true}}]}}
        """;

    private const string RestrictedPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"tight"},
         "spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}},
          "containers":[{"name":"c","image":"busybox","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}
        """;

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task ARestrictedNamespace_RefusesAPrivilegedPod_AndWarnsOnADeployment()
    {
        var ns = await NamespaceAsync("psr", "enforce=restricted");

        var refused = await Kubectl.RunWithStdinAsync(PrivilegedPod, "create", "-n", ns, "-f", "-");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(
            "Error from server (Forbidden): error when creating \"STDIN\": pods \"priv\" is forbidden: violates PodSecurity \"restricted:latest\": " +
            "privileged (container \"c\" must not set securityContext.privileged=true), " +
            "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            refused.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "pod", "priv", "-n", ns)).Stderr);

        var allowed = await Kubectl.RunWithStdinAsync(RestrictedPod, "create", "-n", ns, "-f", "-");
        Assert.Equal(0, allowed.ExitCode);
        Assert.DoesNotContain("Warning", allowed.Stderr);

        var deployment = await Kubectl.RunAsync("create", "deployment", "web", "--image=busybox", "-n", ns);
        Assert.Equal(0, deployment.ExitCode);
        Assert.Contains("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"busybox\" must set securityContext.allowPrivilegeEscalation=false)", deployment.Stderr);
        Assert.Contains("deployment.apps/web created", deployment.Stdout);
    }

    [Fact]
    public async Task AWarnNamespace_WarnsAndStores_AndTighteningItWarnsOfExistingPods()
    {
        var ns = await NamespaceAsync("psw", "warn=baseline");

        var warned = await Kubectl.RunWithStdinAsync(PrivilegedPod, "create", "-n", ns, "-f", "-");
        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("Warning: would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not set securityContext.privileged=true)", warned.Stderr);
        Assert.Contains("pod/priv created", warned.Stdout);
        await Kubectl.OkAsync("get", "pod", "priv", "-n", ns);

        var tightened = await Kubectl.RunAsync("label", "namespace", ns, "pod-security.kubernetes.io/enforce=baseline");
        Assert.Equal(0, tightened.ExitCode);
        Assert.Contains($"Warning: existing pods in namespace \"{ns}\" violate the new PodSecurity enforce level \"baseline:latest\"", tightened.Stderr);
        Assert.Contains("Warning: priv: privileged", tightened.Stderr);

        var invalid = await Kubectl.RunAsync("label", "namespace", ns, "pod-security.kubernetes.io/enforce=strict", "--overwrite");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains($"Namespace \"{ns}\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted", invalid.Stderr);
    }

    private async Task<string> NamespaceAsync(string prefix, string mode)
    {
        var ns = $"{prefix}-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("label", "namespace", ns, $"pod-security.kubernetes.io/{mode}");
        return ns;
    }
}
