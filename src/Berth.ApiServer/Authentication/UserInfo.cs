namespace Berth.ApiServer.Authentication;

/// <summary>
/// Who a request comes from, as kube's user.Info: a name, a uid, groups (RBAC subjects) and extra
/// attributes (a ServiceAccount token's pod). Authenticators add <c>system:authenticated</c>.
/// </summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string AllAuthenticated = "system:authenticated";
    public const string AllUnauthenticated = "system:unauthenticated";
    public const string Anonymous = "system:anonymous";
    public const string PrivilegedGroup = "system:masters";

    /// <summary>The user of a request that presented no credentials.</summary>
    public static UserInfo AnonymousUser { get; } = new(Anonymous, "", [AllUnauthenticated], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>An authenticated user: its groups plus <c>system:authenticated</c>.</summary>
    public static UserInfo Authenticated(string name, string uid, IEnumerable<string> groups, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null) =>
        new(name, uid, [.. groups.Where(g => g != AllAuthenticated), AllAuthenticated], extra ?? new Dictionary<string, IReadOnlyList<string>>());

    public bool InGroup(string group) => Groups.Contains(group);
}
