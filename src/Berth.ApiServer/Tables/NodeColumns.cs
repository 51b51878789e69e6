using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>The STATUS, ROLES and address cells of a node, as kubectl's printNode computes them.</summary>
internal static class NodeColumns
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public static string Status(JsonObject node)
    {
        var ready = node.Objects("status", "conditions").FirstOrDefault(c => c.Str("type") == "Ready");
        // kubectl's printNode: anything but True (False or Unknown) is NotReady; no Ready condition at all is Unknown.
        var status = ready is null ? "Unknown" : ready.Str("status") == "True" ? "Ready" : "NotReady";
        return node.Bool("spec", "unschedulable") ? status + ",SchedulingDisabled" : status;
    }

    public static string Roles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.StringMap("metadata", "labels"))
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.Count == 0 ? Selectors.None : string.Join(",", roles);
    }

    public static string Address(JsonObject node, string type) =>
        node.Objects("status", "addresses").FirstOrDefault(a => a.Str("type") == type)?.Str("address") ?? Selectors.None;
}
