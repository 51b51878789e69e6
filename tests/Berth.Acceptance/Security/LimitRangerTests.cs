using System.Text.Json.Nodes;
using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// kube's LimitRanger admission with the real kubectl: a LimitRange's defaults fill a new pod's
/// containers (noted in kubernetes.io/limit-ranger), and pods or claims beyond its bounds are kube's 403.
/// </summary>
public sealed class LimitRangerTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task ALimitRange_DefaultsAPodsResources_AndRefusesOneBeyondItsBounds()
    {
        var ns = $"lr-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"bounds","namespace":"{{{ns}}}"},
             "spec":{"limits":[
              {"type":"Container","max":{"cpu":"800m"},"min":{"cpu":"100m"},"default":{"memory":"256Mi"},"defaultRequest":{"cpu":"200m"}},
              {"type":"PersistentVolumeClaim","max":{"storage":"2Gi"}}]}}
            """);
        var range = JsonNode.Parse(await Kubectl.OkAsync("get", "limits", "bounds", "-n", ns, "-o", "json"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"memory":"256Mi","cpu":"800m"}"""), range["spec"]!["limits"]![0]!["default"]));

        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"small","namespace":"{{{ns}}}"},
             "spec":{"containers":[{"name":"app","image":"busybox"}]}}
            """);
        var pod = JsonNode.Parse(await Kubectl.OkAsync("get", "pod", "small", "-n", ns, "-o", "json"))!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"limits":{"cpu":"800m","memory":"256Mi"},"requests":{"cpu":"200m","memory":"256Mi"}}"""),
            pod["spec"]!["containers"]![0]!["resources"]), pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app",
            pod["metadata"]!["annotations"]!["kubernetes.io/limit-ranger"]!.GetValue<string>());

        var big = await Kubectl.RunWithStdinAsync($$$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"{{{{ns}}}}"},
             "spec":{"containers":[{"name":"app","image":"busybox","resources":{"limits":{"cpu":"1500m"}}}]}}
            """, "create", "-f", "-");
        Assert.Contains("Error from server (Forbidden): error when creating \"STDIN\": pods \"big\" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m", big.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "pod", "big", "-n", ns)).Stderr);

        var claim = await Kubectl.RunWithStdinAsync($$$$"""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"{{{{ns}}}}"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}}} }
            """, "create", "-f", "-");
        Assert.Contains("persistentvolumeclaims \"data\" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi", claim.Stderr);
    }
}
