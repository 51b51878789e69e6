using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;

namespace Berth.ApiServer.Tests.AdmissionControl;

public class ServiceAccountAdmissionTests
{
    private const string Path = ServiceAccountAdmission.TokenMountPath;

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("{}", "{}", true)]
    [InlineData("{}", """{"automountServiceAccountToken":false}""", false)]
    [InlineData("""{"automountServiceAccountToken":false}""", "{}", false)]
    [InlineData("""{"automountServiceAccountToken":true}""", """{"automountServiceAccountToken":false}""", true)]
    [InlineData("""{"automountServiceAccountToken":false}""", """{"automountServiceAccountToken":true}""", false)]
    public void ShouldAutomount_ThePodsChoiceWins_ThenTheAccounts(string podSpec, string account, bool expected) =>
        Assert.Equal(expected, ServiceAccountAdmission.ShouldAutomount(Obj(account), Obj(podSpec)));

    [Fact]
    public void MountToken_AddsOneProjectedVolume_MountedReadOnlyInEveryContainer()
    {
        var spec = Obj("""{"initContainers":[{"name":"i"}],"containers":[{"name":"a"},{"name":"b","volumeMounts":[{"name":"data","mountPath":"/data"}]}],"volumes":[{"name":"data","emptyDir":{}}]}""");

        ServiceAccountAdmission.MountToken(spec);

        var volume = spec["volumes"]!.AsArray()[1]!.AsObject();
        var name = volume["name"]!.GetValue<string>();
        Assert.Matches("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
        Assert.True(JsonNode.DeepEquals(ServiceAccountAdmission.TokenVolumeSource(), volume["projected"]));
        var sources = volume["projected"]!["sources"]!.AsArray();
        Assert.Equal(3607, sources[0]!["serviceAccountToken"]!["expirationSeconds"]!.GetValue<int>());
        Assert.Equal("kube-root-ca.crt", sources[1]!["configMap"]!["name"]!.GetValue<string>());
        Assert.Equal("metadata.namespace", sources[2]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        var expectedMount = new JsonObject { ["name"] = name, ["readOnly"] = true, ["mountPath"] = Path };
        Assert.True(JsonNode.DeepEquals(expectedMount, spec["initContainers"]![0]!["volumeMounts"]![0]));
        Assert.True(JsonNode.DeepEquals(expectedMount, spec["containers"]![0]!["volumeMounts"]![0]));
        Assert.Equal(["/data", Path], spec["containers"]![1]!["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>()));
    }

    [Fact]
    public void MountToken_LeavesAContainerWithItsOwnMountAtThePath_AndAddsNoVolumeWhenNoneNeedsIt()
    {
        var spec = Obj($$$"""{"containers":[{"name":"a","volumeMounts":[{"name":"mine","mountPath":"{{{Path}}}"}]}],"volumes":[{"name":"mine","emptyDir":{}}]}""");

        ServiceAccountAdmission.MountToken(spec);

        Assert.Single(spec["volumes"]!.AsArray());
        Assert.Equal("mine", Assert.Single(spec["containers"]![0]!["volumeMounts"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void MountToken_ReusesAnAccessVolumeThePodAlreadyHas()
    {
        var spec = Obj("""{"containers":[{"name":"a"}],"volumes":[{"name":"kube-api-access-abcde","projected":{"sources":[]}}]}""");

        ServiceAccountAdmission.MountToken(spec);

        Assert.Single(spec["volumes"]!.AsArray());
        Assert.Equal("kube-api-access-abcde", spec["containers"]![0]!["volumeMounts"]![0]!["name"]!.GetValue<string>());
        Assert.Empty(spec["volumes"]![0]!["projected"]!["sources"]!.AsArray());
    }
}
