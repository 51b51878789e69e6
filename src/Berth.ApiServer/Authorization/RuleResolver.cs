using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization.Rbac;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// The rules a user holds in a namespace, as the authorizer chain would grant them (kube's
/// RuleResolver): everything for system:masters, then what RBAC binds to the user. Feeds
/// SelfSubjectRulesReview (<c>kubectl auth can-i --list</c>) and the escalation check.
/// </summary>
public sealed class RuleResolver(RbacPolicy rbac)
{
    private static readonly PolicyRule[] Everything = [new(["*"], ["*"], ["*"]), new(["*"], NonResourceUrls: ["*"])];

    public IEnumerable<PolicyRule> RulesFor(UserInfo user, string ns) =>
        user.InGroup(UserInfo.PrivilegedGroup) ? Everything.Concat(rbac.Current.RulesFor(user, ns)) : rbac.Current.RulesFor(user, ns);

    /// <summary>The rules of the role a binding names (a Role of <paramref name="ns"/> or a ClusterRole); null when it does not exist.</summary>
    public IReadOnlyList<PolicyRule>? RoleRules(RoleRef roleRef, string ns) =>
        roleRef.Kind == RoleRef.ClusterRole ? rbac.Current.ClusterRoleRules(roleRef.Name) : rbac.Current.RoleRules(ns, roleRef.Name);
}
