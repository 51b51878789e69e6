using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl.PodSecurity;

namespace Berth.ApiServer.Tests.AdmissionControl.PodSecurity;

public class NamespacePolicyTests
{
    private static NamespacePolicy Policy(string labels) => NamespacePolicy.FromLabels(JsonNode.Parse(labels)!.AsObject());

    [Fact]
    public void NoLabels_IsPrivilegedLatest()
    {
        var policy = NamespacePolicy.FromLabels(null);
        Assert.True(policy.IsPrivileged);
        Assert.Equal("privileged:latest", policy.Enforce.ToString());
    }

    [Fact]
    public void Labels_SetEachMode_AndWarnFollowsAStricterEnforce()
    {
        var policy = Policy("""{"pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/enforce-version":"v1.25","pod-security.kubernetes.io/audit":"restricted"}""");

        Assert.Equal("baseline:v1.25", policy.Enforce.ToString());
        Assert.Equal("restricted:latest", policy.Audit.ToString());
        Assert.Equal("baseline:v1.25", policy.Warn.ToString());
        Assert.Empty(policy.Errors);
        Assert.Equal("privileged:latest", Policy("""{"pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/warn":"privileged"}""").Warn.ToString());
    }

    [Fact]
    public void InvalidLabels_AreErrors_AndAnInvalidLevelEnforcesRestricted()
    {
        var policy = Policy("""{"pod-security.kubernetes.io/enforce":"strict","pod-security.kubernetes.io/warn-version":"1.25"}""");

        Assert.Equal("restricted:latest", policy.Enforce.ToString());
        Assert.Equal(
            [
                "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted",
                "metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: \"1.25\": must be \"latest\" or \"v1.x\"",
            ],
            policy.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ExistingPodWarnings_GroupPodsByReasons()
    {
        static JsonObject Pod(string name, string spec) => JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""")!.AsObject();
        var privileged = """{"containers":[{"name":"c","securityContext":{"privileged":true}}]}""";
        var pods = new[] { Pod("b", privileged), Pod("a", privileged), Pod("c", privileged), Pod("host", """{"hostNetwork":true,"containers":[]}"""), Pod("fine", """{"containers":[]}""") };

        Assert.Equal(
            [
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "a (and 2 other pods): privileged",
                "host: host namespaces",
            ],
            PodSecurityAdmission.ExistingPodWarnings("ns", new LevelVersion(PodSecurityLevel.Baseline, null), pods));
    }

    [Fact]
    public void Templates_AreFoundInEveryWorkload()
    {
        Assert.NotNull(PodSecurityAdmission.Template(JsonNode.Parse("""{"kind":"Deployment","spec":{"template":{"spec":{"containers":[]}}}}""")!.AsObject()));
        Assert.NotNull(PodSecurityAdmission.Template(JsonNode.Parse("""{"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[]}}}}}}""")!.AsObject()));
        Assert.Null(PodSecurityAdmission.Template(JsonNode.Parse("""{"kind":"Deployment","spec":{}}""")!.AsObject()));
    }
}
