using System.Text;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Tests.Registry;

namespace Berth.ApiServer.Tests.Authorization.Nodes;

/// <summary>The Node authorizer over a real store and watch cache: pod web on n1 uses Secret s1, ConfigMap c1, claim data (bound to pv1, whose CSI secret is kube-system/csi) and ServiceAccount app; pod other on n2 uses Secret s2.</summary>
public sealed class NodeAuthorizerTests : IAsyncLifetime
{
    private const string NoRelationship = "no relationship found between node 'n1' and this object";

    private StoreFixture _fixture = null!;
    private NodeAuthorizer _authorizer = null!;

    public async Task InitializeAsync()
    {
        _fixture = await StoreFixture.StartAsync();
        await PutAsync("/registry/core/pods/default/web", """
            {"metadata":{"name":"web","namespace":"default"},"spec":{"nodeName":"n1","serviceAccountName":"app",
             "containers":[{"name":"c","image":"busybox","env":[{"name":"K","valueFrom":{"configMapKeyRef":{"name":"c1","key":"k"}}}]}],
             "volumes":[{"name":"s","secret":{"secretName":"s1"}},{"name":"d","persistentVolumeClaim":{"claimName":"data"}}]}}
            """);
        await PutAsync("/registry/core/pods/default/other", """
            {"metadata":{"name":"other","namespace":"default"},"spec":{"nodeName":"n2","containers":[{"name":"c","image":"busybox","envFrom":[{"secretRef":{"name":"s2"}}]}]}}
            """);
        await PutAsync("/registry/core/persistentvolumeclaims/default/data", """{"metadata":{"name":"data","namespace":"default"},"spec":{"volumeName":"pv1"}}""");
        await PutAsync("/registry/core/persistentvolumes/pv1", """
            {"metadata":{"name":"pv1"},"spec":{"csi":{"driver":"d","volumeHandle":"h","nodePublishSecretRef":{"name":"csi","namespace":"kube-system"}}}}
            """);
        _authorizer = new NodeAuthorizer(new NodeObjectGraph(_fixture.Cache, StoreFixture.Registry));
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData("get", "secrets", "", "default", "s1", true, "")]
    [InlineData("list", "secrets", "", "default", "s1", true, "")]
    [InlineData("watch", "secrets", "", "default", "s1", true, "")]
    [InlineData("get", "secrets", "", "default", "s2", false, NoRelationship)]
    [InlineData("get", "secrets", "", "default", "unrelated", false, NoRelationship)]
    [InlineData("get", "secrets", "", "kube-system", "csi", true, "")]
    [InlineData("list", "secrets", "", "default", "", false, "No Object name found")]
    [InlineData("update", "secrets", "", "default", "s1", false, "can only read resources of this type")]
    [InlineData("get", "secrets", "", "", "s1", false, "can only read namespaced object of this type")]
    [InlineData("get", "configmaps", "", "default", "c1", true, "")]
    [InlineData("get", "configmaps", "", "default", "c2", false, NoRelationship)]
    [InlineData("get", "persistentvolumeclaims", "", "default", "data", true, "")]
    [InlineData("list", "persistentvolumeclaims", "", "default", "", false, "can only get individual resources of this type")]
    [InlineData("patch", "persistentvolumeclaims", "status", "default", "data", true, "")]
    [InlineData("get", "persistentvolumes", "", "", "pv1", true, "")]
    [InlineData("get", "persistentvolumes", "", "", "pv2", false, NoRelationship)]
    [InlineData("create", "serviceaccounts", "token", "default", "app", true, "")]
    [InlineData("create", "serviceaccounts", "token", "default", "default", false, NoRelationship)]
    [InlineData("get", "serviceaccounts", "", "default", "app", false, "can only create tokens for individual service accounts")]
    [InlineData("list", "pods", "", "", "", true, "")]
    [InlineData("patch", "nodes", "status", "", "n1", true, "")]
    [InlineData("create", "events", "", "default", "", true, "")]
    [InlineData("delete", "nodes", "", "", "n1", false, "")]
    public void Authorize_CoreObjects_FollowThePodsBoundToTheNode(string verb, string resource, string subresource, string ns, string name, bool allowed, string reason)
    {
        var result = _authorizer.Authorize(Request(Node("n1"), verb, "", resource, subresource, ns, name));

        Assert.Equal(allowed ? AuthorizationDecision.Allow : AuthorizationDecision.NoOpinion, result.Decision);
        Assert.Equal(reason, result.Reason);
    }

