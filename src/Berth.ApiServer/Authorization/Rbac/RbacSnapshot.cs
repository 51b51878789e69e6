using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// The RBAC objects at one moment, parsed and indexed for authorization: roles by name, bindings by
/// the subject they name, so a decision reads only the bindings of the user's name and groups
/// (the inputs are cached, never the decisions). Immutable; <see cref="RbacPolicy"/> swaps in a new one.
/// </summary>
public sealed class RbacSnapshot
{
    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _clusterRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>> _roles = [];
    private readonly Dictionary<string, List<string>> _clusterBindings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Subject), List<RoleRef>> _roleBindings = [];

    public static RbacSnapshot Empty { get; } = new();

    public static RbacSnapshot Build(
        IEnumerable<JsonObject> clusterRoles, IEnumerable<JsonObject> roles, IEnumerable<JsonObject> clusterRoleBindings, IEnumerable<JsonObject> roleBindings)
    {
        var snapshot = new RbacSnapshot();
        foreach (var role in clusterRoles)
        {
            snapshot._clusterRoles[ObjectMetadata.Name(role)] = Rules(role);
        }
        foreach (var role in roles)
        {
            snapshot._roles[(ObjectMetadata.Namespace(role) ?? "", ObjectMetadata.Name(role))] = Rules(role);
        }
        foreach (var binding in clusterRoleBindings)
        {
            var roleRef = RoleRef.FromJson(binding["roleRef"]);
            if (roleRef.Kind != RoleRef.ClusterRole)
            {
                continue;
            }
            foreach (var subject in Subjects(binding, ""))
            {
                Add(snapshot._clusterBindings, subject.Key, roleRef.Name);
            }
        }
        foreach (var binding in roleBindings)
        {
            var ns = ObjectMetadata.Namespace(binding) ?? "";
            var roleRef = RoleRef.FromJson(binding["roleRef"]);
            foreach (var subject in Subjects(binding, ns))
            {
                Add(snapshot._roleBindings, (ns, subject.Key), roleRef);
            }
        }
        return snapshot;
    }

    /// <summary>
    /// The rules the user holds in <paramref name="ns"/> ("" = cluster-wide only): those of the
    /// ClusterRoles bound to it cluster-wide, then those of the roles bound in the namespace.
    /// Bindings to roles that do not exist grant nothing.
    /// </summary>
    public IReadOnlyList<PolicyRule> RulesFor(UserInfo user, string ns)
    {
        List<PolicyRule> held = [];
        FirstRoleWhere(user, ns, held, static (rules, held) =>
        {
            held.AddRange(rules);
            return false;
        });
        return held;
    }

    /// <summary>Whether a rule the user holds allows the request (every request asks: no iterator, no list).</summary>
    public bool Allows(RequestAttributes attributes) =>
        FirstRoleWhere(attributes.User, attributes.Namespace, attributes, static (rules, attributes) =>
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Allows(attributes))
                {
                    return true;
                }
            }
            return false;
        });

    /// <summary>
    /// Visits the rules of each role bound to the user, in <see cref="RulesFor"/>'s order, until
    /// <paramref name="found"/> says true; whether it did.
    /// </summary>
    private bool FirstRoleWhere<TState>(UserInfo user, string ns, TState state, Func<IReadOnlyList<PolicyRule>, TState, bool> found)
    {
        var keys = RbacSubject.KeysOf(user);
        foreach (var key in keys)
        {
            if (_clusterBindings.TryGetValue(key, out var names))
            {
                foreach (var name in names)
                {
                    if (ClusterRoleRules(name) is { } rules && found(rules, state))
                    {
                        return true;
                    }
                }
            }
        }
        if (ns.Length == 0)
        {
            return false;
        }
        foreach (var key in keys)
        {
            if (_roleBindings.TryGetValue((ns, key), out var refs))
            {
                foreach (var roleRef in refs)
                {
                    var rules = roleRef.Kind == RoleRef.ClusterRole ? ClusterRoleRules(roleRef.Name) : RoleRules(ns, roleRef.Name);
                    if (rules is not null && found(rules, state))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>The rules of a ClusterRole, or null when there is no such role.</summary>
    public IReadOnlyList<PolicyRule>? ClusterRoleRules(string name) => _clusterRoles.GetValueOrDefault(name);

    /// <summary>The rules of a namespace's Role, or null when there is no such role.</summary>
    public IReadOnlyList<PolicyRule>? RoleRules(string ns, string name) => _roles.GetValueOrDefault((ns, name));

    private static IReadOnlyList<PolicyRule> Rules(JsonObject role) =>
        role["rules"] is JsonArray rules ? [.. rules.Select(PolicyRule.FromJson)] : [];

    private static IEnumerable<RbacSubject> Subjects(JsonObject binding, string ns) =>
        binding["subjects"] is JsonArray subjects ? subjects.Select(s => RbacSubject.FromJson(s, ns)) : [];

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }
        list.Add(value);
    }
}
