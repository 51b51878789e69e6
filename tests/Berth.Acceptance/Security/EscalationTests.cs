using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// RBAC escalation prevention with the real kubectl: a user who may manage Roles and bindings in a
/// namespace can grant only what it holds there, unless it has `escalate` or `bind`; refusals are
/// kube's 403 wording and store nothing.
/// </summary>
public sealed class EscalationTests(SecuredApiServer fixture) : IClassFixture<SecuredApiServer>
{
    private const string Bob = SecuredApiServer.BobToken;
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(20);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task Role_WithRulesTheUserHolds_IsCreated_AndOneWithMore_IsForbiddenAndNotStored()
    {
        var ns = await RbacManagerAsync();

        await Poll.ForAsync(() => fixture.RunAsAsync(Bob, "create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns),
            r => r.ExitCode == 0, Propagation, "bob creates a role with rules he holds");

        var secrets = await fixture.RunAsAsync(Bob, "create", "role", "secret-reader", "--verb=get,list", "--resource=secrets,pods", "-n", ns);
        Assert.Contains(
            "Error from server (Forbidden): roles.rbac.authorization.k8s.io \"secret-reader\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
            + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}",
            secrets.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "role", "secret-reader", "-n", ns)).Stderr);

        // Growing a role he made beyond his rights is refused the same way.
        var patch = await fixture.RunAsAsync(Bob, "patch", "role", "pod-reader", "-n", ns, "--type=json",
            "-p", """[{"op":"add","path":"/rules/-","value":{"apiGroups":["apps"],"resources":["deployments"],"verbs":["delete"]}}]""");
        Assert.Contains("is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"delete\"]}", patch.Stderr);
    }

    [Fact]
    public async Task Binding_ToARoleWithMoreThanTheUserHolds_IsForbidden_UnlessItMayBindIt()
    {
        var ns = await RbacManagerAsync();
        var role = $"secrets-{ns}";
        await Kubectl.OkAsync("create", "clusterrole", role, "--verb=get", "--resource=secrets");
        await Poll.ForAsync(() => fixture.RunAsAsync(Bob, "get", "pods", "-n", ns), r => r.ExitCode == 0, Propagation, "bob's rights in effect");

        var binding = await fixture.RunAsAsync(Bob, "create", "rolebinding", "me-secrets", $"--clusterrole={role}", "--user=bob", "-n", ns);
        Assert.Contains(
            "rolebindings.rbac.authorization.k8s.io \"me-secrets\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
            + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}",
            binding.Stderr);
        Assert.Contains("cannot list resource \"secrets\"", (await fixture.RunAsAsync(Bob, "get", "secrets", "-n", ns)).Stderr);
        var missing = await fixture.RunAsAsync(Bob, "create", "rolebinding", "ghost", "--clusterrole=no-such-role", "--user=bob", "-n", ns);
        Assert.Contains("clusterroles.rbac.authorization.k8s.io \"no-such-role\" not found", missing.Stderr);

        // With bind on that one ClusterRole, he may grant it (to himself too: that is what bind means).
        await Kubectl.OkAsync("create", "role", "may-bind", "--verb=bind", "--resource=clusterroles.rbac.authorization.k8s.io", $"--resource-name={role}", "-n", ns);
        await Kubectl.OkAsync("create", "rolebinding", "bob-may-bind", "--role=may-bind", "--user=bob", "-n", ns);
        await Poll.ForAsync(() => fixture.RunAsAsync(Bob, "create", "rolebinding", "me-secrets", $"--clusterrole={role}", "--user=bob", "-n", ns),
            r => r.ExitCode == 0, Propagation, "bob binds the role he may bind");
        await Poll.ForAsync(() => fixture.RunAsAsync(Bob, "auth", "can-i", "get", "secrets", "-n", ns), r => r.Stdout.Trim() == "yes", Propagation, "bob may get secrets");
        await Kubectl.OkAsync("delete", "clusterrole", role);
    }

    [Fact]
    public async Task Escalate_AllowsRolesBeyondTheUsersRights_AndAggregationNeedsIt()
    {
        var ns = await RbacManagerAsync();
        await Kubectl.OkAsync("create", "role", "may-escalate", "--verb=escalate", "--resource=roles.rbac.authorization.k8s.io", "-n", ns);
        await Kubectl.OkAsync("create", "rolebinding", "bob-may-escalate", "--role=may-escalate", "--user=bob", "-n", ns);

        await Poll.ForAsync(() => fixture.RunAsAsync(Bob, "create", "role", "secret-reader", "--verb=get", "--resource=secrets", "-n", ns),
            r => r.ExitCode == 0, Propagation, "bob creates a role he may escalate");

        // Creating ClusterRoles without escalate: an aggregationRule is refused.
        var creator = $"cr-creator-{ns}";
        await Kubectl.OkAsync("create", "clusterrole", creator, "--verb=create", "--resource=clusterroles.rbac.authorization.k8s.io");
        await Kubectl.OkAsync("create", "clusterrolebinding", creator, $"--clusterrole={creator}", "--user=bob");
        var aggregated = await Poll.ForAsync(
            () => Kubectl.RunWithStdinAsync(
                $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"agg-{{{ns}}}"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"x":"y"}}]}}""",
                "--kubeconfig", fixture.KubeconfigFor(Bob), "create", "-f", "-"),
            r => !r.Stderr.Contains("cannot create resource"), Propagation, "bob may create ClusterRoles");
        Assert.Contains($"clusterroles.rbac.authorization.k8s.io \"agg-{ns}\" is forbidden: must have cluster-admin privileges to use the aggregationRule", aggregated.Stderr);
        await Kubectl.OkAsync("delete", "clusterrolebinding", creator);
        await Kubectl.OkAsync("delete", "clusterrole", creator);
    }

    /// <summary>A namespace where bob may read pods and manage Roles and RoleBindings (kube's "rbac manager" shape).</summary>
    private async Task<string> RbacManagerAsync()
    {
        var ns = await fixture.NamespaceAsync();
        await Kubectl.OkAsync("create", "role", "rbac-manager", "--verb=get,list,create,update,patch,delete", "--resource=roles,rolebindings,pods", "-n", ns);
        await Kubectl.OkAsync("create", "rolebinding", "bob-manages-rbac", "--role=rbac-manager", "--user=bob", "-n", ns);
        return ns;
    }
}