    [Theory]
    [InlineData("update", "kube-node-lease", "n1", true, "")]
    [InlineData("create", "kube-node-lease", "", true, "")]
    [InlineData("get", "kube-node-lease", "n2", false, "can only access node lease with the same name as the requesting node")]
    [InlineData("get", "default", "n1", false, "can only access leases in the \"kube-node-lease\" system namespace")]
    [InlineData("list", "kube-node-lease", "", false, "can only get, create, update, patch, or delete a node lease")]
    public void Authorize_Leases_OnlyTheNodesOwn(string verb, string ns, string name, bool allowed, string reason)
    {
        var result = _authorizer.Authorize(Request(Node("n1"), verb, "coordination.k8s.io", "leases", "", ns, name));

        Assert.Equal(allowed ? AuthorizationDecision.Allow : AuthorizationDecision.NoOpinion, result.Decision);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Authorize_UsersThatAreNotNodes_HaveNoOpinion()
    {
        var notInGroup = UserInfo.Authenticated("system:node:n1", "", []);
        var otherUser = UserInfo.Authenticated("alice", "", [NodeIdentity.Group]);

        Assert.Equal(AuthorizationResult.NoOpinion, _authorizer.Authorize(Request(notInGroup, "get", "", "secrets", "", "default", "s1")));
        Assert.Equal(AuthorizationResult.NoOpinion, _authorizer.Authorize(Request(otherUser, "get", "", "secrets", "", "default", "s1")));
    }

    [Fact]
    public async Task Authorize_APodBoundLater_GrantsItsSecretFromThen()
    {
        var request = Request(Node("n2"), "get", "", "secrets", "", "default", "s1");
        Assert.Equal("no relationship found between node 'n2' and this object", _authorizer.Authorize(request).Reason);

        await PutAsync("/registry/core/pods/default/moved", """
            {"metadata":{"name":"moved","namespace":"default"},"spec":{"nodeName":"n2","containers":[{"name":"c","image":"busybox"}],"volumes":[{"name":"s","projected":{"sources":[{"secret":{"name":"s1"}}]}}]}}
            """);

        Assert.Equal(AuthorizationResult.Allow, _authorizer.Authorize(request));
    }

    [Fact]
    public void Require_RefusedSecret_IsKubesMessageWithTheNodeReason()
    {
        var chain = new RequestAuthorizer([_authorizer]);

        var refused = Assert.Throws<Http.ApiException>(() => chain.Require(Request(Node("n1"), "get", "", "secrets", "", "default", "s2")));

        Assert.Equal(403, refused.Code);
        Assert.Equal("secrets \"s2\" is forbidden: User \"system:node:n1\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\": " + NoRelationship, refused.Message);
    }

    private static UserInfo Node(string name) => UserInfo.Authenticated(NodeIdentity.UserPrefix + name, "", [NodeIdentity.Group]);

    private static RequestAttributes Request(UserInfo user, string verb, string group, string resource, string subresource, string ns, string name) =>
        new(user, verb, true, "", group, "v1", ns, resource, subresource, name);

    private async Task PutAsync(string key, string json)
    {
        var revision = await _fixture.Kv.CreateAsync(key, Encoding.UTF8.GetBytes(json));
        Assert.True(await _fixture.Cache.WaitForRevisionAsync(revision, TimeSpan.FromSeconds(10), CancellationToken.None));
    }
}
