using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Authorization.Rbac;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Authorization.Rbac;

public class BootstrapPolicyTests
{
    [Fact]
    public void DefaultObjects_AreValidAndLabelledAsKubeLabelsThem()
    {
        foreach (var role in BootstrapPolicy.ClusterRoles())
        {
            var errors = new List<FieldError>();
            RbacValidator.Role(role, namespaced: false, errors);
            Assert.Empty(errors);
            Assert.Equal("rbac-defaults", role["metadata"]!["labels"]![BootstrapPolicy.BootstrappingLabel]!.GetValue<string>());
            Assert.Equal("true", role["metadata"]!["annotations"]![BootstrapPolicy.AutoUpdateAnnotation]!.GetValue<string>());
        }
        var names = BootstrapPolicy.ClusterRoles().Select(r => r["metadata"]!["name"]!.GetValue<string>()).ToHashSet();
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
        {
            var errors = new List<FieldError>();
            RbacValidator.Binding(binding, namespaced: false, errors);
            Assert.Empty(errors);
            Assert.Contains(RoleRef.FromJson(binding["roleRef"]).Name, names);
        }
    }

    [Fact]
    public void AggregatedRoles_SelectByKubesLabels_AndChainViewIntoEditIntoAdmin()
    {
        var roles = BootstrapPolicy.ClusterRoles().ToDictionary(r => r["metadata"]!["name"]!.GetValue<string>());

        Assert.Equal("true", roles["admin"]["aggregationRule"]!["clusterRoleSelectors"]![0]!["matchLabels"]![BootstrapPolicy.AggregateToAdmin]!.GetValue<string>());
        Assert.Equal("true", roles["view"]["metadata"]!["labels"]![BootstrapPolicy.AggregateToEdit]!.GetValue<string>());
        Assert.Equal("true", roles["edit"]["metadata"]!["labels"]![BootstrapPolicy.AggregateToAdmin]!.GetValue<string>());
        Assert.Contains(PolicyRule.FromJson(roles["system:aggregate-to-view"]["rules"]![0]).Resources!, r => r == "pods");
    }

    [Fact]
    public void Nodes_ProvisionLocalPathVolumes_AsK3sProvisioner_ButGainNoOtherWrites()
    {
        var policy = RbacSnapshot.Build(BootstrapPolicy.ClusterRoles(), [], BootstrapPolicy.ClusterRoleBindings(), []);
        var node = UserInfo.Authenticated("system:node:n1", "", ["system:nodes", UserInfo.AllAuthenticated]);
        RequestAttributes Request(string verb, string resource, string group = "", string ns = "") => new(node, verb, true, "/", group, "v1", ns, resource, "", "");

        Assert.True(policy.Allows(Request("watch", "persistentvolumeclaims")));
        Assert.True(policy.Allows(Request("create", "persistentvolumes")));
        Assert.True(policy.Allows(Request("delete", "persistentvolumes")));
        Assert.True(policy.Allows(Request("list", "storageclasses", "storage.k8s.io")));
        Assert.False(policy.Allows(Request("update", "persistentvolumeclaims", ns: "default")));
        Assert.False(policy.Allows(Request("create", "storageclasses", "storage.k8s.io")));
        Assert.False(policy.Allows(Request("list", "secrets")));
    }

    [Fact]
    public void ControllerServiceAccounts_HoldTheirControllersRoles_AndNoMore()
    {
        var policy = RbacSnapshot.Build(BootstrapPolicy.ClusterRoles(), [], BootstrapPolicy.ClusterRoleBindings(), []);
        bool Allows(string controller, string verb, string resource, string group = "", string subresource = "") =>
            policy.Allows(new RequestAttributes(ControllerPolicy.User(controller), verb, true, "/", group, "v1", "default", resource, subresource, ""));

        Assert.True(Allows("replicaset-controller", "create", "pods"));
        Assert.True(Allows("replicaset-controller", "update", "replicasets", "apps", "status"));
        Assert.False(Allows("replicaset-controller", "get", "secrets"));
        Assert.False(Allows("replicaset-controller", "create", "replicasets", "apps"));
        Assert.True(Allows("deployment-controller", "create", "replicasets", "apps"));
        Assert.False(Allows("deployment-controller", "create", "pods"));
        Assert.True(Allows("generic-garbage-collector", "delete", "widgets", "example.com"));
        Assert.True(Allows("namespace-controller", "deletecollection", "secrets"));
        Assert.False(Allows("resourcequota-controller", "get", "secrets"));
        Assert.Equal(ControllerPolicy.Controllers.Count, ControllerPolicy.Controllers.Select(c => c.ServiceAccount).Distinct().Count());
    }
}
