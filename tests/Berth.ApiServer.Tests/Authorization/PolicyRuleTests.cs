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
        // kube has no "pods/*": a subresource wildcard is "*/name" only.
        Assert.False(new PolicyRule(["get"], [""], ["pods/*"]).Allows(Resource("get", "", "pods", "exec")));
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

    [Fact]
    public void Covers_WhatItGrants_NotMore()
    {
        var owner = new PolicyRule(["get", "list"], ["", "apps"], ["pods", "*/scale"]);

        Assert.True(owner.Covers(new PolicyRule(["get"], [""], ["pods"])));
        Assert.True(owner.Covers(new PolicyRule(["list"], ["apps"], ["deployments/scale"])));
        Assert.True(owner.Covers(new PolicyRule(["get"], [""], ["pods"], ["one"])));
        Assert.False(owner.Covers(new PolicyRule(["delete"], [""], ["pods"])));
        Assert.False(owner.Covers(new PolicyRule(["get"], ["batch"], ["pods"])));
        Assert.False(owner.Covers(new PolicyRule(["get"], [""], ["secrets"])));
        Assert.False(new PolicyRule(["get"], [""], ["pods"], ["one"]).Covers(new PolicyRule(["get"], [""], ["pods"])));
        Assert.True(new PolicyRule(["*"], ["*"], ["*"]).Covers(new PolicyRule(["escalate"], ["rbac.authorization.k8s.io"], ["roles"])));
        Assert.True(new PolicyRule(["get"], NonResourceUrls: ["/apis/*"]).Covers(new PolicyRule(["get"], NonResourceUrls: ["/apis/apps"])));
        Assert.False(new PolicyRule(["get"], NonResourceUrls: ["/apis"]).Covers(new PolicyRule(["get"], NonResourceUrls: ["/apis/apps"])));
    }

    [Fact]
    public void Breakdown_OnePiecePerVerbGroupResourceAndName()
    {
        var pieces = new PolicyRule(["get", "list"], ["", "apps"], ["pods"], ["a", "b"]).Breakdown().ToList();

        Assert.Equal(8, pieces.Count);
        Assert.Contains(new PolicyRule(["list"], ["apps"], ["pods"], ["b"]), pieces, RuleComparer.Instance);
    }

    [Fact]
    public void Json_RoundTripsKubesForm()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"verbs":["get"],"apiGroups":[""],"resources":["configmaps"],"resourceNames":["x"]}""");

        var rule = PolicyRule.FromJson(json);

        Assert.Equal(["configmaps"], rule.Resources!);
        Assert.Equal(json!.ToJsonString(), rule.ToJson().ToJsonString());
    }

    private sealed class RuleComparer : IEqualityComparer<PolicyRule>
    {
        public static readonly RuleComparer Instance = new();

        public bool Equals(PolicyRule? x, PolicyRule? y) => x!.ToJson().ToJsonString() == y!.ToJson().ToJsonString();

        public int GetHashCode(PolicyRule obj) => obj.ToJson().ToJsonString().GetHashCode(StringComparison.Ordinal);
    }
}
