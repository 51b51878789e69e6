using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl.PodSecurity;

namespace Berth.ApiServer.Tests.AdmissionControl.PodSecurity;

public class PodSecurityEvaluatorTests
{
    // A pod restricted accepts; each case changes one thing.
    private const string RestrictedContainer = """{"name":"c","image":"busybox","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}""";
    private const string RestrictedPod = """{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[""" + RestrictedContainer + "]}";

    private static string Evaluate(string level, string spec, string metadata = "{}")
    {
        var version = level.Split(':');
        Assert.True(LevelVersion.TryParseLevel(version[0], out var parsed));
        Assert.True(LevelVersion.TryParseVersion(version.Length > 1 ? version[1] : "latest", out var minor));
        return PodSecurityEvaluator.Detail(PodSecurityEvaluator.Evaluate(new LevelVersion(parsed, minor), JsonNode.Parse(metadata)!.AsObject(), JsonNode.Parse(spec)!.AsObject()));
    }

    [Fact]
    public void ARestrictedPod_PassesEveryLevel()
    {
        Assert.Equal("", Evaluate("restricted", RestrictedPod));
        Assert.Equal("", Evaluate("baseline", RestrictedPod));
    }

    [Fact]
    public void APlainPod_ViolatesRestricted_InKubesOrderAndWords() =>
        Assert.Equal(
            "privileged (container \"c\" must not set securityContext.privileged=true), " +
            "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            Evaluate("restricted", """{"containers":[{"name":"c","securityContext":{"privileged":true}}]}"""));

    [Theory]
    [InlineData("""{"hostNetwork":true,"hostPID":true,"containers":[{"name":"c"}]}""", "host namespaces (hostNetwork=true, hostPID=true)")]
    [InlineData("""{"containers":[{"name":"a","securityContext":{"privileged":true}},{"name":"b","securityContext":{"privileged":true}}]}""", "privileged (containers \"a\", \"b\" must not set securityContext.privileged=true)")]
    [InlineData("""{"volumes":[{"name":"h","hostPath":{"path":"/"}}],"containers":[{"name":"c"}]}""", "hostPath volumes (volume \"h\")")]
    [InlineData("""{"containers":[{"name":"c","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":81,"hostPort":81}]}]}""", "hostPort (container \"c\" uses hostPorts 8080, 81)")]
    [InlineData("""{"containers":[{"name":"c","securityContext":{"capabilities":{"add":["NET_ADMIN","CHOWN","SYS_TIME"]}}}]}""", "non-default capabilities (container \"c\" must not include \"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)")]
    [InlineData("""{"containers":[{"name":"c","securityContext":{"procMount":"Unmasked"}}]}""", "procMount (container \"c\" must not set securityContext.procMount to \"Unmasked\")")]
    [InlineData("""{"securityContext":{"seLinuxOptions":{"type":"spc_t","user":"root"}},"containers":[{"name":"c"}]}""", "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set)")]
    [InlineData("""{"securityContext":{"seccompProfile":{"type":"Unconfined"}},"containers":[{"name":"c"}]}""", "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")")]
    [InlineData("""{"securityContext":{"sysctls":[{"name":"kernel.msgmax","value":"1"},{"name":"net.ipv4.tcp_syncookies","value":"1"}]},"containers":[{"name":"c"}]}""", "forbidden sysctls (kernel.msgmax)")]
    [InlineData("""{"containers":[{"name":"c","securityContext":{"windowsOptions":{"hostProcess":true}}}]}""", "hostProcess (container \"c\" must not set securityContext.windowsOptions.hostProcess=true)")]
    [InlineData("""{"containers":[{"name":"c","securityContext":{"appArmorProfile":{"type":"Unconfined"}}}]}""", "forbidden AppArmor profile (container \"c\" must not set AppArmor profile type to \"Unconfined\")")]
    [InlineData("""{"containers":[{"name":"c","securityContext":{"capabilities":{"add":["CHOWN"]},"seLinuxOptions":{"type":"container_t"}}}]}""", "")]
    public void BaselineChecks_NameWhatTheyForbid(string spec, string detail) => Assert.Equal(detail, Evaluate("baseline", spec));

    [Fact]
    public void AppArmorAnnotations_AreCheckedToo() =>
        Assert.Equal("forbidden AppArmor profile (annotation must not set AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/c=\"unconfined\"\")",
            Evaluate("baseline", """{"containers":[{"name":"c"}]}""", """{"annotations":{"container.apparmor.security.beta.kubernetes.io/c":"unconfined"}}"""));

    [Theory]
    [InlineData("""{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":true,"capabilities":{"drop":["ALL"]}}}]}""", "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false)")]
    [InlineData("""{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE","CHOWN"]}}}]}""", "unrestricted capabilities (container \"c\" must not include \"CHOWN\" in securityContext.capabilities.add)")]
    [InlineData("""{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"volumes":[{"name":"v","nfs":{"server":"x","path":"/"}},{"name":"ok","emptyDir":{}}],"containers":[""" + RestrictedContainer + "]}", "restricted volume types (volume \"v\" uses restricted volume type \"nfs\")")]
    [InlineData("""{"securityContext":{"runAsNonRoot":false,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[""" + RestrictedContainer + "]}", "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)")]
    [InlineData("""{"securityContext":{"runAsNonRoot":true,"runAsUser":0,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[""" + RestrictedContainer + "]}", "runAsUser=0 (pod must not set runAsUser=0)")]
    [InlineData("""{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"Unconfined"}},"containers":[""" + RestrictedContainer + "]}", "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")")]
    [InlineData("""{"os":{"name":"windows"},"securityContext":{"runAsNonRoot":true},"containers":[{"name":"c"}]}""", "")]
    public void RestrictedChecks_NameWhatTheyForbid(string spec, string detail) => Assert.Equal(detail, Evaluate("restricted", spec));

    [Fact]
    public void OlderVersions_LackLaterChecks()
    {
        const string Spec = """{"securityContext":{"runAsNonRoot":true,"runAsUser":0,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":false}}]}""";
        Assert.Equal("", Evaluate("restricted:v1.21", Spec));
        Assert.StartsWith("unrestricted capabilities", Evaluate("restricted:v1.22", Spec));
        Assert.EndsWith("runAsUser=0 (pod must not set runAsUser=0)", Evaluate("restricted:v1.23", Spec));
        Assert.Equal("forbidden sysctls (net.ipv4.tcp_keepalive_time)", Evaluate("baseline:v1.28", """{"securityContext":{"sysctls":[{"name":"net.ipv4.tcp_keepalive_time"}]},"containers":[]}"""));
        Assert.Equal("", Evaluate("baseline:v1.29", """{"securityContext":{"sysctls":[{"name":"net.ipv4.tcp_keepalive_time"}]},"containers":[]}"""));
    }
}
