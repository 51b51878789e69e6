using System.Text.Json.Nodes;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>The role a binding grants (rbac/v1 RoleRef): a ClusterRole, or a Role of the binding's namespace.</summary>
public sealed record RoleRef(string Kind, string Name)
{
    public const string ClusterRole = "ClusterRole";
    public const string Role = "Role";

    public static RoleRef FromJson(JsonNode? roleRef) =>
        new(roleRef?["kind"]?.GetValue<string>() ?? "", roleRef?["name"]?.GetValue<string>() ?? "");

    public JsonObject ToJson() => new() { ["apiGroup"] = RbacSubject.ApiGroup, ["kind"] = Kind, ["name"] = Name };
}
