using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;

namespace Berth.ApiServer.Tests.Authorization;

public class PolicyRuleTests
{
    private static RequestAttributes Resource(string verb, string group, string resource, string subresource = "", string name = "") =>
        new(UserInfo.AnonymousUser, verb, true, "/", group, "v1", "dev", resource, subresource, name);

    private static RequestAttributes Path(string verb, string path) => new(UserInfo.AnonymousUser, verb, false, path);

    [Fact]
    public void Allows_VerbsGroupsResourcesAndWildcards()
    {
        var pods = new PolicyRule(["get", "list"], [""], ["pods"]);
        var everything = new PolicyRule(["*"], ["*"], ["*"]);

        Assert.True(pods.Allows(Resource("list", "", "pods")));
        Assert.False(pods.Allows(Resource("delete", "", "pods")));
        Assert.False(pods.Allows(Resource("list", "apps", "pods")));
        Assert.False(pods.Allows(Resource("get", "", "pods", "log")));
        Assert.True(everything.Allows(Resource("delete", "apps", "deployments", "scale")));
    }

    [Fact]
    public void Allows_Subresources_ByNameOrWildcard()
    {
        Assert.True(new PolicyRule(["get"], [""], ["pods/log"]).Allows(Resource("get", "", "pods", "log")));
        Assert.True(new PolicyRule(["get"], [""], ["pods/*"]).Allows(Resource("get", "", "pods", "exec")));
        Assert.True(new PolicyRule(["patch"], ["apps"], ["*/scale"]).Allows(Resource("patch", "apps", "deployments", "scale")));
        Assert.False(new PolicyRule(["patch"], ["apps"], ["*/scale"]).Allows(Resource("patch", "apps", "deployments")));
    }

    [Fact]
    public void Allows_ResourceNames_OnlyThoseNames()
    {
        var rule = new PolicyRule(["get"], [""], ["configmaps"], ["settings"]);

        Assert.True(rule.Allows(Resource("get", "", "configmaps", name: "settings")));
        Assert.False(rule.Allows(Resource("get", "", "configmaps", name: "other")));
        Assert.False(rule.Allows(Resource("list", "", "configmaps")));
    }

    [Fact]
    public void Allows_NonResourceUrls_ExactOrPrefixStar()
    {
        var rule = new PolicyRule(["get"], NonResourceUrls: ["/healthz", "/apis/*"]);

        Assert.True(rule.Allows(Path("get", "/healthz")));
        Assert.False(rule.Allows(Path("get", "/healthz/etcd")));
        Assert.True(rule.Allows(Path("get", "/apis/apps/v1")));
        Assert.False(rule.Allows(Path("post", "/apis/apps/v1")));
        Assert.False(rule.Allows(Resource("get", "", "healthz")));
    }
}
