using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Authorization.Rbac;

namespace Berth.ApiServer.Tests.Authorization.Rbac;

public class RbacSnapshotTests
{
    private static readonly UserInfo App = UserInfo.Authenticated("system:serviceaccount:dev:app", "u1", ["system:serviceaccounts", "system:serviceaccounts:dev"]);
    private static readonly UserInfo Alice = UserInfo.Authenticated("alice", "", ["dev-team"]);
    private static readonly UserInfo Bob = UserInfo.Authenticated("bob", "", []);

    private static RequestAttributes Request(UserInfo user, string verb, string resource, string ns, string group = "", string name = "") =>
        new(user, verb, true, "/", group, "v1", ns, resource, "", name);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static RbacSnapshot Snapshot(params JsonObject[] objects) => RbacSnapshot.Build(
        objects.Where(o => o["kind"]!.GetValue<string>() == "ClusterRole"),
        objects.Where(o => o["kind"]!.GetValue<string>() == "Role"),
        objects.Where(o => o["kind"]!.GetValue<string>() == "ClusterRoleBinding"),
        objects.Where(o => o["kind"]!.GetValue<string>() == "RoleBinding"));

    private static readonly JsonObject PodReader = Parse("""
        {"kind":"Role","metadata":{"name":"pod-reader","namespace":"dev"},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]}
        """);

    [Fact]
    public void RoleBinding_ToAServiceAccount_GrantsItsRulesInItsNamespaceOnly()
    {
        var snapshot = Snapshot(PodReader, Parse("""
            {"kind":"RoleBinding","metadata":{"name":"b","namespace":"dev"},"roleRef":{"kind":"Role","name":"pod-reader"},
             "subjects":[{"kind":"ServiceAccount","name":"app"}]}
            """));

        Assert.True(snapshot.Allows(Request(App, "list", "pods", "dev")));
        Assert.False(snapshot.Allows(Request(App, "list", "pods", "prod")));
        Assert.False(snapshot.Allows(Request(App, "list", "secrets", "dev")));
        Assert.False(snapshot.Allows(Request(App, "delete", "pods", "dev", name: "p")));
        Assert.False(snapshot.Allows(Request(App, "list", "pods", "")));
        Assert.False(snapshot.Allows(Request(Bob, "list", "pods", "dev")));
    }

    [Fact]
    public void RoleBinding_ToAClusterRole_GrantsItsRulesInTheBindingsNamespace()
    {
        var snapshot = Snapshot(
            Parse("""{"kind":"ClusterRole","metadata":{"name":"secret-reader"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}"""),
            Parse("""
                {"kind":"RoleBinding","metadata":{"name":"b","namespace":"dev"},"roleRef":{"kind":"ClusterRole","name":"secret-reader"},
                 "subjects":[{"kind":"Group","name":"dev-team"}]}
                """));

        Assert.True(snapshot.Allows(Request(Alice, "get", "secrets", "dev", name: "s")));
        Assert.False(snapshot.Allows(Request(Alice, "get", "secrets", "prod", name: "s")));
    }

    [Fact]
    public void ClusterRoleBinding_GrantsEverywhere_ToUsersAndGroups()
    {
        var snapshot = Snapshot(
            Parse("""{"kind":"ClusterRole","metadata":{"name":"deploy-admin"},"rules":[{"verbs":["*"],"apiGroups":["apps"],"resources":["deployments"]}]}"""),
            Parse("""
                {"kind":"ClusterRoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"ClusterRole","name":"deploy-admin"},
                 "subjects":[{"kind":"User","name":"bob"},{"kind":"ServiceAccount","name":"app","namespace":"dev"}]}
                """));

        Assert.True(snapshot.Allows(Request(Bob, "delete", "deployments", "prod", "apps", "web")));
        Assert.True(snapshot.Allows(Request(Bob, "list", "deployments", "", "apps")));
        Assert.True(snapshot.Allows(Request(App, "create", "deployments", "other", "apps")));
        Assert.False(snapshot.Allows(Request(Alice, "list", "deployments", "dev", "apps")));
    }

    [Fact]
    public void BindingToAMissingRole_GrantsNothing()
    {
        var snapshot = Snapshot(Parse("""
            {"kind":"RoleBinding","metadata":{"name":"b","namespace":"dev"},"roleRef":{"kind":"Role","name":"absent"},
             "subjects":[{"kind":"User","name":"bob"}]}
            """));

        Assert.False(snapshot.Allows(Request(Bob, "get", "pods", "dev", name: "p")));
    }

    [Fact]
    public void BootstrapPolicy_GivesDiscoveryToAuthenticated_AndPublicInfoToAnonymous()
    {
        var snapshot = RbacSnapshot.Build(BootstrapPolicy.ClusterRoles(), [], BootstrapPolicy.ClusterRoleBindings(), []);
        RequestAttributes Path(UserInfo user, string path) => new(user, "get", false, path);

        Assert.True(snapshot.Allows(Path(Bob, "/apis/apps/v1")));
        Assert.True(snapshot.Allows(Path(UserInfo.AnonymousUser, "/version")));
        Assert.False(snapshot.Allows(Path(UserInfo.AnonymousUser, "/api")));
        Assert.True(snapshot.Allows(Path(App, "/openid/v1/jwks")));
        Assert.False(snapshot.Allows(Path(Bob, "/openid/v1/jwks")));
        Assert.True(snapshot.Allows(new(Bob, "create", true, "/", "authorization.k8s.io", "v1", "", "selfsubjectaccessreviews")));
        Assert.False(snapshot.Allows(Request(Bob, "list", "pods", "dev")));
        var scheduler = UserInfo.Authenticated("system:kube-scheduler", "", []);
        Assert.True(snapshot.Allows(new(scheduler, "create", true, "/", "", "v1", "dev", "pods", "binding", "p")));
        var master = UserInfo.Authenticated("root", "", [UserInfo.PrivilegedGroup]);
        Assert.True(snapshot.Allows(Request(master, "delete", "secrets", "kube-system", name: "s")));
    }
}
