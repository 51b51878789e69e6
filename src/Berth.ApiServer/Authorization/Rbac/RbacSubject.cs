using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// A subject of a binding (rbac/v1 Subject): a User, a Group, or a ServiceAccount (whose namespace
/// defaults to the RoleBinding's). <see cref="Key"/> is what <see cref="RbacSnapshot"/> indexes by:
/// a ServiceAccount is the user system:serviceaccount:NS:NAME, as kube matches it.
/// </summary>
public sealed record RbacSubject(string Kind, string Name, string Namespace = "")
{
    public const string User = "User";
    public const string Group = "Group";
    public const string ServiceAccount = "ServiceAccount";
    public const string ApiGroup = "rbac.authorization.k8s.io";

    public string Key => Kind switch
    {
        Group => GroupKey(Name),
        ServiceAccount => UserKey(ServiceAccountClaims.UserName(Namespace, Name)),
        _ => UserKey(Name),
    };

    public static string UserKey(string name) => $"u:{name}";

    public static string GroupKey(string name) => $"g:{name}";

    /// <summary>
    /// The keys a user's bindings are found under: its name and each of its groups. Kept per user object, as a
    /// ServiceAccount token's user is one object for all of its requests.
    /// </summary>
    public static IReadOnlyList<string> KeysOf(UserInfo user) =>
        Keys.GetValue(user, static u => [UserKey(u.Name), .. u.Groups.Select(GroupKey)]);

    private static readonly ConditionalWeakTable<UserInfo, string[]> Keys = [];

    public static RbacSubject FromJson(JsonNode? subject, string bindingNamespace) => new(
        subject?["kind"]?.GetValue<string>() ?? "",
        subject?["name"]?.GetValue<string>() ?? "",
        subject?["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : bindingNamespace);

    public JsonObject ToJson() => Kind == ServiceAccount
        ? new JsonObject { ["kind"] = Kind, ["name"] = Name, ["namespace"] = Namespace }
        : new JsonObject { ["apiGroup"] = ApiGroup, ["kind"] = Kind, ["name"] = Name };
}
