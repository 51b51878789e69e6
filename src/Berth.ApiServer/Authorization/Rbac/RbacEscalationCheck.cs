using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// RBAC's escalation prevention (kube's pkg/registry/rbac/*/policybased): a user may write a
/// Role or ClusterRole only with rules it already holds where the role applies, unless it may
/// <c>escalate</c> that role; and may bind a role only if it holds all of the role's rules in the
/// binding's namespace (cluster-wide for a ClusterRoleBinding), unless it may <c>bind</c> it.
/// Aggregating ClusterRoles (aggregationRule) takes <c>escalate</c>. system:masters is exempt.
/// </summary>
public sealed class RbacEscalationCheck(RequestAuthorizer authorizer, RuleResolver rules) : IValidatingAdmissionPlugin
{
    public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Resource.Group != RbacSubject.ApiGroup || request.Target != UpdateTarget.Main || request.User.InGroup(UserInfo.PrivilegedGroup))
        {
            return ValueTask.CompletedTask;
        }
        switch (request.Resource.Name)
        {
            case "roles" or "clusterroles":
                CheckRole(request);
                break;
            case "rolebindings" or "clusterrolebindings":
                CheckBinding(request);
                break;
        }
        return ValueTask.CompletedTask;
    }

    private void CheckRole(AdmissionRequest request)
    {
        if (Allowed(request.User, "escalate", request.Resource.Name, request.Namespace, request.Name))
        {
            return;
        }
        if (request.Object["aggregationRule"] is not null)
        {
            throw Forbidden(request, "must have cluster-admin privileges to use the aggregationRule");
        }
        var wanted = request.Object["rules"] is JsonArray list ? list.Select(PolicyRule.FromJson).ToList() : [];
        ConfirmNoEscalation(request, wanted);
    }

    private void CheckBinding(AdmissionRequest request)
    {
        var roleRef = RoleRef.FromJson(request.Object["roleRef"]);
        var roleResource = roleRef.Kind == RoleRef.ClusterRole ? "clusterroles" : "roles";
        var roleNamespace = roleRef.Kind == RoleRef.ClusterRole ? "" : request.Namespace;
        // kube asks for bind in the binding's namespace, also for a ClusterRole a RoleBinding names.
        if (Allowed(request.User, "bind", roleResource, request.Namespace, roleRef.Name))
        {
            return;
        }
        var held = rules.RoleRules(roleRef, roleNamespace) ?? throw ApiException.NotFound(RbacSubject.ApiGroup, roleResource, roleRef.Name);
        ConfirmNoEscalation(request, held);
    }

    /// <summary>Every piece of <paramref name="wanted"/> must be covered by a rule the user holds where the object applies.</summary>
    private void ConfirmNoEscalation(AdmissionRequest request, IEnumerable<PolicyRule> wanted)
    {
        var owned = rules.RulesFor(request.User, request.Namespace).ToList();
        var missing = wanted.SelectMany(r => r.Breakdown()).Where(piece => !owned.Any(o => o.Covers(piece))).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var user = request.User;
        throw Forbidden(request,
            $"user {Quoted(user.Name)} (groups={QuotedList(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n"
            + string.Join("\n", Compact(missing).Select(CompactString).Distinct().Order(StringComparer.Ordinal)));
    }

    private bool Allowed(UserInfo user, string verb, string resource, string ns, string name) =>
        authorizer.Allows(new RequestAttributes(user, verb, true, "", RbacSubject.ApiGroup, "v1", ns, resource, "", name));

    private static ApiException Forbidden(AdmissionRequest request, string reason) =>
        new(403, "Forbidden", $"{request.Resource.Name}.{RbacSubject.ApiGroup} {Quoted(request.Name)} is forbidden: {reason}",
            new JsonObject { ["name"] = request.Name, ["group"] = RbacSubject.ApiGroup, ["kind"] = request.Resource.Name });

    /// <summary>Pieces of one group and resource merge their verbs, as kube's CompactRules does before printing them.</summary>
    private static IEnumerable<PolicyRule> Compact(List<PolicyRule> pieces)
    {
        var merged = new List<PolicyRule>();
        foreach (var piece in pieces)
        {
            var simple = piece.ResourceNames is not { Count: > 0 } && piece.NonResourceUrls is not { Count: > 0 };
            var index = simple ? merged.FindIndex(m => m.ResourceNames is not { Count: > 0 } && m.NonResourceUrls is not { Count: > 0 }
                && m.ApiGroups!.SequenceEqual(piece.ApiGroups!) && m.Resources!.SequenceEqual(piece.Resources!)) : -1;
            if (index >= 0)
            {
                merged[index] = merged[index] with { Verbs = [.. merged[index].Verbs, .. piece.Verbs] };
            }
            else
            {
                merged.Add(piece);
            }
        }
        return merged;
    }

    /// <summary>kube's rbacv1helpers.CompactString: <c>{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}</c>.</summary>
    private static string CompactString(PolicyRule rule)
    {
        var parts = new List<string>();
        void Add(string name, IReadOnlyList<string>? values)
        {
            if (values is { Count: > 0 })
            {
                parts.Add($"{name}:{QuotedList(values)}");
            }
        }
        Add("APIGroups", rule.ApiGroups);
        Add("Resources", rule.Resources);
        Add("NonResourceURLs", rule.NonResourceUrls);
        Add("ResourceNames", rule.ResourceNames);
        Add("Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's %q of a []string: <c>["a" "b"]</c>.</summary>
    private static string QuotedList(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(Quoted)) + "]";

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
