using System.Net;
using Berth.Acceptance.Api;
using Berth.Testing;
using k8s;
using k8s.Autorest;

namespace Berth.Acceptance.Security;

/// <summary>
/// RBAC enforced, with the real kubectl and the official C# client: Roles and bindings grant
/// exactly their rules in their namespace; kube's default ClusterRoles and bindings are there;
/// refusals are kube's 403 wording; bad RBAC objects are kube's 422.
/// </summary>
public sealed class RbacTests(SecuredApiServer fixture) : IClassFixture<SecuredApiServer>
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(20);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task ServiceAccountWithARole_ListsPodsInItsNamespace_AndIsRefusedElsewhereAndOnSecrets()
    {
        var dev = await fixture.NamespaceAsync();
        var prod = await fixture.NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", dev);
        await Kubectl.OkAsync("create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods", "-n", dev);
        await Kubectl.OkAsync("create", "rolebinding", "app-reads-pods", "--role=pod-reader", $"--serviceaccount={dev}:app", "-n", dev);
        await Kubectl.ApplyAsync($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"{{{dev}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        var token = (await Kubectl.OkAsync("create", "token", "app", "-n", dev)).Trim();
        var user = $"system:serviceaccount:{dev}:app";

        var pods = await Poll.ForAsync(() => fixture.RunAsAsync(token, "get", "pods", "-n", dev, "-o", "name"), r => r.ExitCode == 0, Propagation, "pods listed by the ServiceAccount");
        Assert.Equal("pod/p", pods.Stdout.Trim());

        var otherNamespace = await fixture.RunAsAsync(token, "get", "pods", "-n", prod);
        Assert.Contains($"Error from server (Forbidden): pods is forbidden: User \"{user}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{prod}\"", otherNamespace.Stderr);
        var secrets = await fixture.RunAsAsync(token, "get", "secrets", "-n", dev);
        Assert.Contains($"Error from server (Forbidden): secrets is forbidden: User \"{user}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{dev}\"", secrets.Stderr);
        var delete = await fixture.RunAsAsync(token, "delete", "pod", "p", "-n", dev);
        Assert.Contains($"pods \"p\" is forbidden: User \"{user}\" cannot delete resource \"pods\" in API group \"\" in the namespace \"{dev}\"", delete.Stderr);
        var logs = await fixture.RunAsAsync(token, "logs", "p", "-n", dev);
        Assert.Contains($"pods \"p\" is forbidden: User \"{user}\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"{dev}\"", logs.Stderr);

        // The official client, with the same token.
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.KubeconfigFor(token)));
        var listed = await client.CoreV1.ListNamespacedPodAsync(dev);
        Assert.Equal("p", Assert.Single(listed.Items).Metadata.Name);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedSecretAsync(dev));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Equal(
            $"secrets is forbidden: User \"{user}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{dev}\"",
            System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClusterRoleBoundInANamespace_GrantsOnlyThere_AndResourceNamesLimitToThoseObjects()
    {
        var dev = await fixture.NamespaceAsync();
        var other = await fixture.NamespaceAsync();
        var role = $"cm-{dev}";
        await Kubectl.OkAsync("create", "clusterrole", role, "--verb=get", "--resource=configmaps", "--resource-name=settings");
        await Kubectl.OkAsync("create", "rolebinding", "dev-team-settings", $"--clusterrole={role}", "--group=dev-team", "-n", dev);
        await Kubectl.OkAsync("create", "configmap", "settings", "-n", dev);
        await Kubectl.OkAsync("create", "configmap", "secret-settings", "-n", dev);
        await Kubectl.OkAsync("create", "configmap", "settings", "-n", other);

        await Poll.ForAsync(() => fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "configmap", "settings", "-n", dev), r => r.ExitCode == 0, Propagation, "alice reads settings");

        Assert.Contains("cannot get resource \"configmaps\"", (await fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "configmap", "secret-settings", "-n", dev)).Stderr);
        Assert.Contains("cannot list resource \"configmaps\"", (await fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "configmaps", "-n", dev)).Stderr);
        Assert.Contains("cannot get resource \"configmaps\"", (await fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "configmap", "settings", "-n", other)).Stderr);
        Assert.Contains("User \"bob\" cannot get resource \"configmaps\"", (await fixture.RunAsAsync(SecuredApiServer.BobToken, "get", "configmap", "settings", "-n", dev)).Stderr);

        await Kubectl.OkAsync("delete", "rolebinding", "dev-team-settings", "-n", dev);
        await Poll.ForAsync(() => fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "configmap", "settings", "-n", dev), r => r.ExitCode != 0, Propagation, "alice refused once unbound");
    }

    [Fact]
    public async Task AggregatedClusterRoles_HoldTheRulesOfTheRolesTheySelect_AndFollowThem()
    {
        var dev = await fixture.NamespaceAsync();
        await Kubectl.OkAsync("create", "rolebinding", "dev-team-view", "--clusterrole=view", "--group=dev-team", "-n", dev);

        // view is built by aggregation alone: binding it grants reading pods but not writing them.
        await Poll.ForAsync(() => fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "pods", "-n", dev), r => r.ExitCode == 0, Propagation, "alice views pods");
        Assert.Contains("cannot create resource \"configmaps\"", (await fixture.RunAsAsync(SecuredApiServer.AliceToken, "create", "configmap", "x", "-n", dev)).Stderr);

        // A role labelled to aggregate into view extends it (view itself never reads RBAC objects), and leaves it when deleted.
        var extension = $"role-viewer-{dev}";
        var readRoles = () => fixture.RunAsAsync(SecuredApiServer.AliceToken, "get", "roles", "-n", dev);
        Assert.Contains("cannot list resource \"roles\"", (await readRoles()).Stderr);
        await Kubectl.ApplyAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: {{extension}}
              labels:
                rbac.authorization.k8s.io/aggregate-to-view: "true"
            rules:
            - apiGroups: ["rbac.authorization.k8s.io"]
              resources: ["roles"]
              verbs: ["get", "list", "watch"]
            """);
        await Poll.ForAsync(readRoles, r => r.ExitCode == 0, Propagation, "view aggregates the new role");
        Assert.Contains("roles", await Kubectl.OkAsync("get", "clusterrole", "edit", "-o", "jsonpath={.rules[*].resources[*]}"));

        await Kubectl.OkAsync("delete", "clusterrole", extension);
        await Poll.ForAsync(readRoles, r => r.ExitCode != 0, Propagation, "view drops the deleted role");
    }

    [Fact]
    public async Task ClusterRoleBinding_GrantsClusterScopedResources()
    {
        var name = $"node-reader-{Guid.NewGuid():N}"[..24];
        Assert.Contains("User \"bob\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", (await fixture.RunAsAsync(SecuredApiServer.BobToken, "get", "nodes")).Stderr);
        await Kubectl.OkAsync("create", "clusterrole", name, "--verb=list", "--resource=nodes");
        await Kubectl.OkAsync("create", "clusterrolebinding", name, $"--clusterrole={name}", "--user=bob");

        await Poll.ForAsync(() => fixture.RunAsAsync(SecuredApiServer.BobToken, "get", "nodes"), r => r.ExitCode == 0, Propagation, "bob lists nodes");

        await Kubectl.OkAsync("delete", "clusterrolebinding", name);
        await Kubectl.OkAsync("delete", "clusterrole", name);
    }

    [Fact]
    public async Task DefaultClusterRolesAndBindings_AreKubes()
    {
        var roles = await Kubectl.OkAsync("get", "clusterroles", "-o", "name");
        foreach (var role in new[] { "cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user", "system:public-info-viewer", "system:kube-scheduler", "system:node" })
        {
            Assert.Contains($"clusterrole.rbac.authorization.k8s.io/{role}\n", roles);
        }
        var bindings = await Kubectl.OkAsync("get", "clusterrolebinding", "cluster-admin", "system:public-info-viewer", "-o", "jsonpath={range .items[*]}{.metadata.name}={.subjects[*].name};{end}");
        Assert.Equal("cluster-admin=system:masters;system:public-info-viewer=system:authenticated system:unauthenticated;", bindings);
        var labels = await Kubectl.OkAsync("get", "clusterrole", "cluster-admin", "-o", "jsonpath={.metadata.labels.kubernetes\\.io/bootstrapping} {.metadata.annotations.rbac\\.authorization\\.kubernetes\\.io/autoupdate}");
        Assert.Equal("rbac-defaults true", labels);
    }

    [Fact]
    public async Task InvalidRbacObjects_AreRejectedWithKubesMessages()
    {
        var ns = await fixture.NamespaceAsync();

        var role = await Kubectl.RunWithStdinAsync($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r","namespace":"{{ns}}"},
             "rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}
            """, "apply", "-f", "-");
        Assert.Contains("The Role \"r\" is invalid: rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs", role.Stderr);

        await Kubectl.OkAsync("create", "rolebinding", "b", "--clusterrole=view", "--user=bob", "-n", ns);
        var changed = await Kubectl.RunAsync("patch", "rolebinding", "b", "-n", ns, "--type=merge", "-p", """{"roleRef":{"name":"edit"}}""");
        Assert.Contains("The RoleBinding \"b\" is invalid: roleRef: Invalid value:", changed.Stderr);
        Assert.Contains("cannot change roleRef", changed.Stderr);
        Assert.Equal("view", await Kubectl.OkAsync("get", "rolebinding", "b", "-n", ns, "-o", "jsonpath={.roleRef.name}"));
    }
}
