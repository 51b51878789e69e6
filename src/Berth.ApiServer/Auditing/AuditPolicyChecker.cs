using Berth.ApiServer.Authorization;

namespace Berth.ApiServer.Auditing;

/// <summary>What the policy says about one request: its level, the stages not written, and whether managed fields are dropped.</summary>
public readonly record struct AuditDecision(AuditLevel Level, IReadOnlySet<AuditStage> OmitStages, bool OmitManagedFields);

/// <summary>
/// Evaluates an <see cref="AuditPolicy"/> for a request's attributes, as kube's policy.Checker
/// (staging/src/k8s.io/apiserver/pkg/audit/policy/checker.go): the first matching rule wins; the user
/// is the authenticated one, before impersonation.
/// </summary>
public sealed class AuditPolicyChecker(AuditPolicy policy)
{
    private static readonly AuditDecision NotAudited = new(AuditLevel.None, new HashSet<AuditStage>(), false);

    private readonly AuditDecision[] _decisions = [.. policy.Rules.Select(r => new AuditDecision(
        r.Level, r.OmitStages.Union(policy.OmitStages).ToHashSet(), r.OmitManagedFields ?? policy.OmitManagedFields))];

    public AuditDecision Evaluate(RequestAttributes attributes)
    {
        var rules = policy.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (Matches(rules[i], attributes))
            {
                return _decisions[i];
            }
        }
        return NotAudited;
    }

    public static bool Matches(AuditRule rule, RequestAttributes attributes)
    {
        var user = attributes.User;
        if (rule.Users.Count > 0 && !rule.Users.Contains(user.Name))
        {
            return false;
        }
        if (rule.UserGroups.Count > 0 && !user.Groups.Any(rule.UserGroups.Contains))
        {
            return false;
        }
        if (rule.Verbs.Count > 0 && !rule.Verbs.Contains(attributes.Verb))
        {
            return false;
        }
        if (rule.Namespaces.Count > 0 || rule.Resources.Count > 0)
        {
            return MatchesResource(rule, attributes);
        }
        if (rule.NonResourceUrls.Count > 0)
        {
            return !attributes.IsResourceRequest && rule.NonResourceUrls.Any(url => PathMatches(attributes.Path, url));
        }
        return true;
    }

    private static bool MatchesResource(AuditRule rule, RequestAttributes a)
    {
        if (!a.IsResourceRequest || (rule.Namespaces.Count > 0 && !rule.Namespaces.Contains(a.Namespace)))
        {
            return false;
        }
        if (rule.Resources.Count == 0)
        {
            return true;
        }
        var combined = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        foreach (var group in rule.Resources)
        {
            if (group.Group != a.ApiGroup)
            {
                continue;
            }
            if (group.Resources.Count == 0)
            {
                return true;
            }
            if (group.ResourceNames.Count > 0 && !group.ResourceNames.Contains(a.Name))
            {
                continue;
            }
            foreach (var resource in group.Resources)
            {
                if (resource == combined || resource == "*"
                    || (a.Subresource.Length > 0 && resource.StartsWith("*/", StringComparison.Ordinal) && resource[2..] == a.Subresource)
                    || (resource.EndsWith("/*", StringComparison.Ordinal) && resource[..^2] == a.Resource))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool PathMatches(string path, string spec) =>
        spec == "*" || spec == path || (spec.EndsWith('*') && path.StartsWith(spec.TrimEnd('*'), StringComparison.Ordinal));
}
